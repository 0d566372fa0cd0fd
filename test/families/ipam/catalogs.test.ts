import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertNetblock, sender } from '../../helpers/ipam.js'

const catalogs = [
  { path: 'regions', create: { code: 'AP', name: 'Asia Pacific' }, patch: { address: 'Singapore' } },
  { path: 'tags', create: { name: 'staging' }, patch: { sort_order: 9 } },
  { path: 'vlan_domains', create: { name: 'Campus' }, patch: { description: 'offices' } },
  { path: 'vlans', create: { domain_id: 1, vlan: 300, name: 'voice' }, patch: { name: 'phones' } },
  { path: 'lirs', create: { name: 'APNIC LIR', rir: 'APNIC' }, patch: { org_handle: 'ORG-AP' } },
  { path: 'rules', create: { name: 'edges', positions: ['1', '0'] }, patch: { positions: '1,2,-1' } }
]

for (const catalog of catalogs) {
  const base = `/api/v2/ipam/${catalog.path}`
  t.test(`GET ${base}`, async (t) => {
    const app = await buildTestApp(t)
    const send = sender(app)

    t.test('lists the seeded rows as a bare array', async (t) => {
      const res = await send('GET', base, 'readonly')
      t.equal(res.statusCode, 200)
      t.ok(Array.isArray(json(res)))
      t.ok(json(res).length > 0)
      for (const row of json(res)) t.type(row.id, 'number')
    })

    t.test('creates, reads, changes and deletes a row', async (t) => {
      const created = await send('POST', base, 'admin', catalog.create)
      t.equal(created.statusCode, 200)
      const id = json(created).id as number
      const read = await send('GET', `${base}/${id}`, 'admin')
      t.equal(read.statusCode, 200)
      const patched = await send('PATCH', `${base}/${id}`, 'admin', catalog.patch)
      t.equal(patched.statusCode, 200)
      for (const [key, value] of Object.entries(catalog.patch)) {
        if (key === 'positions') t.same(json(patched).positions, ['-1', '1', '2'])
        else t.equal(json(patched)[key], value)
      }
      const deleted = await send('DELETE', `${base}/${id}`, 'admin')
      t.equal(deleted.statusCode, 204)
      const gone = await send('GET', `${base}/${id}`, 'admin')
      t.equal(gone.statusCode, 404)
    })

    t.test('writes need IPAM rights at the top level', async (t) => {
      const res = await send('POST', base, 'readonly', catalog.create)
      t.equal(res.statusCode, 403)
    })
  })
}

t.test('POST /api/v2/ipam/tags', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('refuses duplicate names with 409', async (t) => {
    const res = await send('POST', '/api/v2/ipam/tags', 'admin', { name: 'lab' })
    t.equal(res.statusCode, 409)
  })

  t.test('rule positions must be numbers', async (t) => {
    const res = await send('POST', '/api/v2/ipam/rules', 'admin', { name: 'x', positions: 'a' })
    t.equal(res.statusCode, 400)
    t.equal(json(res).field, 'positions')
  })
})

t.test('GET /api/v2/ipam/aggregates', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('lists the top-level aggregates of several RIRs, IPv4 and IPv6', async (t) => {
    const res = await send('GET', '/api/v2/ipam/aggregates', 'admin')
    t.equal(res.statusCode, 200)
    const body = json(res)
    for (const row of body) {
      assertNetblock(t, row)
      t.equal(row.parent, null)
    }
    const rirs = new Set(body.map((row: { rir: string }) => row.rir))
    for (const rir of ['1918', 'ARIN', 'RIPE', 'APNIC']) t.ok(rirs.has(rir), rir)
    t.ok(body.some((row: { type: string }) => row.type === 'ipv6'))
  })

  t.test('creates, changes and deletes an aggregate', async (t) => {
    const created = await send('POST', '/api/v2/ipam/aggregates', 'admin',
      { cidr: '2001:db9::/32', rir: 'LACNIC', sparse_scheme: 'center' })
    t.equal(created.statusCode, 200)
    const id = json(created).id as number
    const patched = await send('PATCH', `/api/v2/ipam/aggregates/${id}`, 'admin', { sparse_scheme: 'rightmost' })
    t.equal(json(patched).sparse_scheme, 'rightmost')
    const bad = await send('PATCH', `/api/v2/ipam/aggregates/${id}`, 'admin', { sparse_scheme: 'middle' })
    t.equal(bad.statusCode, 400)
    const one = await send('GET', `/api/v2/ipam/aggregates/${id}`, 'admin')
    t.equal(json(one).cidr, '2001:db9::/32')
    const deleted = await send('DELETE', `/api/v2/ipam/aggregates/${id}`, 'admin')
    t.equal(deleted.statusCode, 204)
  })

  t.test('inner blocks are not aggregates', async (t) => {
    const inner = json(await send('GET', '/api/v2/ipam/netblocks/10.1.0.0/24', 'admin'))
    const res = await send('GET', `/api/v2/ipam/aggregates/${inner.id as number}`, 'admin')
    t.equal(res.statusCode, 404)
  })
})

