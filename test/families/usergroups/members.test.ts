import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'

t.test('GET /api/v2/usergroups/{id}/users', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('lists the members with string ids', async (t) => {
    const res = await call('GET', '/api/v2/usergroups/3/users', 'scoped')
    t.equal(res.statusCode, 200)
    t.same(json(res), [{
      group_id: '3',
      user_id: '3',
      username: 'acme@example.com',
      name: 'Acme Operator',
      enabled: true
    }])
  })

  t.test('others need User-area read; unknown group 404', async (t) => {
    t.equal((await call('GET', '/api/v2/usergroups/1/users', 'scoped')).statusCode, 403)
    t.equal((await call('GET', '/api/v2/usergroups/99/users')).statusCode, 404)
  })
})

t.test('POST /api/v2/usergroups/{id}/users', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('adds a member (201), accepting the id as a string or a number', async (t) => {
    const res = await call('POST', '/api/v2/usergroups/2/users', 'admin', { user_id: '3' })
    t.equal(res.statusCode, 201)
    t.same(json(res), {
      group_id: '2',
      user_id: '3',
      username: 'acme@example.com',
      name: 'Acme Operator',
      enabled: true
    })
    t.same(json(await call('GET', '/api/v2/users/3')).groups, ['2', '3'])
    t.equal((await call('POST', '/api/v2/usergroups/3/users', 'admin', { user_id: 2 })).statusCode, 201)
  })

  t.test('unknown user 422, existing member 409, unknown group 404, bad body 400, no rights 403', async (t) => {
    t.equal((await call('POST', '/api/v2/usergroups/3/users', 'readonly', { user_id: 1 })).statusCode, 403)
    const unknown = await call('POST', '/api/v2/usergroups/3/users', 'admin', { user_id: 99 })
    t.equal(unknown.statusCode, 422)
    t.equal(json(unknown).field, 'user_id')
    t.equal((await call('POST', '/api/v2/usergroups/1/users', 'admin', { user_id: 1 })).statusCode, 409)
    t.equal((await call('POST', '/api/v2/usergroups/99/users', 'admin', { user_id: 1 })).statusCode, 404)
    t.equal((await call('POST', '/api/v2/usergroups/3/users', 'admin', { user_id: 'one' })).statusCode, 400)
    t.equal((await call('POST', '/api/v2/usergroups/3/users', 'admin')).statusCode, 400)
  })

  t.test('a User-area manager may not make admins nor change their own membership', async (t) => {
    const grant = await call('POST', '/api/v2/usergroups/3/grants', 'admin', {
      resource_id: 1,
      area: 'user',
      read: true,
      update: true
    })
    t.equal(grant.statusCode, 201)
    const toAdmins = await call('POST', '/api/v2/usergroups/1/users', 'scoped', { user_id: 2 })
    t.equal(toAdmins.statusCode, 403)
    t.match(json(toAdmins).message, /administrator/)
    const self = await call('POST', '/api/v2/usergroups/2/users', 'scoped', { user_id: 3 })
    t.equal(self.statusCode, 403)
    t.match(json(self).message, /your own group membership/)
  })
})

t.test('DELETE /api/v2/usergroups/{id}/users/{user_id}', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('removes a member (204); the user keeps their other groups', async (t) => {
    await call('POST', '/api/v2/usergroups/2/users', 'admin', { user_id: 3 })
    const res = await call('DELETE', '/api/v2/usergroups/3/users/3')
    t.equal(res.statusCode, 204)
    t.same(json(await call('GET', '/api/v2/users/3')).groups, ['2'])
  })

  t.test('a non-member is a 404; no rights a 403', async (t) => {
    const res = await call('DELETE', '/api/v2/usergroups/3/users/1')
    t.equal(res.statusCode, 404)
    t.match(json(res).message, /not a member/)
    t.equal((await call('DELETE', '/api/v2/usergroups/2/users/3', 'readonly')).statusCode, 403)
  })
})
