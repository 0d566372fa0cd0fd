import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'
import { assertNetblock, sender } from '../../helpers/ipam.js'

const smart = '/api/v2/ipam/netblocks/smart_assign'

t.test('PUT /api/v2/ipam/netblocks/smart_assign', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('assigns one block as the Go client asks (string resource_id)', async (t) => {
    const res = await send('PUT', smart, 'admin', { resource_id: '4', type: 'ipv4', rir: 'ARIN', mask: 28 })
    t.equal(res.statusCode, 200)
    const body = json(res)
    assertNetblock(t, body)
    t.equal(body.mask, 28)
    t.equal(body.resource_id, 4)
    t.equal(body.rir, 'ARIN')
    t.equal(body.assigned, true)
    t.match(body.cidr, /^198\.(18|19|51)\./)
  })

  t.test('takes TS-style numbers, quoted tags and tags_mode', async (t) => {
    const res = await send('PUT', smart, 'admin',
      { resource_id: 3, type: 'ipv6', rir: 'RIPE', mask: 64, tags: '"production"', tags_mode: 'strict', meta2: 'ts' })
    t.equal(res.statusCode, 200)
    t.equal(json(res).meta2, 'ts')
    t.match(json(res).cidr, /^2001:db8:[4-7]/)
  })

  t.test('answers exactly the vendor 404 body when nothing fits', async (t) => {
    const res = await send('PUT', smart, 'admin', { resource_id: '4', type: 'ipv4', rir: 'APNIC', mask: 23 })
    t.equal(res.statusCode, 404)
    t.equal(json(res).message, 'No suitable blocks found for mask size /23')
  })

  t.test('400 on missing or wrong fields, 404 on unknown resources, 403 outside the caller\'s resources', async (t) => {
    const missing = await send('PUT', smart, 'admin', { type: 'ipv4', mask: 24 })
    t.equal(missing.statusCode, 400)
    const badType = await send('PUT', smart, 'admin', { resource_id: 2, type: 'ipv5', mask: 24 })
    t.equal(badType.statusCode, 400)
    t.equal(json(badType).field, 'type')
    const jsonHeaders = { ...authAs('admin'), 'content-type': 'application/json' }
    const empty = await app.inject({ method: 'PUT', url: smart, headers: jsonHeaders })
    t.equal(empty.statusCode, 400)
    const unknown = await send('PUT', smart, 'admin', { resource_id: 77, type: 'ipv4', mask: 24 })
    t.equal(unknown.statusCode, 404)
    const foreign = await send('PUT', smart, 'scoped', { resource_id: 6, type: 'ipv4', mask: 24 })
    t.equal(foreign.statusCode, 403)
    const own = await send('PUT', smart, 'scoped', { resource_id: 5, type: 'ipv4', mask: 24, rir: '1918' })
    t.equal(own.statusCode, 200)
  })

  t.test('sub-assigns from a resource\'s space with assigned_resource_id', async (t) => {
    const res = await send('PUT', smart, 'admin', { resource_id: 6, type: 'ipv4', mask: 24, assigned_resource_id: 3 })
    t.equal(res.statusCode, 200)
    t.match(json(res).cidr, /^10\.2\./)
  })
})