t.test('PUT /api/v2/ipam/netblocks/{id}/swip', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)
  const block = async (cidr: string): Promise<{ id: number }> =>
    json(await send('GET', `/api/v2/ipam/netblocks/${cidr}`, 'admin'))

  t.test('runs as a job and marks the block swipped', async (t) => {
    const { id } = await block('10.1.0.0/24')
    const res = await send('PUT', `/api/v2/ipam/netblocks/${id}/swip`, 'scoped', { net_handle: 'NET-1' })
    t.equal(res.statusCode, 200)
    const { pid } = json(res)
    t.type(pid, 'string')
    const after = json(await send('GET', `/api/v2/ipam/netblocks/${id}`, 'admin'))
    t.equal(after.swipped, true)
    t.equal(after.net_handle, 'NET-1')
    t.not(after.swip_time, '')
    const running = json(await send('GET', `/api/v2/ipam/netblocks/${id}/swip_status?pid=${pid as string}`, 'admin'))
    t.equal(running.at(-1).state, 'running')
    for (const value of Object.values(running[0])) t.type(value, 'string')
    app.instances.get('default').clock.advance(5000)
    const done = json(await send('GET', `/api/v2/ipam/netblocks/${id}/swip_status?pid=${pid as string}`, 'admin'))
    t.equal(done.at(-1).state, 'finished')
  })

  t.test('needs the SWIP flag and an assigned block', async (t) => {
    const foreign = await block('10.2.5.0/24')
    const denied = await send('PUT', `/api/v2/ipam/netblocks/${foreign.id}/swip`, 'scoped', {})
    t.equal(denied.statusCode, 403)
    const reader = await send('PUT', `/api/v2/ipam/netblocks/${foreign.id}/swip`, 'readonly', {})
    t.equal(reader.statusCode, 403)
    const free = await block('192.0.2.0/24')
    const conflict = await send('PUT', `/api/v2/ipam/netblocks/${free.id}/swip`, 'admin', {})
    t.equal(conflict.statusCode, 409)
    const unknownJob = await send('GET', `/api/v2/ipam/netblocks/${free.id}/swip_status?pid=1`, 'admin')
    t.equal(unknownJob.statusCode, 404)
  })
})

t.test('GET /api/v2/ipam/holding_tank', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('lists the seeded held block with its release time', async (t) => {
    const res = await send('GET', '/api/v2/ipam/holding_tank', 'admin')
    t.equal(res.statusCode, 200)
    const [held] = json(res)
    assertNetblock(t, held)
    t.equal(held.cidr, '172.16.5.0/24')
    t.match(held.holding_release_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  t.test('the scheduler task releases expired blocks on the instance clock', async (t) => {
    const task = app.tasks.get('process_holding_tank')
    t.ok(task)
    const callApi = async (): Promise<never> => { throw new Error('not used') }
    const outcome = await task!.run(app.instances.get('default'), {}, { userId: 1, callApi })
    t.equal(outcome.state, 'finished')
    t.match(outcome.message, /^1 block/)
    const after = json(await send('GET', '/api/v2/ipam/holding_tank', 'admin'))
    t.same(after, [])
  })

  t.test('processing needs update rights', async (t) => {
    const res = await send('POST', '/api/v2/ipam/holding_tank/process', 'readonly', {})
    t.equal(res.statusCode, 403)
  })
})
