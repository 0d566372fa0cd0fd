import t from 'tap'
import { authAs, basic, buildTestApp, json } from '../../helpers/app.js'

// The credential cache in core auth remembers a verified password with the hash it matched; these
// tests prime it with a successful request first, then show each change applies to the next one.
t.test('PATCH /api/v2/users/{id} with a new password', async (t) => {
  const app = await buildTestApp(t)
  const created = await app.inject({
    method: 'POST', url: '/api/v2/users', headers: authAs('admin'), payload: { username: 'kim@example.com', password: 'first' }
  })
  const id = json(created).id as string
  const self = (password: string) =>
    app.inject({ url: `/api/v2/users/${id}`, headers: { authorization: basic('kim@example.com', password) } })

  t.test('an admin\'s change: the old password fails on the very next request', async (t) => {
    t.equal((await self('first')).statusCode, 200)
    const res = await app.inject({ method: 'PATCH', url: `/api/v2/users/${id}`, headers: authAs('admin'), payload: { password: 'second' } })
    t.equal(res.statusCode, 200)
    t.notMatch(res.body, /second|password/)
    t.equal((await self('first')).statusCode, 401)
    t.equal((await self('second')).statusCode, 200)
  })

  t.test('the user\'s own change works the same way', async (t) => {
    const res = await app.inject({
      method: 'PATCH', url: `/api/v2/users/${id}`, headers: { authorization: basic('kim@example.com', 'second') }, payload: { password: 'third' }
    })
    t.equal(res.statusCode, 200)
    t.equal((await self('second')).statusCode, 401)
    t.equal((await self('third')).statusCode, 200)
  })

  t.test('a new username retires the old one at once', async (t) => {
    await app.inject({ method: 'PATCH', url: `/api/v2/users/${id}`, headers: authAs('admin'), payload: { username: 'kim2@example.com' } })
    t.equal((await self('third')).statusCode, 401)
    const renamed = await app.inject({ url: `/api/v2/users/${id}`, headers: { authorization: basic('kim2@example.com', 'third') } })
    t.equal(renamed.statusCode, 200)
  })
})

t.test('PUT /api/v2/users/{id}/disable', async (t) => {
  const app = await buildTestApp(t)

  t.test('the disabled user\'s next request is a 401; enabling lets them back in', async (t) => {
    t.equal((await app.inject({ url: '/api/v2/users/3', headers: authAs('scoped') })).statusCode, 200)
    t.equal((await app.inject({ method: 'PUT', url: '/api/v2/users/3/disable', headers: authAs('admin') })).statusCode, 200)
    const refused = await app.inject({ url: '/api/v2/users/3', headers: authAs('scoped') })
    t.equal(refused.statusCode, 401)
    t.equal(json(refused).code, 'INVALID_CREDENTIALS')
    t.equal((await app.inject({ method: 'PUT', url: '/api/v2/users/3/enable', headers: authAs('admin') })).statusCode, 200)
    t.equal((await app.inject({ url: '/api/v2/users/3', headers: authAs('scoped') })).statusCode, 200)
  })

  t.test('PATCH enabled: false has the same immediate effect', async (t) => {
    await app.inject({ method: 'PATCH', url: '/api/v2/users/2', headers: authAs('admin'), payload: { enabled: false } })
    t.equal((await app.inject({ url: '/api/v2/users/2', headers: authAs('readonly') })).statusCode, 401)
  })
})
