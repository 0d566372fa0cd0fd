import t from 'tap'
import { Type } from 'typebox'
import type { App } from '../../../src/app.js'
import type { TaskDefinition } from '../../../src/core/tasks.js'
import { ownedBy } from '../../../src/families/scheduler/store.js'
import { authAs, buildTestApp, json } from '../../helpers/app.js'

type Test = Parameters<Parameters<typeof t.test>[0]>[0]

const hour = 3_600_000
const t0 = Date.parse('2030-01-01T00:00:00Z')
const url = '/api/v2/scheduler/tasks'

/** An app on a frozen clock with a fake task type `test_count` that counts its calls by label. */
async function setup (t: Test): Promise<{ app: App, calls: string[], advance: (ms: number) => void }> {
  const app = await buildTestApp(t)
  const calls: string[] = []
  const counter: TaskDefinition = {
    type: 'test_count',
    description: 'counts its calls',
    parameters: Type.Object({ label: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    run: (instance, parameters) => {
      calls.push(`${String(parameters.label)}@${(instance.clock.now() - t0) / hour}h`)
      return parameters.label === 'fail'
        ? { state: 'error', message: 'it failed' }
        : { state: 'finished', message: 'counted' }
    }
  }
  app.tasks.set(counter.type, counter)
  const clock = app.instances.get('default').clock
  clock.set(t0)
  return { app, calls, advance: (ms) => clock.advance(ms) }
}

function task (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'count',
    type: 'test_count',
    parameters: { label: 'a' },
    schedule: 'hourly',
    start_time: '2030-01-01 01:00:00',
    ...overrides
  }
}

function checkTaskShape (t: Test, body: Record<string, any>): void {
  for (const key of ['id', 'name', 'type', 'schedule', 'start_time', 'owner_id', 'owner', 'date', 'modified']) {
    t.type(body[key], 'string', `${key} is a string`)
  }
  t.type(body.enabled, 'boolean')
  t.type(body.parameters, 'object')
  t.ok(body.next_run === null || typeof body.next_run === 'string', 'next_run is a string or null')
  t.ok(body.last_run === null || typeof body.last_run === 'string', 'last_run is a string or null')
}

t.test('GET /api/v2/scheduler/task_types', async (t) => {
  const { app } = await setup(t)

  t.test('lists every registered type with its parameter schema', async (t) => {
    const res = await app.inject({ url: '/api/v2/scheduler/task_types', headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    const types = json<Array<{ type: string, description: string, parameters: Record<string, any> }>>(res)
    const counter = types.find((type) => type.type === 'test_count')
    t.equal(counter?.description, 'counts its calls')
    t.same(counter?.parameters.required, ['label'])
    t.ok(types.some((type) => type.type === 'acp_run_workflow'), 'the ACP family offers its task')
  })

  t.test('is admin only', async (t) => {
    const res = await app.inject({ url: '/api/v2/scheduler/task_types', headers: authAs('readonly') })
    t.equal(res.statusCode, 403)
    t.equal(json(res).code, 'PERMISSION_DENIED')
  })
})

t.test('POST /api/v2/scheduler/tasks', async (t) => {
  const { app, calls } = await setup(t)
  const post = async (body: unknown, user: 'admin' | 'readonly' = 'admin') =>
    await app.inject({ method: 'POST', url, headers: authAs(user), payload: body as Record<string, unknown> })

  t.test('creates a task owned by the caller, planned at its start', async (t) => {
    const res = await post(task())
    t.equal(res.statusCode, 201)
    const body = json(res)
    checkTaskShape(t, body)
    t.match(body, {
      name: 'count',
      type: 'test_count',
      parameters: { label: 'a' },
      schedule: 'hourly',
      start_time: '2030-01-01 01:00:00',
      enabled: true,
      owner_id: '1',
      owner: 'admin@example.com',
      next_run: '2030-01-01 01:00:00',
      last_run: null,
      last_result: null
    })
  })

  t.test('a repeating task whose start has passed is planned at its next occurrence', async (t) => {
    const res = await post(task({ schedule: 'daily', start_time: '2029-12-25T06:00:00Z' }))
    t.equal(res.statusCode, 201)
    t.equal(json(res).next_run, '2030-01-01 06:00:00')
    t.same(calls, [], 'and nothing ran')
  })

  t.test('a one-off whose start has passed runs at once', async (t) => {
    const res = await post(task({ schedule: 'once', start_time: '2029-12-31 00:00:00', parameters: { label: 'now' } }))
    t.equal(res.statusCode, 201)
    const body = json(res)
    t.equal(body.next_run, null)
    t.equal(body.last_run, '2030-01-01 00:00:00')
    t.same(body.last_result, { state: 'finished', message: 'counted' })
    t.same(calls, ['now@0h'])
  })

  t.test('can be given to another owner', async (t) => {
    const res = await post(task({ owner_id: '3', enabled: false }))
    t.equal(res.statusCode, 201)
    t.match(json(res), { owner_id: '3', owner: 'acme@example.com', enabled: false, next_run: null })
  })

  t.test('an unknown type is a 422 naming the field', async (t) => {
    const res = await post(task({ type: 'no_such_type' }))
    t.equal(res.statusCode, 422)
    t.match(json(res), { code: 'UNPROCESSABLE', field: 'type', message: /no_such_type is not offered/ })
  })

  t.test('parameters are checked against the type\'s schema', async (t) => {
    const wrong = await post(task({ parameters: { label: 5 } }))
    t.equal(wrong.statusCode, 422)
    t.equal(json(wrong).field, 'parameters.label')
    const missing = await post(task({ parameters: {} }))
    t.equal(missing.statusCode, 422)
    t.match(json(missing), { field: 'parameters.label', message: /is required/ })
    const extra = await post(task({ parameters: { label: 'a', other: 1 } }))
    t.equal(extra.statusCode, 422)
  })

  t.test('an invalid schedule or start time is a 400 naming the field', async (t) => {
    const schedule = await post(task({ schedule: 'fortnightly' }))
    t.equal(schedule.statusCode, 400)
    t.equal(json(schedule).field, 'body.schedule')
    const start = await post(task({ start_time: '2030-02-30 00:00:00' }))
    t.equal(start.statusCode, 400)
    t.equal(json(start).field, 'start_time')
    const missing = await post({ name: 'x', type: 'test_count', schedule: 'daily' })
    t.equal(missing.statusCode, 400)
    t.equal(json(missing).field, 'body.start_time')
  })

  t.test('an unknown owner is a 422', async (t) => {
    const res = await post(task({ owner_id: 999 }))
    t.equal(res.statusCode, 422)
    t.equal(json(res).field, 'owner_id')
  })

  t.test('is admin only', async (t) => {
    const res = await post(task(), 'readonly')
    t.equal(res.statusCode, 403)
  })

  t.test('ownedBy tells the users family what blocks deleting an owner', async (t) => {
    const db = app.instances.get('default').db
    t.match(ownedBy(db, 1), /^user 1 owns scheduler tasks 1, 2, 3: delete them or give them another owner/)
    t.match(ownedBy(db, 3), /^user 3 owns scheduler task 4: /)
    t.equal(ownedBy(db, 2), undefined)
  })
})

t.test('GET /api/v2/scheduler/tasks', async (t) => {
  const { app } = await setup(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task() })
  await app.inject({
    method: 'POST',
    url,
    headers: authAs('admin'),
    payload: task({ type: 'acp_run_workflow', parameters: { workflow: 'x' } })
  })

  t.test('is a bare array ordered by id', async (t) => {
    const res = await app.inject({ url, headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    const body = json<Array<Record<string, any>>>(res)
    t.same(body.map((item) => item.id), ['1', '2'])
    for (const item of body) checkTaskShape(t, item)
  })

  t.test('filters by type and pages', async (t) => {
    const typed = json<any[]>(await app.inject({ url: `${url}?type=acp_run_workflow`, headers: authAs('admin') }))
    t.same(typed.map((item) => item.id), ['2'])
    const paged = json<any[]>(await app.inject({ url: `${url}?offset=1&limit=1`, headers: authAs('admin') }))
    t.same(paged.map((item) => item.id), ['2'])
  })

  t.test('is admin only', async (t) => {
    t.equal((await app.inject({ url, headers: authAs('readonly') })).statusCode, 403)
  })
})

t.test('GET /api/v2/scheduler/tasks/{id}', async (t) => {
  const { app } = await setup(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task() })

  t.test('answers one task', async (t) => {
    const res = await app.inject({ url: `${url}/1`, headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    checkTaskShape(t, json(res))
  })

  t.test('an unknown id is a 404', async (t) => {
    const res = await app.inject({ url: `${url}/99`, headers: authAs('admin') })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'NOT_FOUND')
  })
})

t.test('PATCH /api/v2/scheduler/tasks/{id}', async (t) => {
  const { app, calls, advance } = await setup(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task() })
  const patch = async (body: Record<string, unknown>) =>
    await app.inject({ method: 'PATCH', url: `${url}/1`, headers: authAs('admin'), payload: body })

  t.test('disabling stops the task and enabling plans it from now', async (t) => {
    const off = await patch({ enabled: false })
    t.equal(off.statusCode, 200)
    t.match(json(off), { enabled: false, next_run: null })
    advance(3 * hour)
    t.same(calls, [], 'a disabled task does not fire')
    const on = await patch({ enabled: true })
    t.match(json(on), { enabled: true, last_run: '2030-01-01 03:00:00', next_run: '2030-01-01 04:00:00' })
    t.same(calls, ['a@3h'], 'due at once, so it ran as the patch finished')
  })

  t.test('a new schedule plans the next run afresh', async (t) => {
    const res = await patch({ schedule: 'daily', start_time: '2030-01-02 00:00:00', name: 'daily count' })
    t.equal(res.statusCode, 200)
    t.match(json(res), { name: 'daily count', schedule: 'daily', next_run: '2030-01-02 00:00:00' })
  })

  t.test('bad input is refused and nothing changes', async (t) => {
    t.equal((await patch({ type: 'no_such_type' })).statusCode, 422)
    t.equal((await patch({ parameters: { label: '' } })).statusCode, 422)
    t.equal((await patch({ schedule: 'yearly' })).statusCode, 400)
    t.equal((await patch({})).statusCode, 400)
    const after = json(await app.inject({ url: `${url}/1`, headers: authAs('admin') }))
    t.match(after, { schedule: 'daily', parameters: { label: 'a' } })
  })

  t.test('owner_id hands the task over', async (t) => {
    t.match(json(await patch({ owner_id: 2 })), { owner_id: '2', owner: 'readonly@example.com' })
  })

  t.test('an unknown task is a 404 and a non-admin a 403', async (t) => {
    const missing = await app.inject({
      method: 'PATCH',
      url: `${url}/99`,
      headers: authAs('admin'),
      payload: { name: 'x' }
    })
    t.equal(missing.statusCode, 404)
    const denied = await app.inject({
      method: 'PATCH',
      url: `${url}/1`,
      headers: authAs('scoped'),
      payload: { name: 'x' }
    })
    t.equal(denied.statusCode, 403)
  })
})

t.test('DELETE /api/v2/scheduler/tasks/{id}', async (t) => {
  const { app } = await setup(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task() })

  t.test('is admin only', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/1`, headers: authAs('readonly') })).statusCode, 403)
  })

  t.test('deletes the task, then it is gone', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: `${url}/1`, headers: authAs('admin') })
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.equal((await app.inject({ url: `${url}/1`, headers: authAs('admin') })).statusCode, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/1`, headers: authAs('admin') })).statusCode, 404)
  })
})

