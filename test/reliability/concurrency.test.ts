// Concurrency over real HTTP: bounded parallel clients create resources, create DNS records and
// smart-assign IPv4 and IPv6 blocks at once. Afterwards every acknowledged write is present exactly
// once, no two writes got the same name or address, no two assigned blocks overlap, and the
// instance's invariants hold.
import t from 'tap'
import { authAs, buildTestApp } from '../helpers/app.js'

const clients = Number(process.env.CONCURRENCY_CLIENTS ?? 8)
const perClient = Number(process.env.CONCURRENCY_REQUESTS ?? 25)

type Kind = 'resource' | 'record' | 'ipv4' | 'ipv6'
const kinds: Kind[] = ['resource', 'record', 'ipv4', 'ipv6']

interface Ack { kind: Kind, id: string, key: string, range?: [bigint, bigint] }

t.test('parallel creates and smart assigns', async (t) => {
  const app = await buildTestApp(t)
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const headers = { ...authAs('admin'), 'content-type': 'application/json' }
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> => {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
  }

  const acks: Ack[] = []
  const failures: string[] = []
  const client = async (c: number): Promise<void> => {
    for (let i = 0; i < perClient; i++) {
      const kind = kinds[(c + i) % kinds.length]
      let res: { status: number, body: any }
      if (kind === 'resource') {
        const name = `conc-${c}-${i}`
        res = await call('POST', '/api/v2/resources', { name, type: 'entry', parent_id: 4 })
        if (res.status === 201 || res.status === 200) acks.push({ kind, id: String(res.body.id), key: name })
      } else if (kind === 'record') {
        const host = `c${c}-${i}.example.com.`
        res = await call('POST', '/api/v2/dns/zones/310/records', {
          record_type: 'A',
          record_host: host,
          record_value: `198.18.${c % 256}.${i % 256}`
        })
        if (res.status === 201 || res.status === 200) acks.push({ kind, id: String(res.body.id), key: host })
      } else {
        res = await call('PUT', '/api/v2/ipam/netblocks/smart_assign', {
          resource_id: 4,
          type: kind,
          mask: kind === 'ipv4' ? 28 : 64
        })
        if (res.status === 201 || res.status === 200) {
          acks.push({
            kind,
            id: String(res.body.id),
            key: String(res.body.cidr),
            range: [BigInt(res.body.address), BigInt(res.body.end_address)]
          })
        }
      }
      if (res.status >= 300) failures.push(`${kind} ${c}/${i}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)))

  t.same(failures, [], 'every request was acknowledged')
  t.equal(acks.length, clients * perClient, `${acks.length} writes acknowledged`)

  for (const kind of kinds) {
    const mine = acks.filter((a) => a.kind === kind)
    t.equal(new Set(mine.map((a) => a.id)).size, mine.length, `${kind}: no id given twice`)
    t.equal(new Set(mine.map((a) => a.key)).size, mine.length, `${kind}: no name or address given twice`)
  }

  // Resources: each present once, under its name.
  const resources = (await call('GET', '/api/v2/resources?limit=100000')).body as Array<{ id: string, name: string }>
  for (const ack of acks.filter((a) => a.kind === 'resource')) {
    const found = resources.filter((r) => r.name === ack.key)
    t.equal(found.length, 1, `resource ${ack.key} present once`)
    t.equal(found[0]?.id, ack.id, `resource ${ack.key} keeps its id`)
  }

  // Records: each present once in the zone.
  const records = (await call('GET', '/api/v2/dns/zones/310/records'))
    .body as Array<{ id: string, record_host: string }>
  for (const ack of acks.filter((a) => a.kind === 'record')) {
    const found = records.filter((r) => r.record_host === ack.key)
    t.equal(found.length, 1, `record ${ack.key} present once`)
    t.equal(found[0]?.id, ack.id, `record ${ack.key} keeps its id`)
  }

  // Blocks: each present, assigned to 4, and no two acknowledged blocks of a family overlap.
  for (const ack of acks.filter((a) => a.kind === 'ipv4' || a.kind === 'ipv6')) {
    const res = await call('GET', `/api/v2/ipam/netblocks/${ack.key}`)
    t.equal(res.status, 200, `block ${ack.key} present`)
    t.equal(String(res.body.resource_id), '4', `block ${ack.key} assigned to 4`)
  }
  for (const kind of ['ipv4', 'ipv6'] as const) {
    const blocks = acks.filter((a) => a.kind === kind).sort((a, b) => a.range![0] < b.range![0] ? -1 : 1)
    const overlaps: string[] = []
    for (let i = 1; i < blocks.length; i++) {
      if (blocks[i].range![0] <= blocks[i - 1].range![1]) overlaps.push(`${blocks[i - 1].key} and ${blocks[i].key}`)
    }
    t.same(overlaps, [], `${kind}: no overlapping assigned blocks`)
  }
  // Nor does any of them overlap a block that was assigned before (the fixtures' assignments).
  const all = (await call('GET', '/api/v2/ipam/netblocks?limit=100000')).body as Array<{
    cidr: string, type: string, assigned: boolean, address: string, end_address: string
  }>
  const ackedCidrs = new Set(acks.map((a) => a.key))
  const others = all.filter((b) => b.assigned && !ackedCidrs.has(b.cidr))
  t.ok(others.length > 0, 'the fixtures hold other assigned blocks')
  const clashes: string[] = []
  for (const ack of acks.filter((a) => a.range !== undefined)) {
    for (const other of others.filter((b) => b.type === ack.kind)) {
      if (
        BigInt(other.address) <= ack.range![1] && ack.range![0] <= BigInt(other.end_address)
      ) clashes.push(`${ack.key} overlaps ${other.cidr}`)
    }
  }
  t.same(clashes, [], 'no new block overlaps an earlier assignment')

  const invariants = await call('GET', '/_mock/invariants')
  t.equal(invariants.status, 200)
  t.same(invariants.body.violations, [], 'invariants hold')
})
