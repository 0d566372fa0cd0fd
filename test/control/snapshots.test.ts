import t from 'tap'
import { insertResource } from '../../src/families/resources/store.js'
import { authAs, buildTestApp, json } from '../helpers/app.js'

const admin = authAs('admin')
const steps = [
  { afterMs: 0, state: 'running' as const, message: 'started' },
  { afterMs: 5000, state: 'finished' as const, message: 'done' }
]

t.test('POST /_mock/instances/{name}/snapshots', async (t) => {
  const app = await buildTestApp(t)

  t.test('saves a snapshot and lists it', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/_mock/instances/s/snapshots', payload: { name: 'baseline' } })
    t.equal(res.statusCode, 201)
    const body = json(res)
    t.equal(body.name, 'baseline')
    t.match(body.created, /^\d{4}-/)
    t.ok(body.bytes > 0)
    const list = json(await app.inject({ url: '/_mock/instances/s/snapshots' }))
    t.same(list.map((s: any) => s.name), ['baseline'])
  })

  t.test('refuses a bad name', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/_mock/snapshots', payload: { name: 'a/b' } })
    t.equal(res.statusCode, 400)
    t.equal(json(res).field, 'body.name')
  })
})

t.test('POST /_mock/instances/{name}/snapshots/{snapshot}/restore', async (t) => {
  const app = await buildTestApp(t)

  t.test('a restored instance answers exactly as when saved: data, jobs, clock, job speed', async (t) => {
    const instance = app.instances.get('rt')
    await app.inject({
      method: 'PATCH',
      url: '/rt/api/v2/config',
      headers: admin,
      payload: { holding_tank_days: '12' }
    })
    await app.inject({ method: 'PUT', url: '/_mock/instances/rt/clock', payload: { time: '2030-01-01T00:00:00Z' } })
    const pid = instance.jobs.start('push', 42, steps)
    const id = insertResource(instance.db, { parent_id: 2, type: 'entry', name: 'Saved' }, instance.clock.now())
    const configBefore = (await app.inject({ url: '/rt/api/v2/config', headers: admin })).body
    const jobBefore = instance.jobs.status(pid, 'push', 42)
    await app.inject({ method: 'POST', url: '/_mock/instances/rt/snapshots', payload: { name: 'one' } })

    await app.inject({
      method: 'PATCH',
      url: '/rt/api/v2/config',
      headers: admin,
      payload: { holding_tank_days: '99' }
    })
    await app.inject({ method: 'POST', url: '/_mock/instances/rt/clock/advance', payload: { days: 3 } })
    await app.inject({ method: 'PUT', url: '/_mock/instances/rt/clock/job-speed', payload: { speed: 'immediate' } })
    instance.jobs.start('push', 43, steps)
    instance.db.prepare('DELETE FROM resources WHERE id = ?').run(id)
    t.same(instance.jobs.status(pid, 'push', 42)?.map((m) => m.state), ['running', 'finished'], 'the job moved on')

    const res = await app.inject({ method: 'POST', url: '/_mock/instances/rt/snapshots/one/restore' })
    t.equal(res.statusCode, 200)
    t.match(json(res), { instance: 'rt', snapshot: 'one' })
    t.type(json(res).ms, 'number')

    t.equal((await app.inject({ url: '/rt/api/v2/config', headers: admin })).body, configBefore)
    t.same(instance.jobs.status(pid, 'push', 42), jobBefore)
    t.equal(instance.jobs.get(String(Number(pid) + 1)), undefined, 'the later job is gone')
    t.equal(instance.db.prepare('SELECT name FROM resources WHERE id = ?').pluck().get(id), 'Saved')
    const clock = json(await app.inject({ url: '/_mock/instances/rt/clock' }))
    t.match(clock, { iso: '2030-01-01T00:00:00.000Z', frozen: true, job_speed: 'clock' })
  })

  t.test('restores more than once, and survives a reset', async (t) => {
    await app.inject({ method: 'POST', url: '/_mock/instances/rt/reset' })
    t.equal(json(await app.inject({ url: '/rt/api/v2/config', headers: admin })).holding_tank_days, '30')
    await app.inject({ method: 'POST', url: '/_mock/instances/rt/snapshots/one/restore' })
    t.equal(json(await app.inject({ url: '/rt/api/v2/config', headers: admin })).holding_tank_days, '12')
  })

  t.test('an unknown snapshot is a 404', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/_mock/snapshots/none/restore' })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'NOT_FOUND')
  })
})

t.test('DELETE /_mock/instances/{name}/snapshots/{snapshot}', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url: '/_mock/snapshots', payload: { name: 'x' } })

  t.test('deletes it', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: '/_mock/snapshots/x' })).statusCode, 204)
    t.same(json(await app.inject({ url: '/_mock/snapshots' })), [])
    t.equal((await app.inject({ method: 'DELETE', url: '/_mock/instances/default/snapshots/x' })).statusCode, 404)
  })
})