t.test('POST /api/v2/scheduler/tasks/{id}/run', async (t) => {
  const { app, calls } = await setup(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task() })
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task({ parameters: { label: 'fail' } }) })

  t.test('runs the task at once and answers the finished run', async (t) => {
    const res = await app.inject({ method: 'POST', url: `${url}/1/run`, headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    t.same(json(res), {
      id: '1',
      task_id: '1',
      trigger: 'manual',
      scheduled_time: null,
      start_time: '2030-01-01 00:00:00',
      end_time: '2030-01-01 00:00:00',
      state: 'finished',
      message: 'counted'
    })
    t.same(calls, ['a@0h'])
    const after = json(await app.inject({ url: `${url}/1`, headers: authAs('admin') }))
    t.equal(after.next_run, '2030-01-01 01:00:00', 'the schedule did not move')
    t.equal(after.last_run, '2030-01-01 00:00:00')
  })

  t.test('a failing task is a 200 whose run says error', async (t) => {
    const res = await app.inject({ method: 'POST', url: `${url}/2/run`, headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    t.match(json(res), { state: 'error', message: 'it failed' })
  })

  t.test('an unknown task is a 404 and a non-admin a 403', async (t) => {
    t.equal((await app.inject({ method: 'POST', url: `${url}/9/run`, headers: authAs('admin') })).statusCode, 404)
    t.equal((await app.inject({ method: 'POST', url: `${url}/1/run`, headers: authAs('readonly') })).statusCode, 403)
  })
})

t.test('GET /api/v2/scheduler/tasks/{id}/runs', async (t) => {
  const { app, calls, advance } = await setup(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: task() })
  await app.inject({
    method: 'POST',
    url,
    headers: authAs('admin'),
    payload: task({ schedule: 'once', start_time: '2030-01-01 02:30:00', parameters: { label: 'b' } })
  })

  t.test('advancing the clock fires each due occurrence in order', async (t) => {
    advance(3 * hour)
    t.same(calls, ['a@3h', 'a@3h', 'b@3h', 'a@3h'], 'ran within the clock change, earliest due first')
    const res = await app.inject({ url: `${url}/1/runs`, headers: authAs('admin') })
    t.equal(res.statusCode, 200)
    const runs = json<Array<Record<string, any>>>(res)
    t.same(runs.map((run) => run.scheduled_time), ['2030-01-01 03:00:00', '2030-01-01 02:00:00', '2030-01-01 01:00:00'],
      'newest first')
    for (const run of runs) {
      t.match(run, {
        task_id: '1',
        trigger: 'schedule',
        state: 'finished',
        message: 'counted',
        start_time: '2030-01-01 03:00:00'
      })
      t.type(run.id, 'string')
    }
    const task = json(await app.inject({ url: `${url}/1`, headers: authAs('admin') }))
    t.match(task, {
      next_run: '2030-01-01 04:00:00',
      last_run: '2030-01-01 03:00:00',
      last_result: { state: 'finished' }
    })
    const once = json(await app.inject({ url: `${url}/2`, headers: authAs('admin') }))
    t.equal(once.next_run, null, 'a one-off is done after its run')
  })

  t.test('pages with offset and limit', async (t) => {
    const runs = json<any[]>(await app.inject({ url: `${url}/1/runs?offset=1&limit=1`, headers: authAs('admin') }))
    t.same(runs.map((run) => run.scheduled_time), ['2030-01-01 02:00:00'])
  })

  t.test('an unknown task is a 404', async (t) => {
    t.equal((await app.inject({ url: `${url}/9/runs`, headers: authAs('admin') })).statusCode, 404)
  })
})
