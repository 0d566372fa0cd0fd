import t from 'tap'
import { authAs, buildTestApp, json } from '../helpers/app.js'

t.test('error responses', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_BODY_LIMIT: '2048' })
  const admin = authAs('admin')

  const expectError = (t: any, res: any, status: number, code: string) => {
    t.equal(res.statusCode, status)
    t.match(res.headers['content-type'], /^application\/json/)
    const body = json(res)
    t.type(body.message, 'string')
    t.ok(body.message.length > 0)
    t.equal(body.code, code)
    t.notMatch(res.body, /at .*\.ts:\d+/, 'no stack trace')
    return body
  }

  t.test('malformed JSON is a 400', async (t) => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"a":'
    })
    expectError(t, res, 400, 'BAD_REQUEST')
  })

  t.test('a body nested a thousand deep is a 400, and the journal that recorded it still reads', async (t) => {
    const deep = '{"a":' + '['.repeat(1000) + ']'.repeat(1000) + '}'
    const res = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: { ...admin, 'content-type': 'application/json' }, payload: deep
    })
    expectError(t, res, 400, 'BAD_REQUEST')
    t.match(json(res).message, /nests deeper than 64/)
    const journal = await app.inject({ url: '/_mock/journal' })
    t.equal(journal.statusCode, 200)
    const brackets = '{"a":"' + '['.repeat(200) + '"}'
    const inString = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: brackets
    })
    t.equal(inString.statusCode, 400, 'brackets inside a string do not count as nesting (the key is unknown)')
    t.notMatch(json(inString).message, /nests deeper/)
  })

  t.test('a wrong type is a 400 naming the field', async (t) => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: admin,
      payload: { holding_tank_days: [1] }
    })
    const body = expectError(t, res, 400, 'BAD_REQUEST')
    t.equal(body.field, 'body.holding_tank_days')
  })

  t.test('an empty body where one is required is a 400', async (t) => {
    const res = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: { ...admin, 'content-type': 'application/json' }, payload: ''
    })
    expectError(t, res, 400, 'BAD_REQUEST')
  })

  t.test('no credentials is a 401', async (t) => {
    expectError(t, await app.inject({ url: '/api/v2/config' }), 401, 'INVALID_CREDENTIALS')
  })

  t.test('no right is a 403', async (t) => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: authAs('readonly'),
      payload: { holding_tank_days: '1' }
    })
    expectError(t, res, 403, 'PERMISSION_DENIED')
  })

  t.test('an unknown route is a 404, under /api/v2 and elsewhere', async (t) => {
    expectError(t, await app.inject({ url: '/api/v2/nothing-here', headers: admin }), 404, 'ROUTE_NOT_FOUND')
    expectError(t, await app.inject({ url: '/nothing-here' }), 404, 'ROUTE_NOT_FOUND')
  })

  t.test('a wrong method is a 405 with Allow', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/config', headers: admin, payload: {} })
    expectError(t, res, 405, 'METHOD_NOT_ALLOWED')
    t.equal(res.headers.allow, 'GET, PATCH')
  })

  t.test('a value outside a set of literals names every allowed value', async (t) => {
    const res = await app.inject({
      method: 'PUT', url: '/_mock/clock/job-speed', payload: { speed: 'warp' }
    })
    expectError(t, res, 400, 'BAD_REQUEST')
    t.equal(json(res).field, 'body.speed')
    t.match(json(res).message, /body\.speed must be one of (immediate, clock|clock, immediate)/)
  })

  t.test('a wrong method on a literal path is a 405 naming its methods, even where a parameter route matches',
    async (t) => {
      for (const [method, url, allow] of [
        ['GET', '/api/v2/resources/query', 'POST'],
        ['GET', '/api/v2/ipam/netblocks/smart_assign', 'PUT'],
        ['PATCH', '/api/v2/ipam/netblocks/smart_assign', 'PUT'],
        ['POST', '/api/v2/ipam/netblocks/smart_assign', 'PUT'],
        ['GET', '/acme/api/v2/resources/query', 'POST']
      ] as const) {
        const headers = { ...admin, 'content-type': 'application/json' }
        const res = await app.inject({ method, url, headers, payload: '{}' })
        expectError(t, res, 405, 'METHOD_NOT_ALLOWED')
        t.equal(res.headers.allow, allow, `${method} ${url}`)
      }
      const real = await app.inject({ url: '/api/v2/resources/abc', headers: admin })
      t.equal(real.statusCode, 400, 'a bad id on a path no literal route has stays a 400')
    })

  t.test('HEAD answers on the health routes and is a 405 naming GET on the API', async (t) => {
    t.equal((await app.inject({ method: 'HEAD', url: '/_mock/health' })).statusCode, 200)
    t.equal((await app.inject({ method: 'HEAD', url: '/_mock/ready' })).statusCode, 200)
    const res = await app.inject({ method: 'HEAD', url: '/api/v2/resources/2', headers: admin })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, PUT, PATCH, DELETE')
  })

  t.test('a body over the limit is a 413', async (t) => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ holding_tank_days: 'x'.repeat(4096) })
    })
    expectError(t, res, 413, 'PAYLOAD_TOO_LARGE')
  })

  t.test('a wrong content type is a 415', async (t) => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: { ...admin, 'content-type': 'text/plain' },
      payload: 'holding_tank_days=1'
    })
    expectError(t, res, 415, 'UNSUPPORTED_MEDIA_TYPE')
  })

  t.test('an operation of the real API that the mock does not emulate is a 501', async (t) => {
    for (const url of ['/api/v2/peering/routers', '/api/v2/contacts', '/api/v2/ssh/credentials/5', '/api/v2/views']) {
      expectError(t, await app.inject({ url, headers: admin }), 501, 'NOT_IMPLEMENTED')
    }
  })

  t.test('nothing was written by any of the refused requests', async (t) => {
    t.equal(json(await app.inject({ url: '/api/v2/config', headers: admin })).holding_tank_days, '30')
  })
})

t.test('GET with a malformed percent-encoding in the path', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ url: '/api/v2/ipam/netblocks/%ZZ', headers: authAs('admin') })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /^application\/json/)
  t.match(json(res), { code: 'BAD_REQUEST', message: /\S/ })
  t.equal(json(res).error, undefined, 'not Fastify\'s own error shape')
})
