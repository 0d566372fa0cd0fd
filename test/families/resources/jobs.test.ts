import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { R, call, status } from './helpers.js'

t.test('POST /api/v2/resources/{id}/push and GET push_status/{pid}', async (t) => {
  const app = await buildTestApp(t)
  const clock = app.instances.get('default').clock
  clock.set(Date.parse('2026-02-01T12:00:00Z'))
  const zone = (await call(app, 'POST', `${R}`, { name: 'example.net.', type: 'dnszone', parent_id: '2' })).body

  t.test('answers a pid and status moves from running to finished on the mock clock', async (t) => {
    const push = await call(app, 'POST', `${R}/${zone.id as string}/push`)
    t.equal(push.status, 200)
    t.type(push.body.pid, 'string')
    const url = `${R}/${zone.id as string}/push_status/${push.body.pid as string}`
    const early = await call(app, 'GET', url)
    t.equal(early.status, 200)
    t.equal(early.body.length, 1)
    t.same(early.body[0], {
      msgid: '1', message: early.body[0].message, state: 'running', date_created: '2026-02-01 12:00:00'
    })
    for (const value of Object.values(early.body[0])) t.type(value, 'string')
    clock.advance(5000)
    const late = await call(app, 'GET', `${url}?status_key=x`)
    t.equal(late.body.at(-1).state, 'finished')
  })

  t.test('refuses resources that cannot be pushed and unknown pids', async (t) => {
    t.equal(await status(app, 'POST', `${R}/4/push`), 422)
    t.equal(await status(app, 'GET', `${R}/${zone.id as string}/push_status/424242`), 404)
    t.equal(await status(app, 'POST', `${R}/${zone.id as string}/push`, undefined, 'readonly'), 403)
  })
})

t.test('POST /api/v2/resources/{id}/{action} and GET action_status/{pid}', async (t) => {
  const app = await buildTestApp(t)
  const clock = app.instances.get('default').clock
  clock.set(Date.parse('2026-02-01T12:00:00Z'))

  t.test('runs a named action as a job', async (t) => {
    const run = await call(app, 'POST', `${R}/4/sync`)
    t.equal(run.status, 200)
    t.type(run.body.pid, 'string')
    clock.advance(10_000)
    const status = await call(app, 'GET', `${R}/4/action_status/${run.body.pid as string}`)
    t.equal(status.status, 200)
    t.same(status.body.map((m: { state: string }) => m.state), ['running', 'running', 'finished'])
    t.match(status.body[0].message, /sync/)
  })

  t.test('a push pid is not an action pid, and another resource\'s pid is unknown', async (t) => {
    const run = await call(app, 'POST', `${R}/4/sync`)
    t.equal(await status(app, 'GET', `${R}/5/action_status/${run.body.pid as string}`), 404)
    t.equal(await status(app, 'GET', `${R}/4/push_status/${run.body.pid as string}`), 404)
  })

  t.test('literal paths are not actions', async (t) => {
    const backup = await call(app, 'POST', `${R}/4/backup`)
    t.equal(backup.body.pid, undefined)
    t.equal(backup.body.resource_id, '4')
  })
})
