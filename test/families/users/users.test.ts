import t, { type Test } from 'tap'
import { authAs, basic, buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'
import { userDeletionChecks } from '../../../src/core/identity-store.js'

const userKeys = ['id', 'username', 'name', 'email', 'enabled', 'groups', 'date', 'modified']

function assertUserShape (t: Test, user: Record<string, unknown>): void {
  t.same(Object.keys(user).sort(), [...userKeys].sort(), 'exactly the user fields, no password')
  t.type(user.id, 'string')
  t.match(user.id, /^\d+$/)
  t.type(user.username, 'string')
  t.type(user.name, 'string')
  t.type(user.email, 'string')
  t.type(user.enabled, 'boolean')
  t.ok(Array.isArray(user.groups))
  for (const group of user.groups as unknown[]) t.type(group, 'string')
  t.match(user.date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
}

t.test('GET /api/v2/users', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('answers a bare array of users with string ids and no password', async (t) => {
    const res = await call('GET', '/api/v2/users', 'readonly')
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.ok(Array.isArray(body))
    t.same(body.map((user: { username: string }) => user.username),
      ['admin@example.com', 'readonly@example.com', 'acme@example.com'])
    for (const user of body) assertUserShape(t, user)
    t.same(body[0].groups, ['1'])
    t.notMatch(res.body, /password|scrypt/)
  })

  t.test('filters by username, q and enabled, and pages with offset and limit', async (t) => {
    const byName = json(await call('GET', '/api/v2/users?username=acme@example.com', 'admin'))
    t.same(byName.map((user: { id: string }) => user.id), ['3'])
    const byQ = json(await call('GET', '/api/v2/users?q=read', 'admin'))
    t.same(byQ.map((user: { id: string }) => user.id), ['2'])
    const paged = json(await call('GET', '/api/v2/users?offset=1&limit=1', 'admin'))
    t.same(paged.map((user: { id: string }) => user.id), ['2'])
    const disabled = json(await call('GET', '/api/v2/users?enabled=false', 'admin'))
    t.same(disabled, [])
  })

  t.test('shows a caller without User-area read only themselves', async (t) => {
    const own = json(await call('GET', '/api/v2/users', 'scoped'))
    t.same(own.map((user: { id: string }) => user.id), ['3'])
    const other = json(await call('GET', '/api/v2/users?id=1', 'scoped'))
    t.same(other, [])
  })

  t.test('needs credentials', async (t) => {
    const res = await app.inject({ url: '/api/v2/users' })
    t.equal(res.statusCode, 401)
  })
})

t.test('POST /api/v2/users', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('creates a user who can log in at once (201)', async (t) => {
    const res = await call('POST', '/api/v2/users', 'admin', {
      username: 'jane@example.com',
      password: 'changeme',
      name: 'Jane Doe',
      groups: ['2']
    })
    t.equal(res.statusCode, 201)
    const user = json(res)
    assertUserShape(t, user)
    t.equal(user.username, 'jane@example.com')
    t.equal(user.email, 'jane@example.com', 'email defaults to the username')
    t.equal(user.enabled, true)
    t.same(user.groups, ['2'])
    const jane = { authorization: basic('jane@example.com', 'changeme') }
    const login = await call('GET', `/api/v2/users/${user.id}`, jane)
    t.equal(login.statusCode, 200)
  })

  t.test('refuses a duplicate username with a 409 naming the field', async (t) => {
    const res = await call('POST', '/api/v2/users', 'admin', { username: 'acme@example.com', password: 'x' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).code, 'CONFLICT')
    t.equal(json(res).field, 'username')
  })

  t.test('refuses an unknown group with a 422 and creates nothing', async (t) => {
    const res = await call('POST', '/api/v2/users', 'admin', {
      username: 'ghost@example.com',
      password: 'x',
      groups: [99]
    })
    t.equal(res.statusCode, 422)
    t.match(json(res), { code: 'UNPROCESSABLE', field: 'groups', message: /usergroup 99/ })
    const after = json(await call('GET', '/api/v2/users?username=ghost@example.com', 'admin'))
    t.same(after, [])
  })

  t.test('validates the body: missing password, wrong types, unknown fields', async (t) => {
    const missing = await call('POST', '/api/v2/users', 'admin', { username: 'a@b' })
    t.equal(missing.statusCode, 400)
    t.equal(json(missing).field, 'body.password')
    const wrongType = await call('POST', '/api/v2/users', 'admin', { username: 'a@b', password: 'x', enabled: 'yes' })
    t.equal(wrongType.statusCode, 400)
    t.equal(json(wrongType).field, 'body.enabled')
    const unknown = await call('POST', '/api/v2/users', 'admin', { username: 'a@b', password: 'x', password_hash: 'x' })
    t.equal(unknown.statusCode, 400)
    const colon = await call('POST', '/api/v2/users', 'admin', { username: 'a:b@example.com', password: 'x' })
    t.equal(colon.statusCode, 400, 'a colon in a username could never pass HTTP Basic')
    t.equal(json(colon).field, 'body.username')
    const list = json(await call('GET', '/api/v2/users?q=a:b', 'admin'))
    t.same(list, [], 'and nothing was created')
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v2/users',
      headers: {
        ...authAs('admin'),
        'content-type': 'application/json'
      },
      payload: ''
    })
    t.equal(empty.statusCode, 400)
  })

  t.test('needs User-area create; joining an admin group needs admin', async (t) => {
    const readonly = await call('POST', '/api/v2/users', 'readonly', { username: 'r@example.com', password: 'x' })
    t.equal(readonly.statusCode, 403)
    // Give the Acme group User-area rights, then try to make an admin with them.
    const grant = await call('POST', '/api/v2/usergroups/3/grants', 'admin', {
      resource_id: 1,
      area: 'user',
      create: true,
      read: true,
      update: true,
      delete: true
    })
    t.equal(grant.statusCode, 201)
    const escalate = await call('POST', '/api/v2/users', 'scoped', {
      username: 'boss@example.com',
      password: 'x',
      groups: [1]
    })
    t.equal(escalate.statusCode, 403)
    const plain = await call('POST', '/api/v2/users', 'scoped', {
      username: 'helper@example.com',
      password: 'x',
      groups: [3]
    })
    t.equal(plain.statusCode, 201)
  })
})

