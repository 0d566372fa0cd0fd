import t from 'tap'
import type { HTTPMethods } from 'fastify'
import { basic, buildTestApp, json } from '../../helpers/app.js'
import { caller, type Caller } from '../../helpers/call.js'

// End to end over the API only: an admin creates a user and a group, grants the group IPAM read on
// the Acme Corp subtree, and each change shows in what the user's very next request may do.
// Umbrella module 2 hangs under Acme Corp (resource 2), module 1 under the TLR.
t.test('POST /api/v2/usergroups/{id}/grants changes what the next request may do', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)
  const admin = 'admin'
  const ops = { authorization: basic('ops@example.com', 'ops-pass') }
  const as = async (who: Caller, method: HTTPMethods, url: string, payload?: object) => call(method, url, who, payload)

  const user = json(await as(admin, 'POST', '/api/v2/users', { username: 'ops@example.com', password: 'ops-pass' }))
  const group = json(await as(admin, 'POST', '/api/v2/usergroups', { name: 'Acme IPAM readers' }))
  const joined = await as(admin, 'POST', `/api/v2/usergroups/${group.id as string}/users`, { user_id: user.id })
  t.equal(joined.statusCode, 201)
  const grants = `/api/v2/usergroups/${group.id as string}/grants`

  t.test('without a grant the user reads nothing in scope', async (t) => {
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 403)
    t.same(json(await as(ops, 'GET', '/api/v2/umbrella/modules')), [])
  })

  let grantId = ''
  t.test('after a scoped grant: 200 inside the scope, 403 outside it', async (t) => {
    const grant = await as(admin, 'POST', grants, { resource_id: 2, area: 'ipam', read: true })
    t.equal(grant.statusCode, 201)
    grantId = json(grant).id

    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 200)
    const outside = await as(ops, 'GET', '/api/v2/umbrella/modules/1/links')
    t.equal(outside.statusCode, 403)
    t.equal(json(outside).code, 'PERMISSION_DENIED')
    t.same(json(await as(ops, 'GET', '/api/v2/umbrella/modules')).map((m: { id: string }) => m.id), ['2'])
    const blocks = json(await as(ops, 'GET', '/api/v2/umbrella/netblocks'))
    t.ok(blocks.length > 0)
    t.ok(blocks.every((block: { module_id: string }) => block.module_id === '2'), 'only blocks of the module in scope')

    const inside = json(await as(ops, 'GET', `/api/v2/users/${user.id as string}/permissions?resource_id=4`))
    t.same(inside.ipam, { create: false, read: true, update: false, delete: false },
      'inherited by Acme Datacenter East')
    const beside = json(await as(ops, 'GET', `/api/v2/users/${user.id as string}/permissions?resource_id=3`))
    t.equal(beside.ipam.read, false, 'Globex is outside the scope')
    t.equal((await as(ops, 'PATCH', '/api/v2/config', { auto_merge_limits: '3' })).statusCode, 403)
  })

  t.test('patching the grant and revoking it take effect on the next request', async (t) => {
    const off = await as(admin, 'PATCH', `${grants}/${grantId}`, { read: false })
    t.equal(off.statusCode, 200)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 403)
    await as(admin, 'PATCH', `${grants}/${grantId}`, { read: true })
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 200)
    t.equal((await as(admin, 'DELETE', `${grants}/${grantId}`)).statusCode, 204)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 403)
  })

  t.test('a grant lower in the tree overrides the group\'s global grant for that subtree', async (t) => {
    t.equal((await as(admin, 'POST', grants, { resource_id: 1, area: 'ipam', read: true })).statusCode, 201)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/1/links')).statusCode, 200)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 200)
    t.equal((await as(admin, 'POST', grants, { resource_id: 2, area: 'ipam' })).statusCode, 201)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/1/links')).statusCode, 200)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 403)
  })

  t.test('joining and leaving Global Admins switches admin-only operations', async (t) => {
    t.equal((await as(admin, 'POST', '/api/v2/usergroups/1/users', { user_id: user.id })).statusCode, 201)
    t.equal((await as(ops, 'PATCH', '/api/v2/config', { auto_merge_limits: '3' })).statusCode, 200)
    t.equal((await as(ops, 'GET', '/api/v2/umbrella/modules/2/links')).statusCode, 200, 'admin overrides everything')
    t.equal((await as(admin, 'DELETE', `/api/v2/usergroups/1/users/${user.id as string}`)).statusCode, 204)
    t.equal((await as(ops, 'PATCH', '/api/v2/config', { auto_merge_limits: '4' })).statusCode, 403)
  })
})
