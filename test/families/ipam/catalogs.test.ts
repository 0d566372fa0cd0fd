import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'
import { assertNetblock } from '../../helpers/netblock-shape.js'

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

    t.test('lists the seeded rows as a bare array', async (t) => {
      const res = await app.inject({ method: 'GET', url: base, headers: authAs('readonly') })
      t.equal(res.statusCode, 200)
      t.ok(Array.isArray(json(res)))
      t.ok(json(res).length > 0)
      for (const row of json(res)) t.type(row.id, 'number')
    })

    t.test('creates, reads, changes and deletes a row', async (t) => {
      const created = await app.inject({ method: 'POST', url: base, headers: authAs('admin'), payload: catalog.create })
      t.equal(created.statusCode, 200)
      const id = json(created).id as number
      const read = await app.inject({ method: 'GET', url: `${base}/${id}`, headers: authAs('admin') })
      t.equal(read.statusCode, 200)
      const patched = await app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: authAs('admin'), payload: catalog.patch })
      t.equal(patched.statusCode, 200)
      for (const [key, value] of Object.entries(catalog.patch)) {
        if (key === 'positions') t.same(json(patched).positions, ['-1', '1', '2'])
        else t.equal(json(patched)[key], value)
      }
      const deleted = await app.inject({ method: 'DELETE', url: `${base}/${id}`, headers: authAs('admin') })
      t.equal(deleted.statusCode, 204)
      const gone = await app.inject({ method: 'GET', url: `${base}/${id}`, headers: authAs('admin') })
      t.equal(gone.statusCode, 404)
    })

    t.test('writes need IPAM rights at the top level', async (t) => {
      const res = await app.inject({ method: 'POST', url: base, headers: authAs('readonly'), payload: catalog.create })
      t.equal(res.statusCode, 403)
    })
  })
}

t.test('POST /api/v2/ipam/tags', async (t) => {
  const app = await buildTestApp(t)

  t.test('refuses duplicate names with 409', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/ipam/tags', headers: authAs('admin'), payload: { name: 'lab' } })
    t.equal(res.statusCode, 409)
  })

  t.test('rule positions must be numbers', async (t) => {
    const res = await app.inject({
      method: 'POST', url: '/api/v2/ipam/rules', headers: authAs('admin'), payload: { name: 'x', positions: 'a' }
    })
    t.equal(res.statusCode, 400)
    t.equal(json(res).field, 'positions')
  })
})

t.test('GET /api/v2/ipam/aggregates', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists the top-level aggregates of several RIRs, IPv4 and IPv6', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/api/v2/ipam/aggregates', headers: authAs('admin') })
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
    const created = await app.inject({
      method: 'POST', url: '/api/v2/ipam/aggregates', headers: authAs('admin'),
      payload: { cidr: '2001:db9::/32', rir: 'LACNIC', sparse_scheme: 'center' }
    })
    t.equal(created.statusCode, 200)
    const id = json(created).id as number
    const patched = await app.inject({
      method: 'PATCH', url: `/api/v2/ipam/aggregates/${id}`, headers: authAs('admin'), payload: { sparse_scheme: 'rightmost' }
    })
    t.equal(json(patched).sparse_scheme, 'rightmost')
    const bad = await app.inject({
      method: 'PATCH', url: `/api/v2/ipam/aggregates/${id}`, headers: authAs('admin'), payload: { sparse_scheme: 'middle' }
    })
    t.equal(bad.statusCode, 400)
    const one = await app.inject({ method: 'GET', url: `/api/v2/ipam/aggregates/${id}`, headers: authAs('admin') })
    t.equal(json(one).cidr, '2001:db9::/32')
    const deleted = await app.inject({ method: 'DELETE', url: `/api/v2/ipam/aggregates/${id}`, headers: authAs('admin') })
    t.equal(deleted.statusCode, 204)
  })

  t.test('inner blocks are not aggregates', async (t) => {
    const inner = json(await app.inject({ method: 'GET', url: '/api/v2/ipam/netblocks/10.1.0.0/24', headers: authAs('admin') }))
    const res = await app.inject({ method: 'GET', url: `/api/v2/ipam/aggregates/${inner.id as number}`, headers: authAs('admin') })
    t.equal(res.statusCode, 404)
  })
})

