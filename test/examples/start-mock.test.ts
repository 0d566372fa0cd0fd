// Example: provision-mock inside a tap suite, in-process, over real HTTP.
//
//   import { startMock } from 'provision-mock'
//
// startMock() listens on 127.0.0.1 and a free port. Point the client under test at `mock.url`
// (or at `mock.instanceUrl(name)` to give each suite its own isolated instance); it appends
// /api/v2/... as ProVision clients do. Reset between tests; close when done.
import t from 'tap'
import { startMock } from '../../src/index.js'

const auth = 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64')

t.test('startMock', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const suite = await mock.createInstance('example-suite')

  t.afterEach(async () => {
    await mock.reset('example-suite')
  })

  t.test('serves the API over HTTP on a free port', async (t) => {
    t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    t.equal(suite, mock.instanceUrl('example-suite'))
    const res = await fetch(`${suite}/api/v2/config`, {
      method: 'PATCH',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ auto_merge_limits: '10' })
    })
    t.equal(res.status, 200)
    t.equal((await res.json() as any).auto_merge_limits, '10')
  })

  t.test('reset between tests gives every test the fixture state', async (t) => {
    const res = await fetch(`${suite}/api/v2/config`, { headers: { authorization: auth } })
    t.equal((await res.json() as any).auto_merge_limits, '0')
    const journal = await (await fetch(`${mock.url}/_mock/instances/example-suite/journal/count`)).json()
    t.same(journal, { count: 1, dropped: 0 })
  })

  t.test('the default instance is separate', async (t) => {
    const res = await fetch(`${mock.url}/api/v2/config`, { headers: { authorization: auth } })
    t.equal(res.status, 200)
  })
})

t.test('startMock with a control token', async (t) => {
  const mock = await startMock({ controlToken: 'sekret', journalSize: 5 })
  t.teardown(() => mock.close())

  t.test('the helpers send the token; plain requests need it', async (t) => {
    await mock.createInstance('guarded')
    await mock.reset('guarded')
    t.equal((await fetch(`${mock.url}/_mock/instances`)).status, 401)
    const res = await fetch(`${mock.url}/_mock/instances/guarded/journal`, { headers: { 'x-mock-token': 'sekret' } })
    t.equal((await res.json() as any).capacity, 5)
  })

  t.test('a failing helper call rejects with the answer', async (t) => {
    await t.rejects(mock.createInstance('guarded'), /answered 409/)
  })
})
