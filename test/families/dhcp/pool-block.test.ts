import t, { type Test } from 'tap'
import type { HTTPMethods } from 'fastify'
import type { App } from '../../../src/app.js'
import { buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'

/*
 * IPAM refuses to free, move, split or delete the block a DHCP pool stands on (fixture pool 402 on
 * netblock 162, 203.0.113.0/25, assigned to resource 5): the pool would point at space that is no
 * longer its own. Each refusal is a 409 naming the pool, and changes nothing.
 */

const poolMessage = /^netblock 203\.0\.113\.0\/25 \(id 162\) backs DHCP pool 402; delete the pool first$/

async function invariantViolations (app: App): Promise<string[]> {
  return json(await app.inject({ url: '/_mock/invariants' })).violations
}

/** Sends the request, expects a 409 naming the pool, and checks block 162 and the invariants are untouched. */
async function refused (t: Test, app: App, method: HTTPMethods, url: string, payload?: object,
  message = poolMessage): Promise<void> {
  const call = caller(app)
  const before = json(await call('GET', '/api/v2/ipam/netblocks/162'))
  const res = await call(method, url, 'admin', payload)
  t.equal(res.statusCode, 409, `${method} ${url} is a 409`)
  t.match(json(res), { code: 'CONFLICT', message })
  t.same(json(await call('GET', '/api/v2/ipam/netblocks/162')), before, 'block 162 is unchanged')
  t.same(await invariantViolations(app), [], 'invariants hold')
}

t.test('PUT /api/v2/ipam/netblocks/{cidr}/unassign of a DHCP pool\'s block', async (t) => {
  const app = await buildTestApp(t)

  t.test('by raw CIDR is a 409 naming the pool', async (t) => {
    await refused(t, app, 'PUT', '/api/v2/ipam/netblocks/203.0.113.0/25/unassign', { skip_holding: true })
  })

  t.test('by URL-encoded CIDR is a 409', async (t) => {
    await refused(t, app, 'PUT', '/api/v2/ipam/netblocks/203.0.113.0%2F25/unassign', {})
  })

  t.test('by id is a 409', async (t) => {
    await refused(t, app, 'PUT', '/api/v2/ipam/netblocks/162/unassign')
  })

  t.test('the pool still renders in dhcpd.conf', async (t) => {
    const config = await caller(app)('GET', '/api/v2/dhcp/servers/401/config')
    t.equal(config.statusCode, 200)
    t.match(config.body, '# pool 402: Acme office clients\nsubnet 203.0.113.0 netmask 255.255.255.128 {')
  })
})

t.test('POST /api/v2/resources/unassign_all_ips over a pool\'s resource', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('is a 409 and changes no block of any listed resource', async (t) => {
    const list = async (): Promise<unknown[]> =>
      json(await call('GET', '/api/v2/ipam/netblocks?resource_id=4')).concat(
        json(await call('GET', '/api/v2/ipam/netblocks?resource_id=5')))
    const before = await list()
    t.ok(before.length > 1, 'resources 4 and 5 hold blocks')
    await refused(t, app, 'POST', '/api/v2/resources/unassign_all_ips', { resource_ids: ['4', '5'] })
    t.same(await list(), before, 'nothing half-applied')
  })
})

t.test('DELETE /api/v2/ipam/netblocks/{ref} of a DHCP pool\'s block', async (t) => {
  const app = await buildTestApp(t)

  t.test('by id and by raw CIDR is a 409 naming the pool', async (t) => {
    await refused(t, app, 'DELETE', '/api/v2/ipam/netblocks/162')
    await refused(t, app, 'DELETE', '/api/v2/ipam/netblocks/203.0.113.0/25')
  })

  t.test('a pool on a whole aggregate keeps it', async (t) => {
    const call = caller(app)
    const added = await call('POST', '/api/v2/ipam/netblocks', 'admin', { cidr: '100.64.7.0/24', rir: '1918' })
    t.equal(added.statusCode, 200)
    const aggregate = json(added)
    const pool = await call('POST', '/api/v2/dhcp/pools', 'admin',
      { name: 'Whole', parent_id: '2', group_id: '400', cidr: '100.64.7.0/24' })
    t.equal(pool.statusCode, 200)
    t.equal(json(pool).netblock_id, String(aggregate.id), 'the pool stands on the aggregate itself')
    const message = new RegExp(`^netblock 100\\.64\\.7\\.0/24 \\(id ${String(aggregate.id)}\\) backs DHCP pool ` +
      `${String(json(pool).id)}; delete the pool first$`)
    const id = String(aggregate.id)
    for (const url of [`/api/v2/ipam/netblocks/${id}`, `/api/v2/ipam/aggregates/${id}`]) {
      const res = await call('DELETE', url)
      t.equal(res.statusCode, 409, `DELETE ${url} is a 409`)
      t.match(json(res).message, message)
    }
    t.equal((await call('GET', `/api/v2/ipam/netblocks/${id}`)).statusCode, 200)
    t.same(await invariantViolations(app), [])
  })
})

t.test('PATCH /api/v2/ipam/netblocks/{ref} of a DHCP pool\'s block', async (t) => {
  const app = await buildTestApp(t)

  t.test('moving it to another resource is a 409 (the pool lives under its block\'s resource)', async (t) => {
    await refused(t, app, 'PATCH', '/api/v2/ipam/netblocks/162', { resource_id: 4 })
    await refused(t, app, 'PATCH', '/api/v2/ipam/netblocks/203.0.113.0/25', { resource_id: '4', description: 'x' })
  })

  t.test('opening it for sub-assignment is a 409 (a sub-assignment would split it)', async (t) => {
    await refused(t, app, 'PATCH', '/api/v2/ipam/netblocks/162', { allow_sub_assignments: true })
  })

  t.test('other fields still change', async (t) => {
    const res = await caller(app)('PATCH', '/api/v2/ipam/netblocks/162', 'admin',
      { description: 'DHCP', resource_id: 5, allow_sub_assignments: false })
    t.equal(res.statusCode, 200)
    t.match(json(res), { id: 162, description: 'DHCP', resource_id: 5 })
    t.same(await invariantViolations(app), [])
  })
})

t.test('DELETE /api/v2/dhcp/pools/{id} frees the block for IPAM again', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('the pool delete unassigns the block; IPAM may then assign and unassign it', async (t) => {
    t.equal((await call('DELETE', '/api/v2/dhcp/pools/402?skip_holding=true')).statusCode, 204)
    t.equal(json(await call('GET', '/api/v2/ipam/netblocks?cidr=203.0.113.0/25&assigned=true')).length, 0)
    const assigned = await call('PUT', '/api/v2/ipam/netblocks/203.0.113.0/25/direct_assign', 'admin',
      { resource_id: 5 })
    t.equal(assigned.statusCode, 200)
    const unassigned = await call('PUT', '/api/v2/ipam/netblocks/203.0.113.0/25/unassign', 'admin',
      { skip_holding: true })
    t.equal(unassigned.statusCode, 200)
    t.equal(json(unassigned).assigned, false)
    t.same(await invariantViolations(app), [])
  })

  t.test('unassign_all_ips of its resource succeeds', async (t) => {
    const res = await call('POST', '/api/v2/resources/unassign_all_ips', 'admin', { resource_ids: ['4', '5'] })
    t.equal(res.statusCode, 200)
    t.ok(json(res).unassigned.length > 0)
    t.same(json(await call('GET', '/api/v2/ipam/netblocks?resource_id=5')), [])
    t.same(await invariantViolations(app), [])
  })
})