t.test('PUT /api/v2/ipam/netblocks/{id}/swip', async (t) => {
  const app = await buildTestApp(t)
  const block = async (cidr: string): Promise<{ id: number }> =>
    json(await app.inject({ method: 'GET', url: `/api/v2/ipam/netblocks/${cidr}`, headers: authAs('admin') }))

  t.test('runs as a job and marks the block swipped', async (t) => {
    const { id } = await block('10.1.0.0/24')
    const res = await app.inject({
      method: 'PUT', url: `/api/v2/ipam/netblocks/${id}/swip`, headers: authAs('scoped'), payload: { net_handle: 'NET-1' }
    })
    t.equal(res.statusCode, 200)
    const { pid } = json(res)
    t.type(pid, 'string')
    const after = json(await app.inject({ method: 'GET', url: `/api/v2/ipam/netblocks/${id}`, headers: authAs('admin') }))
    t.equal(after.swipped, true)
    t.equal(after.net_handle, 'NET-1')
    t.not(after.swip_time, '')
    const running = json(await app.inject({ method: 'GET', url: `/api/v2/ipam/netblocks/${id}/swip_status?pid=${pid as string}`, headers: authAs('admin') }))
    t.equal(running.at(-1).state, 'running')
    for (const value of Object.values(running[0])) t.type(value, 'string')
    app.instances.get('default').clock.advance(5000)
    const done = json(await app.inject({ method: 'GET', url: `/api/v2/ipam/netblocks/${id}/swip_status?pid=${pid as string}`, headers: authAs('admin') }))
    t.equal(done.at(-1).state, 'finished')
  })

  t.test('needs the SWIP flag and an assigned block', async (t) => {
    const foreign = await block('10.2.5.0/24')
    const denied = await app.inject({ method: 'PUT', url: `/api/v2/ipam/netblocks/${foreign.id}/swip`, headers: authAs('scoped'), payload: {} })
    t.equal(denied.statusCode, 403)
    const reader = await app.inject({ method: 'PUT', url: `/api/v2/ipam/netblocks/${foreign.id}/swip`, headers: authAs('readonly'), payload: {} })
    t.equal(reader.statusCode, 403)
    const free = await block('192.0.2.0/24')
    const conflict = await app.inject({ method: 'PUT', url: `/api/v2/ipam/netblocks/${free.id}/swip`, headers: authAs('admin'), payload: {} })
    t.equal(conflict.statusCode, 409)
    const unknownJob = await app.inject({ method: 'GET', url: `/api/v2/ipam/netblocks/${free.id}/swip_status?pid=1`, headers: authAs('admin') })
    t.equal(unknownJob.statusCode, 404)
  })
})

t.test('GET /api/v2/ipam/holding_tank', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists the seeded held block with its release time', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/api/v2/ipam/holding_tank', headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    const [held] = json(res)
    assertNetblock(t, held)
    t.equal(held.cidr, '172.16.5.0/24')
    t.match(held.holding_release_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  t.test('the scheduler task releases expired blocks on the instance clock', async (t) => {
    const task = app.tasks.get('process_holding_tank')
    t.ok(task)
    const outcome = await task!.run(app.instances.get('default'), {})
    t.equal(outcome.state, 'finished')
    t.match(outcome.message, /^1 block/)
    const after = json(await app.inject({ method: 'GET', url: '/api/v2/ipam/holding_tank', headers: authAs('admin') }))
    t.same(after, [])
  })

  t.test('processing needs update rights', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/ipam/holding_tank/process', headers: authAs('readonly'), payload: {} })
    t.equal(res.statusCode, 403)
  })
})
