import t from 'tap'
import { authAs, buildTestApp } from './helpers/app.js'

t.test('GET /api/v2/config over real HTTP', async (t) => {
  const app = await buildTestApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const base = `http://127.0.0.1:${port}`

  t.test('the health check answers once seeding is done', async (t) => {
    const res = await fetch(`${base}/_mock/health`)
    t.equal(res.status, 200)
    t.match(await res.json(), { status: 'ok' })
  })

  t.test('a client with Basic credentials reads and writes through an instance prefix', async (t) => {
    const headers = { ...authAs('admin'), 'content-type': 'application/json;charset=utf-8', accept: 'application/json' }
    const patched = await fetch(`${base}/ci-run-1/api/v2/config`, {
      method: 'PATCH', headers, body: '{"holding_tank_days":"3"}'
    })
    t.equal(patched.status, 200)
    const read = await fetch(`${base}/ci-run-1/api/v2/config`, { headers })
    t.equal(((await read.json()) as any).holding_tank_days, '3')
    const other = await fetch(`${base}/api/v2/config`, { headers })
    t.equal(((await other.json()) as any).holding_tank_days, '30')
  })

  t.test('a Go-client style bodiless DELETE with a JSON content type is not a 400', async (t) => {
    const res = await fetch(`${base}/api/v2/config`, {
      method: 'DELETE', headers: { ...authAs('admin'), 'content-type': 'application/json' }
    })
    t.equal(res.status, 405)
  })

  t.test('swagger UI is served', async (t) => {
    const res = await fetch(`${base}/dev/swagger`)
    t.equal(res.status, 200)
    t.match(res.headers.get('content-type'), /text\/html/)
    t.match(await res.text(), /swagger-ui/)
  })
})
