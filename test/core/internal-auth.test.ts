import t from 'tap'
import { internalIdentityHeaders, INTERNAL_IDENTITY_HEADER } from '../../src/core/auth.js'
import { apiCaller } from '../../src/core/internal-call.js'
import { buildTestApp, json } from '../helpers/app.js'

t.test('internal identity', async (t) => {
  const app = await buildTestApp(t)

  t.test('an injected request with the header runs as that user', async (t) => {
    const read = await app.inject({ url: '/api/v2/config', headers: internalIdentityHeaders(2) })
    t.equal(read.statusCode, 200)
    const write = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: internalIdentityHeaders(2), payload: { auto_merge_limits: '3' }
    })
    t.equal(write.statusCode, 403, 'with that user\'s rights, not more')
    const admin = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: internalIdentityHeaders(1), payload: { auto_merge_limits: '3' }
    })
    t.equal(admin.statusCode, 200)
  })

  t.test('a wrong secret, a malformed value or an unknown user is a 401', async (t) => {
    const good = internalIdentityHeaders(1)[INTERNAL_IDENTITY_HEADER]
    for (const value of [`${'0'.repeat(64)}:1`, good.replace(/:1$/, ':x'), 'admin', good.replace(/:1$/, ':99')]) {
      const res = await app.inject({ url: '/api/v2/config', headers: { [INTERNAL_IDENTITY_HEADER]: value } })
      t.equal(res.statusCode, 401, value.slice(-8))
      t.equal(json(res).code, 'INVALID_CREDENTIALS')
    }
  })

  t.test('is refused over a real socket, even with the right secret', async (t) => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const res = await fetch(`${address}/api/v2/config`, { headers: internalIdentityHeaders(1) })
    t.equal(res.status, 401)
    t.match(await res.json(), { code: 'INVALID_CREDENTIALS', message: /not accepted from the network/ })
    const basic = await fetch(`${address}/api/v2/config`, {
      headers: { authorization: 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64') }
    })
    t.equal(basic.status, 200, 'ordinary clients are unaffected')
  })
})

t.test('apiCaller', async (t) => {
  const app = await buildTestApp(t)

  t.test('calls an instance as a user and parses the answer', async (t) => {
    const call = apiCaller(app, 'team-a', { userId: 1 })
    const patched = await call({ method: 'PATCH', path: '/api/v2/config', body: { holding_tank_days: '7' } })
    t.equal(patched.status, 200)
    t.match(patched.body, { holding_tank_days: '7' })
    const other = await apiCaller(app, 'default', { userId: 1 })({ method: 'GET', path: '/api/v2/config' })
    t.match(other.body, { holding_tank_days: '30' }, 'another instance is untouched')
  })

  t.test('forwards a caller\'s own credentials', async (t) => {
    const call = apiCaller(app, 'default', { authorization: 'Basic ' + Buffer.from('x:y').toString('base64') })
    const res = await call({ method: 'GET', path: '/api/v2/config' })
    t.equal(res.status, 401)
    t.match(res.body, { code: 'INVALID_CREDENTIALS' })
  })

  t.test('only calls API v2 paths', async (t) => {
    await t.rejects(
      apiCaller(app, 'default', { userId: 1 })({ method: 'GET', path: '/_mock/health' }),
      /not an API v2 path/
    )
  })
})
