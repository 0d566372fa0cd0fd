import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

t.test('GET /_mock/instances/{name}/clock', async (t) => {
  const app = await buildTestApp(t)

  t.test('reads real time by default', async (t) => {
    const res = await app.inject({ url: '/_mock/clock' })
    t.equal(res.statusCode, 200)
    const clock = json(res)
    t.ok(Math.abs(clock.now - Date.now()) < 5000)
    t.same(Object.keys(clock).sort(), ['frozen', 'iso', 'job_speed', 'now', 'offset_ms'])
    t.match(clock, { frozen: false, offset_ms: 0, job_speed: 'clock' })
  })
})

t.test('PUT /_mock/instances/{name}/clock', async (t) => {
  const app = await buildTestApp(t)

  t.test('freezes the clock at an ISO date or ms', async (t) => {
    const res = await app.inject({
      method: 'PUT',
      url: '/_mock/instances/c/clock',
      payload: { time: '2030-01-01T00:00:00Z' }
    })
    t.equal(res.statusCode, 200)
    t.match(json(res), { now: Date.UTC(2030, 0, 1), frozen: true })
    t.equal(app.instances.get('c').clock.now(), Date.UTC(2030, 0, 1))
    const ms = json(await app.inject({ method: 'PUT', url: '/_mock/instances/c/clock', payload: { time: 1000 } }))
    t.equal(ms.now, 1000)
    t.equal(app.instances.get('default').clock.isFrozen(), false, 'other instances keep their clock')
  })

  t.test('runs on from the time with frozen: false', async (t) => {
    const res = json(
      await app.inject({
        method: 'PUT',
        url: '/_mock/instances/c/clock',
        payload: { time: '2040-06-01T00:00:00Z', frozen: false }
      })
    )
    t.equal(res.frozen, false)
    t.ok(Math.abs(res.now - Date.UTC(2040, 5, 1)) < 1000)
  })

  t.test('refuses a date it cannot read', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/_mock/clock', payload: { time: 'tomorrow-ish' } })
    t.equal(res.statusCode, 422)
    t.equal(json(res).field, 'time')
  })
})

t.test('POST /_mock/instances/{name}/clock/advance', async (t) => {
  const app = await buildTestApp(t)

  t.test('moves a frozen clock forward', async (t) => {
    await app.inject({ method: 'PUT', url: '/_mock/clock', payload: { time: 0 } })
    const res = await app.inject({
      method: 'POST',
      url: '/_mock/clock/advance',
      payload: { days: 1, seconds: 2, ms: 3 }
    })
    t.equal(res.statusCode, 200)
    t.match(json(res), { now: 86402003, frozen: true })
  })

  t.test('moves jobs on the clock along', async (t) => {
    const instance = app.instances.get('default')
    const pid = instance.jobs.start('push', 1, [
      { afterMs: 0, state: 'running', message: 'go' }, { afterMs: 3000, state: 'finished', message: 'ok' }
    ])
    t.equal(instance.jobs.currentState(pid), 'running')
    await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { seconds: 3 } })
    t.equal(instance.jobs.currentState(pid), 'finished')
  })

  t.test('refuses negative steps', async (t) => {
    t.equal((await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: -1 } })).statusCode, 400)
    for (const field of ['seconds', 'days', 'ms']) {
      const huge = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { [field]: 1e17 } })
      t.equal(huge.statusCode, 422, field)
      t.equal(json(huge).field, field, 'names the part that is too large')
    }
  })
})

t.test('POST /_mock/instances/{name}/clock/real', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'PUT', url: '/_mock/clock', payload: { time: 0 } })

  t.test('goes back to real time', async (t) => {
    const res = json(await app.inject({ method: 'POST', url: '/_mock/clock/real' }))
    t.match(res, { frozen: false, offset_ms: 0 })
    t.ok(Math.abs(res.now - Date.now()) < 5000)
  })
})

t.test('PUT /_mock/instances/{name}/clock/job-speed', async (t) => {
  const app = await buildTestApp(t)

  t.test('immediate jobs finish at once', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/_mock/clock/job-speed', payload: { speed: 'immediate' } })
    t.equal(res.statusCode, 200)
    t.equal(json(res).job_speed, 'immediate')
    const instance = app.instances.get('default')
    const pid = instance.jobs.start('push', 1, [
      { afterMs: 0, state: 'running', message: 'go' }, { afterMs: 60000, state: 'finished', message: 'ok' }
    ])
    t.equal(instance.jobs.currentState(pid), 'finished')
    const bad = await app.inject({ method: 'PUT', url: '/_mock/clock/job-speed', payload: { speed: 'warp' } })
    t.equal(bad.statusCode, 400)
  })
})