t.test('GET /api/v2/users/{id}', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('answers one user', async (t) => {
    const res = await call('GET', '/api/v2/users/2', 'admin')
    t.equal(res.statusCode, 200)
    assertUserShape(t, json(res))
    t.equal(json(res).username, 'readonly@example.com')
  })

  t.test('lets a user read themselves but nobody else without User-area read', async (t) => {
    t.equal((await call('GET', '/api/v2/users/3', 'scoped')).statusCode, 200)
    const other = await call('GET', '/api/v2/users/1', 'scoped')
    t.equal(other.statusCode, 403)
    t.equal(json(other).code, 'PERMISSION_DENIED')
  })

  t.test('404 for an unknown user, 400 for a non-numeric id', async (t) => {
    const missing = await call('GET', '/api/v2/users/999', 'admin')
    t.equal(missing.statusCode, 404)
    t.match(json(missing).message, /user 999 not found/)
    t.equal((await call('GET', '/api/v2/users/abc', 'admin')).statusCode, 400)
  })
})

t.test('PATCH /api/v2/users/{id}', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('an admin changes fields and the answer shows them', async (t) => {
    const res = await call('PATCH', '/api/v2/users/2', 'admin', { name: 'Auditor', email: 'audit@example.com' })
    t.equal(res.statusCode, 200)
    assertUserShape(t, json(res))
    t.match(json(res), { name: 'Auditor', email: 'audit@example.com', username: 'readonly@example.com' })
  })

  t.test('a user may change their own name, e-mail and password, not their username or state', async (t) => {
    const own = await call('PATCH', '/api/v2/users/3', 'scoped', { name: 'Wile E.' })
    t.equal(own.statusCode, 200)
    t.equal(json(own).name, 'Wile E.')
    const rename = await call('PATCH', '/api/v2/users/3', 'scoped', { username: 'x@y' })
    t.equal(rename.statusCode, 403)
    const other = await call('PATCH', '/api/v2/users/2', 'scoped', { name: 'x' })
    t.equal(other.statusCode, 403)
  })

  t.test('refuses a taken username (409), an empty body (400) and disabling yourself (409)', async (t) => {
    const taken = await call('PATCH', '/api/v2/users/2', 'admin', { username: 'acme@example.com' })
    t.equal(taken.statusCode, 409)
    const empty = await call('PATCH', '/api/v2/users/2', 'admin', {})
    t.equal(empty.statusCode, 400)
    const self = await call('PATCH', '/api/v2/users/1', 'admin', { enabled: false })
    t.equal(self.statusCode, 409)
    t.equal(json(self).field, 'enabled')
  })

  t.test('a User-area manager may change ordinary users but not an administrator', async (t) => {
    await call('POST', '/api/v2/usergroups/3/grants', 'admin', {
      resource_id: 1,
      area: 'user',
      read: true,
      update: true
    })
    t.equal((await call('PATCH', '/api/v2/users/2', 'scoped', { name: 'Read Only' })).statusCode, 200)
    const takeover = await call('PATCH', '/api/v2/users/1', 'scoped', { password: 'mine' })
    t.equal(takeover.statusCode, 403)
    t.match(json(takeover).message, /administrator/)
    t.equal((await call('PUT', '/api/v2/users/1/disable', 'scoped')).statusCode, 403)
    t.equal((await call('GET', '/api/v2/users/1', 'admin')).statusCode, 200, 'admin/admin still works')
  })

  t.test('404 for an unknown user', async (t) => {
    const res = await call('PATCH', '/api/v2/users/999', 'admin', { name: 'x' })
    t.equal(res.statusCode, 404)
  })
})

