import t from 'tap'
import { basic, buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'

// The credential cache in core auth remembers a verified password with the hash it matched; these
// tests prime it with a successful request first, then show each change applies to the next one.
t.test('PATCH /api/v2/users/{id} with a new password', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)
  const created = await call('POST', '/api/v2/users', 'admin', { username: 'kim@example.com', password: 'first' })
  const id = json(created).id as string
  const self = (password: string) =>
    call('GET', `/api/v2/users/${id}`, { authorization: basic('kim@example.com', password) })

  t.test('an admin\'s change: the old password fails on the very next request', async (t) => {
    t.equal((await self('first')).statusCode, 200)
    const res = await call('PATCH', `/api/v2/users/${id}`, 'admin', { password: 'second' })
    t.equal(res.statusCode, 200)
    t.notMatch(res.body, /second|password/)
    t.equal((await self('first')).statusCode, 401)
    t.equal((await self('second')).statusCode, 200)
  })

  t.test('the user\'s own change works the same way', async (t) => {
    const res = await call('PATCH', `/api/v2/users/${id}`, { authorization: basic('kim@example.com', 'second') },
      { password: 'third' })
    t.equal(res.statusCode, 200)
    t.equal((await self('second')).statusCode, 401)
    t.equal((await self('third')).statusCode, 200)
  })

  t.test('a new username retires the old one at once', async (t) => {
    await call('PATCH', `/api/v2/users/${id}`, 'admin', { username: 'kim2@example.com' })
    t.equal((await self('third')).statusCode, 401)
    const renamed = await call('GET', `/api/v2/users/${id}`, { authorization: basic('kim2@example.com', 'third') })
    t.equal(renamed.statusCode, 200)
  })
})

t.test('PUT /api/v2/users/{id}/disable', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('the disabled user\'s next request is a 401; enabling lets them back in', async (t) => {
    t.equal((await call('GET', '/api/v2/users/3', 'scoped')).statusCode, 200)
    t.equal((await call('PUT', '/api/v2/users/3/disable', 'admin')).statusCode, 200)
    const refused = await call('GET', '/api/v2/users/3', 'scoped')
    t.equal(refused.statusCode, 401)
    t.equal(json(refused).code, 'INVALID_CREDENTIALS')
    t.equal((await call('PUT', '/api/v2/users/3/enable', 'admin')).statusCode, 200)
    t.equal((await call('GET', '/api/v2/users/3', 'scoped')).statusCode, 200)
  })

  t.test('PATCH enabled: false has the same immediate effect', async (t) => {
    await call('PATCH', '/api/v2/users/2', 'admin', { enabled: false })
    t.equal((await call('GET', '/api/v2/users/2', 'readonly')).statusCode, 401)
  })
})
