import t, { type Test } from 'tap'
import { authAs, basic, buildTestApp, json } from '../../helpers/app.js'

const admin = authAs('admin')
const noAdminLeft = /that would leave no enabled administrator; give another user admin rights first/

type App = Awaited<ReturnType<typeof buildTestApp>>

async function call (app: App, method: string, url: string, payload?: unknown, headers = admin) {
  return await app.inject({ method: method as 'GET', url, headers, payload: payload as object })
}

async function assertStillAdmin (t: Test, app: App): Promise<void> {
  const self = await call(app, 'GET', '/api/v2/users/1/permissions')
  t.equal(self.statusCode, 200)
  t.equal(json(self).admin, true, 'admin keeps admin rights')
  const invariants = json(await app.inject({ url: '/_mock/invariants' }))
  t.equal(invariants.ok, true, 'invariants hold')
}

/** A non-system group holding an admin grant, with admin@example.com as its only member. */
async function customAdminGroup (t: Test, app: App): Promise<{ groupId: string, grantId: string }> {
  const group = await call(app, 'POST', '/api/v2/usergroups', { name: 'Ops Admins' })
  t.equal(group.statusCode, 201)
  const groupId = json(group).id
  const grant = await call(app, 'POST', `/api/v2/usergroups/${groupId}/grants`, { resource_id: '1', area: 'admin' })
  t.equal(grant.statusCode, 201)
  t.equal((await call(app, 'POST', `/api/v2/usergroups/${groupId}/users`, { user_id: '1' })).statusCode, 201)
  t.equal((await call(app, 'DELETE', '/api/v2/usergroups/1/users/1')).statusCode, 204, 'still admin via Ops Admins')
  return { groupId, grantId: json(grant).id }
}

t.test('the last enabled administrator cannot be taken away', async (t) => {
  t.test('removing the only admin from Global Admins is a 409', async (t) => {
    const app = await buildTestApp(t)
    const res = await call(app, 'DELETE', '/api/v2/usergroups/1/users/1')
    t.equal(res.statusCode, 409)
    t.match(json(res).message, noAdminLeft)
    const members = json(await call(app, 'GET', '/api/v2/usergroups/1/users'))
    t.ok(members.some((m: any) => m.user_id === '1'), 'still a member')
    await assertStillAdmin(t, app)
  })

  t.test('with a second admin the same removal succeeds', async (t) => {
    const app = await buildTestApp(t)
    const second = await call(app, 'POST', '/api/v2/users',
      { username: 'second@example.com', password: 'second-pass' })
    t.equal(second.statusCode, 201)
    const added = await call(app, 'POST', '/api/v2/usergroups/1/users', { user_id: json(second).id })
    t.equal(added.statusCode, 201)
    t.equal((await call(app, 'DELETE', '/api/v2/usergroups/1/users/1')).statusCode, 204)
    const asSecond = { authorization: basic('second@example.com', 'second-pass') }
    const perms = await call(app, 'GET', `/api/v2/users/${json(second).id}/permissions`, undefined, asSecond)
    t.equal(json(perms).admin, true)
    t.equal(json(await app.inject({ url: '/_mock/invariants' })).ok, true)
  })

  t.test('revoking the last admin grant is a 409', async (t) => {
    const app = await buildTestApp(t)
    const { groupId, grantId } = await customAdminGroup(t, app)
    const res = await call(app, 'DELETE', `/api/v2/usergroups/${groupId}/grants/${grantId}`)
    t.equal(res.statusCode, 409)
    t.match(json(res).message, noAdminLeft)
    t.equal((await call(app, 'GET', `/api/v2/usergroups/${groupId}/grants/${grantId}`)).statusCode, 200)
    await assertStillAdmin(t, app)
  })

  t.test('deleting the last admin group is a 409', async (t) => {
    const app = await buildTestApp(t)
    const { groupId } = await customAdminGroup(t, app)
    const res = await call(app, 'DELETE', `/api/v2/usergroups/${groupId}`)
    t.equal(res.statusCode, 409)
    t.match(json(res).message, noAdminLeft)
    t.equal((await call(app, 'GET', `/api/v2/usergroups/${groupId}`)).statusCode, 200)
    await assertStillAdmin(t, app)
  })

  t.test('removing the last admin from a custom admin group is a 409', async (t) => {
    const app = await buildTestApp(t)
    const { groupId } = await customAdminGroup(t, app)
    const res = await call(app, 'DELETE', `/api/v2/usergroups/${groupId}/users/1`)
    t.equal(res.statusCode, 409)
    t.match(json(res).message, noAdminLeft)
    await assertStillAdmin(t, app)
  })

  t.test('Global Admins cannot be deleted nor its admin grant revoked', async (t) => {
    const app = await buildTestApp(t)
    t.equal((await call(app, 'DELETE', '/api/v2/usergroups/1')).statusCode, 409)
    const grants = json(await call(app, 'GET', '/api/v2/usergroups/1/grants'))
    const adminGrant = grants.find((g: any) => g.area === 'admin')
    t.ok(adminGrant)
    t.equal((await call(app, 'DELETE', `/api/v2/usergroups/1/grants/${adminGrant.id}`)).statusCode, 409)
    await assertStillAdmin(t, app)
  })

  t.test('disabling or deleting the last admin is a 409', async (t) => {
    const app = await buildTestApp(t)
    t.equal((await call(app, 'PUT', '/api/v2/users/1/disable')).statusCode, 409)
    t.equal((await call(app, 'PATCH', '/api/v2/users/1', { enabled: false })).statusCode, 409)
    t.equal((await call(app, 'DELETE', '/api/v2/users/1')).statusCode, 409)
    await assertStillAdmin(t, app)
  })
})