t.test('PUT /api/v2/ipam/netblocks/{cidr}/direct_assign', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('assigns a raw-path CIDR and answers an array', async (t) => {
    const res = await send('PUT', '/api/v2/ipam/netblocks/10.1.2.0/24/direct_assign', 'admin',
      { resource_id: '4', tags: '"web","prod"', meta1: 'a' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.ok(Array.isArray(body))
    t.equal(body.length, 1)
    assertNetblock(t, body[0])
    t.equal(body[0].cidr, '10.1.2.0/24')
    t.same(body[0].tags.sort(), ['prod', 'web'])
  })

  t.test('accepts the URL-encoded form and IPv6', async (t) => {
    const encoded = await send('PUT', '/api/v2/ipam/netblocks/10.1.3.0%2F24/direct_assign', 'admin', { resource_id: 2 })
    t.equal(json(encoded)[0].cidr, '10.1.3.0/24')
    const v6 = await send('PUT', '/api/v2/ipam/netblocks/2001:db8:1::/48/direct_assign', 'admin', { resource_id: 2 })
    t.equal(v6.statusCode, 200)
    t.equal(json(v6)[0].cidr, '2001:db8:1::/48')
  })

  t.test('409 on overlap with assigned space, 422 outside aggregates, 400 on bad CIDRs', async (t) => {
    const overlap = await send('PUT', '/api/v2/ipam/netblocks/10.1.0.0/16/direct_assign', 'admin', { resource_id: 3 })
    t.equal(overlap.statusCode, 409)
    t.match(json(overlap).message, /overlaps assigned block 10\.1\.0\.0\/24/)
    const outside = await send('PUT', '/api/v2/ipam/netblocks/8.8.8.0/24/direct_assign', 'admin', { resource_id: 3 })
    t.equal(outside.statusCode, 422)
    const bad = await send('PUT', '/api/v2/ipam/netblocks/10.1.9.1/24/direct_assign', 'admin', { resource_id: 3 })
    t.equal(bad.statusCode, 400)
  })
})

t.test('PUT /api/v2/ipam/netblocks/{id}/unassign', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('sends a block to the Holding Tank, which releases it on the clock', async (t) => {
    const block = json(await send('GET', '/api/v2/ipam/netblocks/10.1.1.0/24', 'admin'))
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v2/ipam/netblocks/${block.id as number}/unassign`,
      headers: { ...authAs('admin'), 'content-type': 'application/json' }
    })
    t.equal(res.statusCode, 200)
    const held = json(res)
    assertNetblock(t, held)
    t.equal(held.resource_name, 'Holding Tank')
    t.equal(held.assigned, false)
    t.equal(held.status, 'holding')
    const tank = json(await send('GET', '/api/v2/ipam/holding_tank', 'admin'))
    t.ok(tank.some((row: { id: number }) => row.id === block.id))
    const early = json(await send('POST', '/api/v2/ipam/holding_tank/process', 'admin', {}))
    t.notOk(early.released.includes('10.1.1.0/24'))
    app.instances.get('default').clock.advance(31 * 86_400_000)
    const late = await send('POST', '/api/v2/ipam/holding_tank/process', 'admin')
    t.equal(late.statusCode, 200)
    t.ok(json(late).released.includes('10.1.1.0/24'))
    t.type(json(late).count, 'number')
  })

  t.test('skip_holding returns the space at once and merges', async (t) => {
    const res = await send('PUT', '/api/v2/ipam/netblocks/192.168.10.0/24/unassign', 'admin', { skip_holding: true })
    t.equal(res.statusCode, 200)
    t.equal(json(res).resource_name, 'Available')
    t.ok(json(res).mask < 24, 'merged with its free buddy')
  })

  t.test('409 for free blocks, 403 for readers', async (t) => {
    const free = await send('PUT', '/api/v2/ipam/netblocks/192.0.2.0/24/unassign', 'admin', {})
    t.equal(free.statusCode, 409)
    const reader = await send('PUT', '/api/v2/ipam/netblocks/10.1.0.0/24/unassign', 'readonly', {})
    t.equal(reader.statusCode, 403)
  })
})

t.test('GET /api/v2/ipam/netblocks/{id}/first_available', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('answers an object of strings including cidr', async (t) => {
    const urls = ['/api/v2/ipam/netblocks/10.1.0.0/24/first_available',
      '/api/v2/ipam/netblocks/10.1.0.0%2F24/first_available']
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url, headers: authAs('admin') })
      t.equal(res.statusCode, 200)
      const body = json(res)
      t.equal(body.cidr, '10.1.0.1/32')
      for (const value of Object.values(body)) t.type(value, 'string')
    }
    const owner = json(await send('GET', '/api/v2/ipam/netblocks/10.2.0.0/16', 'admin'))
    const byId = json(await send('GET', `/api/v2/ipam/netblocks/${owner.id as number}/first_available`, 'admin'))
    t.equal(byId.cidr, '10.2.0.1/32')
    t.equal(byId.netblock_id, String(owner.id))
  })

  t.test('skips addresses IP rules reserve', async (t) => {
    const res = await send('GET', '/api/v2/ipam/netblocks/192.168.0.0/16/first_available', 'admin')
    t.equal(json(res).cidr, '192.168.0.2/32')
  })

  t.test('a full block is a 404 JSON error', async (t) => {
    const block = json(await send('POST', '/api/v2/ipam/netblocks', 'admin',
      { cidr: '100.64.0.0/31', rir: '1918', resource_id: 2, allow_sub_assignments: true }))
    for (const host of ['100.64.0.0/32', '100.64.0.1/32']) {
      await send('PUT', `/api/v2/ipam/netblocks/${host}/direct_assign`, 'admin', { resource_id: 4 })
    }
    const res = await send('GET', `/api/v2/ipam/netblocks/${block.id as number}/first_available`, 'admin')
    t.equal(res.statusCode, 404)
    t.type(json(res).message, 'string')
  })
})

t.test('POST /api/v2/resources/unassign_all_ips', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('unassigns every block of the listed resources', async (t) => {
    const res = await send('POST', '/api/v2/resources/unassign_all_ips', 'admin', { resource_ids: ['6'] })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.equal(body.unassigned.length, 2)
    for (const id of body.unassigned) t.type(id, 'string')
    const left = json(await send('GET', '/api/v2/ipam/netblocks?resource_id=6', 'admin'))
    t.same(left, [])
  })

  t.test('needs IPAM rights on every resource and a resource_ids array', async (t) => {
    const foreign = await send('POST', '/api/v2/resources/unassign_all_ips', 'scoped', { resource_ids: [3] })
    t.equal(foreign.statusCode, 403)
    const bad = await send('POST', '/api/v2/resources/unassign_all_ips', 'admin', { resource_ids: 'x' })
    t.equal(bad.statusCode, 400)
  })

  t.test('is documented in the Resources family document', async (t) => {
    const doc = json(await app.inject({ method: 'GET', url: '/dev/openapi/resources.json' }))
    t.ok(doc.paths['/api/v2/resources/unassign_all_ips'])
  })
})