t.test('DELETE /api/v2/users/{id}', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('deletes a user (204, empty) whose credentials then fail', async (t) => {
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/v2/users/3',
      headers: {
        ...authAs('admin'),
        'content-type': 'application/json'
      }
    })
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.equal((await call('GET', '/api/v2/users/3', 'admin')).statusCode, 404)
    t.equal((await call('GET', '/api/v2/users', 'scoped')).statusCode, 401)
  })

  t.test('a registered deletion check refuses with 409 and its message', async (t) => {
    const check = (_db: unknown, userId: number): string | undefined =>
      userId === 2 ? 'user 2 owns scheduled task 7: reassign or delete it first' : undefined
    userDeletionChecks.push(check)
    t.teardown(() => { userDeletionChecks.splice(userDeletionChecks.indexOf(check), 1) })
    const res = await call('DELETE', '/api/v2/users/2', 'admin')
    t.equal(res.statusCode, 409)
    t.equal(json(res).message, 'user 2 owns scheduled task 7: reassign or delete it first')
    t.equal((await call('GET', '/api/v2/users/2', 'admin')).statusCode, 200, 'still there')
  })

  t.test('refuses deleting yourself (409), others without rights (403), unknown ids (404)', async (t) => {
    t.equal((await call('DELETE', '/api/v2/users/1', 'admin')).statusCode, 409)
    t.equal((await call('DELETE', '/api/v2/users/1', 'readonly')).statusCode, 403)
    t.equal((await call('DELETE', '/api/v2/users/999', 'admin')).statusCode, 404)
  })
})

