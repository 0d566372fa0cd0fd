import t from 'tap'
import { Journal } from '../../src/control/journal.js'
import { authAs, buildTestApp, json } from '../helpers/app.js'

function entry (path: string, status = 200): Parameters<Journal['add']>[0] {
  return {
    time: Date.parse('2030-01-01T00:00:00.000Z'),
    method: 'GET',
    path,
    query: {},
    body: null,
    status,
    user: null,
    operationId: null,
    duration_ms: 1,
    fault: null
  }
}

t.test('Journal', async (t) => {
  t.test('keeps the newest entries up to its capacity and counts what it dropped', async (t) => {
    const journal = new Journal(3)
    for (let i = 1; i <= 5; i++) journal.add(entry(`/api/v2/x/${i}`))
    t.equal(journal.size, 3)
    t.equal(journal.dropped, 2)
    t.same(journal.list().map((e) => e.path), ['/api/v2/x/3', '/api/v2/x/4', '/api/v2/x/5'])
    t.same(journal.list().map((e) => e.seq), [3, 4, 5])
    t.equal(journal.list()[0].time, '2030-01-01T00:00:00.000Z', 'times are kept as numbers, listed as ISO text')
    t.equal(journal.count({ path: '/api/v2/x/*' }), 3)
  })

  t.test('a capacity of 0 keeps nothing and counts everything as dropped', async (t) => {
    const journal = new Journal(0)
    journal.add(entry('/a'))
    t.equal(journal.size, 0)
    t.equal(journal.dropped, 1)
    t.same(journal.list(), [])
  })

  t.test('filters by path glob and status; clear empties it', async (t) => {
    const journal = new Journal(10)
    journal.add(entry('/api/v2/ipam/blocks/1'))
    journal.add(entry('/api/v2/ipam/blocks/2', 404))
    journal.add(entry('/api/v2/dns/zones'))
    t.equal(journal.count({ path: '/api/v2/ipam/**' }), 2)
    t.equal(journal.count({ path: '/api/v2/ipam/*' }), 0)
    t.equal(journal.count({ path: '/api/v2/ipam/blocks/*', status: 404 }), 1)
    journal.clear()
    t.equal(journal.size, 0)
    t.equal(journal.dropped, 0)
  })
})

t.test('GET /_mock/instances/{name}/journal', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_JOURNAL_SIZE: '3' })
  await app.inject({ url: '/j1/api/v2/config', headers: authAs('readonly'), query: { a: '1' } })
  await app.inject({
    method: 'PATCH', url: '/j1/api/v2/config', headers: authAs('admin'), payload: { auto_merge_limits: '4' }
  })
  await app.inject({ url: '/j1/api/v2/config' })

  t.test('records method, path, query, body, status, user, operationId and time', async (t) => {
    const res = await app.inject({ url: '/_mock/instances/j1/journal' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.same({ capacity: body.capacity, size: body.size, dropped: body.dropped, count: body.count },
      { capacity: 3, size: 3, dropped: 0, count: 3 })
    const [get, patch, anonymous] = body.entries
    t.match(get, {
      seq: 1,
      method: 'GET',
      path: '/api/v2/config',
      query: { a: '1' },
      body: null,
      status: 200,
      user: 'readonly@example.com',
      operationId: 'get_config',
      fault: null
    })
    t.match(get.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    t.type(get.duration_ms, 'number')
    t.match(patch, { method: 'PATCH', body: { auto_merge_limits: '4' }, user: 'admin@example.com', status: 200 })
    t.match(anonymous, { status: 401, user: null })
  })

  t.test('filters by method, path, operationId and status, and limit keeps the newest', async (t) => {
    const by = async (query: Record<string, string>): Promise<any> =>
      json(await app.inject({ url: '/_mock/instances/j1/journal', query }))
    t.equal((await by({ method: 'patch' })).count, 1)
    t.equal((await by({ operationId: 'get_config' })).count, 2)
    t.equal((await by({ status: '401' })).count, 1)
    t.equal((await by({ path: '/api/v2/*' })).count, 3)
    t.equal((await by({ path: '/api/v2/dns/**' })).count, 0)
    const limited = await by({ limit: '1' })
    t.equal(limited.count, 3)
    t.same(limited.entries.map((e: any) => e.seq), [3])
    const bad = await app.inject({ url: '/_mock/instances/j1/journal', query: { status: 'x' } })
    t.equal(bad.statusCode, 400)
  })

  t.test('is bounded: a fourth request drops the oldest and counts it', async (t) => {
    await app.inject({ url: '/j1/api/v2/config', headers: authAs('admin') })
    const body = json(await app.inject({ url: '/_mock/instances/j1/journal' }))
    t.equal(body.size, 3)
    t.equal(body.dropped, 1)
    t.same(body.entries.map((e: any) => e.seq), [2, 3, 4])
  })

  t.test('does not journal control or docs requests, nor other instances', async (t) => {
    await app.inject({ url: '/j2/api/v2/config', headers: authAs('admin') })
    await app.inject({ url: '/j1/dev/openapi' })
    const body = json(await app.inject({ url: '/_mock/instances/j1/journal' }))
    t.same(body.entries.map((e: any) => e.seq), [2, 3, 4])
    const other = json(await app.inject({ url: '/_mock/instances/j2/journal' }))
    t.equal(other.count, 1)
  })
})

t.test('GET /_mock/instances/{name}/journal/count', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ url: '/api/v2/config', headers: authAs('admin') })
  await app.inject({ url: '/api/v2/config', headers: authAs('admin') })
  await app.inject({ url: '/api/v2/nope', headers: authAs('admin') })

  t.test('counts matches; the unprefixed form is the default instance', async (t) => {
    const res = await app.inject({ url: '/_mock/journal/count', query: { operationId: 'get_config' } })
    t.equal(res.statusCode, 200)
    t.same(json(res), { count: 2, dropped: 0 })
    const prefixed = json(await app.inject({ url: '/_mock/instances/default/journal/count', query: { status: '404' } }))
    t.same(prefixed, { count: 1, dropped: 0 })
  })
})

t.test('DELETE /_mock/instances/{name}/journal', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ url: '/api/v2/config', headers: authAs('admin') })

  t.test('empties the journal', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/_mock/journal' })
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.equal(json(await app.inject({ url: '/_mock/journal/count' })).count, 0)
  })
})

t.test('journal bodies', async (t) => {
  const app = await buildTestApp(t)

  t.test('a body over 64 KiB is kept as its size only', async (t) => {
    const payload = JSON.stringify({ auto_merge_limits: '1', padding: 'x'.repeat(70000) })
    await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: { ...authAs('admin'), 'content-type': 'application/json' },
      payload
    })
    const [entry] = json(await app.inject({ url: '/_mock/journal' })).entries
    t.same(entry.body, { truncated: true, bytes: Buffer.byteLength(payload) })
    t.equal(entry.status, 400)
  })
})
