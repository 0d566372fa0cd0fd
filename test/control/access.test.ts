import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

t.test('control token', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_CONTROL_TOKEN: 'sekret' })

  t.test('without the token a control route is a 401 JSON error', async (t) => {
    for (const [method, url] of [
      ['POST', '/_mock/reset'],
      ['GET', '/_mock/instances'],
      ['GET', '/_mock/instances/x/journal']
    ] as const) {
      const res = await app.inject({ method, url })
      t.equal(res.statusCode, 401, url)
      t.equal(json(res).code, 'INVALID_CREDENTIALS')
      t.match(res.headers['content-type'], /application\/json/)
    }
  })

  t.test('a wrong token is refused', async (t) => {
    const res = await app.inject({ url: '/_mock/instances', headers: { 'x-mock-token': 'guess' } })
    t.equal(res.statusCode, 401)
  })

  t.test('X-Mock-Token or Authorization: Bearer lets it through', async (t) => {
    t.equal((await app.inject({ url: '/_mock/instances', headers: { 'x-mock-token': 'sekret' } })).statusCode, 200)
    t.equal(
      (await app.inject({ url: '/_mock/instances', headers: { authorization: 'Bearer sekret' } })).statusCode,
      200
    )
  })

  t.test('health and readiness stay open', async (t) => {
    t.equal((await app.inject({ url: '/_mock/health' })).statusCode, 200)
    t.equal((await app.inject({ url: '/_mock/ready' })).statusCode, 200)
  })
})

t.test('no control token', async (t) => {
  const app = await buildTestApp(t)

  t.test('the control API is open', async (t) => {
    t.equal((await app.inject({ url: '/_mock/instances' })).statusCode, 200)
  })
})
