import t from 'tap'
import { FaultSet, seededRandom } from '../../src/control/faults.js'
import { authAs, buildTestApp, json } from '../helpers/app.js'

t.test('FaultSet', async (t) => {
  t.test('the same seed gives the same draws', async (t) => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const first = Array.from({ length: 20 }, () => a())
    t.same(Array.from({ length: 20 }, () => b()), first)
    t.not(c(), first[0])
    for (const value of first) t.ok(value >= 0 && value < 1)
  })

  t.test('times fails only the next N matching calls', async (t) => {
    const faults = new FaultSet()
    faults.add({ method: 'get', path: '/api/v2/config', status: 500, times: 2 })
    const hits = [1, 2, 3].map(() => faults.decide('GET', '/api/v2/config', null)?.status)
    t.same(hits, [500, 500, undefined])
    t.equal(faults.decide('POST', '/api/v2/config', null), undefined, 'method must match')
    t.match(faults.list()[0], { method: 'GET', remaining: 0, applied: 2 })
  })

  t.test('a uniform latency stays in its range and is reproducible', async (t) => {
    const draw = (): number[] => {
      const faults = new FaultSet()
      faults.add({ operationId: 'x', latency_ms: { min: 10, max: 20 }, seed: 7 })
      return Array.from({ length: 10 }, () => faults.decide('GET', '/', 'x')?.delayMs as number)
    }
    const delays = draw()
    t.same(draw(), delays)
    for (const delay of delays) t.ok(delay >= 10 && delay <= 20, `${delay} in range`)
  })
})

t.test('POST /_mock/instances/{name}/faults', async (t) => {
  const app = await buildTestApp(t)

  t.test('answers the given status and body instead of the mock, and marks the journal', async (t) => {
    const add = await app.inject({
      method: 'POST',
      url: '/_mock/instances/f1/faults',
      payload: { operationId: 'get_config', status: 503, body: { message: 'down' }, times: 1 }
    })
    t.equal(add.statusCode, 201)
    const rule = json(add)
    t.match(rule, {
      id: 'f1',
      operationId: 'get_config',
      status: 503,
      remaining: 1,
      matched: 0,
      applied: 0,
      probability: 1
    })
    t.type(rule.seed, 'number')

    const hit = await app.inject({ url: '/f1/api/v2/config', headers: authAs('admin') })
    t.equal(hit.statusCode, 503)
    t.same(json(hit), { message: 'down' })
    t.equal(hit.headers['x-mock-fault'], 'f1')
    const next = await app.inject({ url: '/f1/api/v2/config', headers: authAs('admin') })
    t.equal(next.statusCode, 200, 'only the next call fails')

    const entries = json(await app.inject({ url: '/_mock/instances/f1/journal' })).entries
    t.same(entries.map((e: any) => [e.status, e.fault]), [[503, 'f1'], [200, null]])
    const listed = json(await app.inject({ url: '/_mock/instances/f1/faults/f1' }))
    t.match(listed, { matched: 1, applied: 1, remaining: 0 })
  })

  t.test('a 200 body is sent as given, not filtered by the route schema', async (t) => {
    await app.inject({
      method: 'POST',
      url: '/_mock/instances/f2/faults',
      payload: { path: '/api/v2/config', status: 200, body: { odd: 1 } }
    })
    const res = await app.inject({ url: '/f2/api/v2/config', headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    t.same(json(res), { odd: 1 })
  })

  t.test('the default body names the rule', async (t) => {
    await app.inject({
      method: 'POST',
      url: '/_mock/instances/f3/faults',
      payload: { method: 'PATCH', path: '/api/v2/*', status: 500 }
    })
    const res = await app.inject({
      method: 'PATCH',
      url: '/f3/api/v2/config',
      headers: authAs('admin'),
      payload: { auto_merge_limits: '2' }
    })
    t.equal(res.statusCode, 500)
    t.same(json(res), { message: 'fault f1 injected by provision-mock', code: 'INJECTED_FAULT' })
    const config = json(await app.inject({ url: '/f3/api/v2/config', headers: authAs('admin') }))
    t.equal(config.auto_merge_limits, '0', 'the handler never ran')
  })

  t.test('latency delays the real answer', async (t) => {
    await app.inject({
      method: 'POST',
      url: '/_mock/instances/f4/faults',
      payload: { operationId: 'get_config', latency_ms: 120 }
    })
    const start = Date.now()
    const res = await app.inject({ url: '/f4/api/v2/config', headers: authAs('admin') })
    t.ok(Date.now() - start >= 110, 'waited')
    t.equal(res.statusCode, 200)
    t.equal(json(await app.inject({ url: '/_mock/instances/f4/journal' })).entries[0].fault, 'f1')
  })

  t.test('a seeded probability hits the same calls on every run', async (t) => {
    const pattern = async (instance: string): Promise<number[]> => {
      await app.inject({
        method: 'POST',
        url: `/_mock/instances/${instance}/faults`,
        payload: { operationId: 'get_config', status: 502, probability: 0.5, seed: 1234 }
      })
      const statuses: number[] = []
      for (let i = 0; i < 24; i++) {
        statuses.push((await app.inject({ url: `/${instance}/api/v2/config`, headers: authAs('admin') })).statusCode)
      }
      return statuses
    }
    const first = await pattern('p1')
    t.same(await pattern('p2'), first)
    t.ok(first.includes(502) && first.includes(200), `a mix: ${first.join(' ')}`)
  })

  t.test('faults never replace a 401', async (t) => {
    await app.inject({
      method: 'POST',
      url: '/_mock/instances/f5/faults',
      payload: { path: '/api/v2/config', status: 500 }
    })
    const res = await app.inject({ url: '/f5/api/v2/config' })
    t.equal(res.statusCode, 401)
  })

  t.test('faults leave CORS preflights alone', async (t) => {
    await app.inject({
      method: 'POST',
      url: '/_mock/instances/f6/faults',
      payload: { path: '/api/v2/config', status: 500 }
    })
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/f6/api/v2/config',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'PATCH' }
    })
    t.equal(res.statusCode, 204)
    t.equal(res.headers['x-mock-fault'], undefined)
  })

  t.test('refuses rules that match nothing or do nothing, and unknown fields', async (t) => {
    const noMatch = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 500 } })
    t.equal(noMatch.statusCode, 422)
    t.equal(json(noMatch).field, 'operationId')
    const misspelt = await app.inject({
      method: 'POST', url: '/_mock/faults', payload: { operationId: 'get_confg', status: 500 }
    })
    t.equal(misspelt.statusCode, 422, 'an operationId no route has would match nothing')
    t.equal(json(misspelt).field, 'operationId')
    t.match(json(misspelt).message, /get_confg/)
    const noEffect = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { path: '/api/v2/config' } })
    t.equal(noEffect.statusCode, 422)
    const range = await app.inject({
      method: 'POST',
      url: '/_mock/faults',
      payload: { path: '/x', latency_ms: { min: 5, max: 1 } }
    })
    t.equal(range.statusCode, 422)
    const unknown = await app.inject({
      method: 'POST',
      url: '/_mock/faults',
      payload: { path: '/x', status: 500, nope: 1 }
    })
    t.equal(unknown.statusCode, 400)
    const probability = await app.inject({
      method: 'POST',
      url: '/_mock/faults',
      payload: { path: '/x', status: 500, probability: 2 }
    })
    t.equal(probability.statusCode, 400)
  })
})

