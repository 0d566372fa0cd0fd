import t from 'tap'
import { authAs, basic, buildTestApp, json } from '../../helpers/app.js'

t.test('DELETE /api/v2/users/{id}', async (t) => {
  const app = await buildTestApp(t)
  const admin = authAs('admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/v2/users',
    headers: admin,
    payload: { username: 'owner@example.com', password: 'owner-pass', groups: ['1'] }
  })
  t.equal(created.statusCode, 201)
  const owner = json(created)
  const asOwner = { authorization: basic('owner@example.com', 'owner-pass') }

  t.test('is refused while the user owns an ACP workflow, saying what to do', async (t) => {
    const workflow = await app.inject({
      method: 'POST',
      url: '/api/v2/acp/workflows',
      headers: asOwner,
      payload: { slug: 'owned', name: 'Owned', steps: [{ name: 'read', method: 'GET', path: '/api/v2/config' }] }
    })
    t.equal(workflow.statusCode, 201)
    const refused = await app.inject({ method: 'DELETE', url: `/api/v2/users/${owner.id}`, headers: admin })
    t.equal(refused.statusCode, 409)
    t.match(json(refused).message, /owns ACP workflow owned: delete them or give them another owner/)
    t.equal((await app.inject({ url: `/api/v2/users/${owner.id}`, headers: admin })).statusCode, 200, 'still there')
    t.equal(
      (await app.inject({ method: 'DELETE', url: '/api/v2/acp/workflows/owned', headers: admin })).statusCode,
      204
    )
  })

  t.test('is refused while the user owns a scheduler task', async (t) => {
    const task = await app.inject({
      method: 'POST',
      url: '/api/v2/scheduler/tasks',
      headers: asOwner,
      payload: {
        name: 'Tank',
        type: 'dns_push_all',
        parameters: {},
        schedule: 'daily',
        start_time: '2031-01-01 00:00:00'
      }
    })
    t.equal(task.statusCode, 201, task.body)
    const refused = await app.inject({ method: 'DELETE', url: `/api/v2/users/${owner.id}`, headers: admin })
    t.equal(refused.statusCode, 409)
    t.match(json(refused).message, /owns scheduler task/)
    const id = json(task).id
    t.equal(
      (await app.inject({ method: 'DELETE', url: `/api/v2/scheduler/tasks/${id}`, headers: admin })).statusCode,
      204
    )
  })

  t.test('succeeds once nothing is owned', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: `/api/v2/users/${owner.id}`, headers: admin })).statusCode, 204)
  })
})