t.test('PUT /api/v2/users/{id}/disable and /enable', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('disable answers the user with enabled false; enable restores it', async (t) => {
    const off = await app.inject({
      method: 'PUT',
      url: '/api/v2/users/3/disable',
      headers: {
        ...authAs('admin'),
        'content-type': 'application/json'
      }
    })
    t.equal(off.statusCode, 200)
    assertUserShape(t, json(off))
    t.equal(json(off).enabled, false)
    const on = await call('PUT', '/api/v2/users/3/enable', 'admin')
    t.equal(on.statusCode, 200)
    t.equal(json(on).enabled, true)
  })

  t.test('needs User-area update; you cannot disable yourself', async (t) => {
    t.equal((await call('PUT', '/api/v2/users/3/disable', 'readonly')).statusCode, 403)
    t.equal((await call('PUT', '/api/v2/users/1/disable', 'admin')).statusCode, 409)
    t.equal((await call('PUT', '/api/v2/users/999/enable', 'admin')).statusCode, 404)
  })
})

t.test('GET /api/v2/users/{id}/groups', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('lists the user\'s groups with string ids and boolean is_system', async (t) => {
    const res = await call('GET', '/api/v2/users/1/groups', 'readonly')
    t.equal(res.statusCode, 200)
    t.same(json(res), [{
      id: '1',
      name: 'Global Admins',
      description: 'Full rights everywhere',
      external_id: '',
      is_system: true
    }])
  })

  t.test('yourself always, others need User-area read, unknown users 404', async (t) => {
    t.same(json(await call('GET', '/api/v2/users/3/groups', 'scoped')).map((g: { id: string }) => g.id), ['3'])
    t.equal((await call('GET', '/api/v2/users/1/groups', 'scoped')).statusCode, 403)
    t.equal((await call('GET', '/api/v2/users/999/groups', 'admin')).statusCode, 404)
  })
})

t.test('GET /api/v2/users/{id}/permissions', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)
  const rights = (all: boolean): Record<string, boolean> => ({ create: all, read: all, update: all, delete: all })

  t.test('inside the scoped user\'s subtree: full rights and SWIP, no User area', async (t) => {
    const res = await call('GET', '/api/v2/users/3/permissions?resource_id=4', 'admin')
    t.equal(res.statusCode, 200)
    t.same(json(res), {
      user_id: '3',
      resource_id: '4',
      admin: false,
      swip: true,
      ipam: rights(true),
      dns: rights(true),
      dhcp: rights(true),
      resource: rights(true),
      user: rights(false)
    })
  })

  t.test('outside it (and on the TLR by default): nothing', async (t) => {
    const outside = json(await call('GET', '/api/v2/users/3/permissions?resource_id=6', 'scoped'))
    t.equal(outside.resource_id, '6')
    t.same(outside.ipam, rights(false))
    t.equal(outside.swip, false)
    const tlr = json(await call('GET', '/api/v2/users/3/permissions', 'scoped'))
    t.equal(tlr.resource_id, '1')
    t.same(tlr.resource, rights(false))
  })

  t.test('admin and read-only users', async (t) => {
    const admin = json(await call('GET', '/api/v2/users/1/permissions?resource_id=6', 'admin'))
    t.equal(admin.admin, true)
    t.same(admin.user, rights(true))
    const readonly = json(await call('GET', '/api/v2/users/2/permissions', 'admin'))
    t.same(readonly.dns, { create: false, read: true, update: false, delete: false })
  })

  t.test('others need User-area read; unknown user or resource is a 404', async (t) => {
    t.equal((await call('GET', '/api/v2/users/1/permissions', 'scoped')).statusCode, 403)
    t.equal((await call('GET', '/api/v2/users/999/permissions', 'admin')).statusCode, 404)
    const resource = await call('GET', '/api/v2/users/1/permissions?resource_id=999', 'admin')
    t.equal(resource.statusCode, 404)
    t.equal(json(resource).field, 'resource_id')
  })
})