t.test('GET /_mock/instances/{name}/faults', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({
    method: 'POST',
    url: '/_mock/faults',
    payload: { operationId: 'get_config', status: 500, seed: 9 }
  })

  t.test('lists rules per instance', async (t) => {
    const res = await app.inject({ url: '/_mock/faults' })
    t.equal(res.statusCode, 200)
    t.match(json(res), [{ id: 'f1', seed: 9, remaining: null }])
    await app.inject({ method: 'POST', url: '/_mock/instances', payload: { name: 'other' } })
    t.same(json(await app.inject({ url: '/_mock/instances/other/faults' })), [])
  })

  t.test('reading an instance that does not exist is a 404 and does not create it; a write creates it',
    async (t) => {
      for (const path of ['faults', 'journal', 'journal/count', 'invariants', 'snapshots', 'clock']) {
        const res = await app.inject({ url: `/_mock/instances/never-made/${path}` })
        t.equal(res.statusCode, 404, path)
        t.equal(json(res).field, 'name')
      }
      const gone = await app.inject({ method: 'DELETE', url: '/_mock/instances/never-made/faults' })
      t.equal(gone.statusCode, 404)
      const list = json(await app.inject({ url: '/_mock/instances' })).map((i: { name: string }) => i.name)
      t.notOk(list.includes('never-made'), 'looking did not create it')
      const set = await app.inject({
        method: 'POST',
        url: '/_mock/instances/made-by-write/faults',
        payload: { operationId: 'get_config', status: 500 }
      })
      t.equal(set.statusCode, 201, 'a suite may set faults before its first API call')
      await app.inject({ method: 'DELETE', url: '/_mock/instances/default' })
      for (const url of ['/_mock/journal/count', '/_mock/instances/default/journal/count']) {
        t.equal((await app.inject({ url })).statusCode, 200, `${url}: default always exists`)
      }
      t.equal((await app.inject({ url: '/_mock/instances/made-by-write/faults' })).statusCode, 200)
    })
})

t.test('DELETE /_mock/instances/{name}/faults/{id}', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { operationId: 'get_config', status: 500 } })

  t.test('removes the rule, and the API answers normally again', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/_mock/instances/default/faults/f1' })
    t.equal(res.statusCode, 204)
    t.equal((await app.inject({ url: '/api/v2/config', headers: authAs('admin') })).statusCode, 200)
    const again = await app.inject({ method: 'DELETE', url: '/_mock/faults/f1' })
    t.equal(again.statusCode, 404)
    t.equal(json(again).code, 'NOT_FOUND')
  })
})

t.test('DELETE /_mock/instances/{name}/faults', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { operationId: 'get_config', status: 500 } })
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { operationId: 'patch_config', status: 500 } })

  t.test('removes every rule', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: '/_mock/faults' })).statusCode, 204)
    t.same(json(await app.inject({ url: '/_mock/faults' })), [])
  })
})
