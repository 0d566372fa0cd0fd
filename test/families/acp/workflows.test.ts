import t from 'tap'
import { ownedBy } from '../../../src/families/acp/store.js'
import { authAs, buildTestApp, json } from '../../helpers/app.js'

type Test = Parameters<Parameters<typeof t.test>[0]>[0]

const url = '/api/v2/acp/workflows'

const configWorkflow = {
  slug: 'settings-copy',
  name: 'Copy a setting',
  description: 'reads, sets holding_tank_days, copies it into auto_merge_limits, reads again',
  steps: [
    { name: 'read', method: 'GET', path: '/api/v2/config' },
    { name: 'change', method: 'PATCH', path: '/api/v2/config', body: { holding_tank_days: '{{input.days | string}}' } },
    {
      name: 'copy',
      method: 'PATCH',
      path: '/api/v2/config',
      body: { auto_merge_limits: '{{steps.change.body.holding_tank_days}}' }
    },
    { name: 'check', method: 'GET', path: '/api/v2/config?was={{steps.read.body.holding_tank_days}}' }
  ]
}

function checkWorkflowShape (t: Test, body: Record<string, any>): void {
  for (const key of ['id', 'slug', 'name', 'description', 'owner_id', 'owner', 'date', 'modified']) {
    t.type(body[key], 'string', `${key} is a string`)
  }
  t.ok(Array.isArray(body.steps), 'steps is an array')
  for (const step of body.steps) {
    t.type(step.name, 'string')
    t.type(step.method, 'string')
    t.type(step.path, 'string')
    t.ok('body' in step, 'every step shows its body (null when none)')
  }
}

t.test('POST /api/v2/acp/workflows', async (t) => {
  const app = await buildTestApp(t)
  const post = async (body: Record<string, unknown>, user: 'admin' | 'readonly' = 'admin') =>
    await app.inject({ method: 'POST', url, headers: authAs(user), payload: body })

  t.test('creates a workflow owned by the caller', async (t) => {
    const res = await post(configWorkflow)
    t.equal(res.statusCode, 201)
    const body = json(res)
    checkWorkflowShape(t, body)
    t.match(body, { id: '1', slug: 'settings-copy', owner_id: '1', owner: 'admin@example.com' })
    t.same(body.steps[0], { name: 'read', method: 'GET', path: '/api/v2/config', body: null })
    t.same(body.steps[1].body, { holding_tank_days: '{{input.days | string}}' })
  })

  t.test('a taken slug is a 409', async (t) => {
    const res = await post(configWorkflow)
    t.equal(res.statusCode, 409)
    t.match(json(res), { code: 'CONFLICT', field: 'slug' })
  })

  const step = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    method: 'GET',
    path: '/api/v2/config',
    ...extra
  })
  const withSteps = (...steps: unknown[]) => ({ slug: 'bad', name: 'bad', steps })

  t.test('a reference to an unknown step is a 422 naming the field', async (t) => {
    const res = await post(withSteps(step('a'), step('b', { method: 'PATCH', body: { x: '{{steps.nope.body.id}}' } })))
    t.equal(res.statusCode, 422)
    t.match(json(res), {
      code: 'UNPROCESSABLE',
      field: 'steps.1.body.x',
      message: /step nope, which this workflow does not have/
    })
  })

  t.test('a reference to a later step, or to itself, is a 422', async (t) => {
    const later = await post(withSteps(step('a', { path: '/api/v2/x/{{steps.b.status}}' }), step('b')))
    t.equal(later.statusCode, 422)
    t.match(json(later), { field: 'steps.0.path', message: /step b, which does not run before step a/ })
    const self = await post(withSteps(step('a', { body: ['{{steps.a.body}}'] })))
    t.equal(self.statusCode, 422)
    t.equal(json(self).field, 'steps.0.body.0')
  })

  t.test('malformed templates, forbidden paths and twice-used names are 422s', async (t) => {
    const cases: Array<[unknown, string]> = [
      [withSteps(step('a', { path: '/api/v2/x/{{input.id' })), 'steps.0.path'],
      [withSteps(step('a', { body: { v: '{{secrets.key}}' } })), 'steps.0.body'],
      [withSteps(step('a', { path: '/api/v2/acp/workflows/bad/run', method: 'POST' })), 'steps.0.path'],
      [withSteps(step('a', { path: '/api/v2/scheduler/tasks' })), 'steps.0.path'],
      [withSteps(step('a', { path: '/api/v2/../_mock/reset' })), 'steps.0.path'],
      [withSteps(step('a'), step('a')), 'steps.1.name'],
      [withSteps(step('a', { method: 'POST', body: JSON.parse('['.repeat(40) + ']'.repeat(40)) })), 'steps.0.body']
    ]
    for (const [body, field] of cases) {
      const res = await post(body as Record<string, unknown>)
      t.equal(res.statusCode, 422, field)
      t.equal(json(res).field, field)
    }
  })

  t.test('schema errors are 400s naming the field', async (t) => {
    const cases: Array<[unknown, string]> = [
      [withSteps(step('a', { path: '/_mock/reset' })), 'body.steps.0.path'],
      [withSteps(step('a', { method: 'TRACE' })), 'body.steps.0.method'],
      [withSteps(), 'body.steps'],
      [{ ...withSteps(step('a')), slug: 'Has Spaces' }, 'body.slug'],
      [{ ...withSteps(step('a')), slug: '123' }, 'body.slug'],
      [{ ...withSteps(step('a')), extra: 1 }, 'body.extra']
    ]
    for (const [body, field] of cases) {
      const res = await post(body as Record<string, unknown>)
      t.equal(res.statusCode, 400, field)
      t.equal(json(res).field, field)
    }
  })

  t.test('is admin only', async (t) => {
    const res = await post({ ...configWorkflow, slug: 'other' }, 'readonly')
    t.equal(res.statusCode, 403)
  })
})

t.test('GET /api/v2/acp/workflows', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: configWorkflow })
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: { ...configWorkflow, slug: 'second' } })

  t.test('any user reads the bare list', async (t) => {
    const res = await app.inject({ url, headers: authAs('readonly') })
    t.equal(res.statusCode, 200)
    const body = json<any[]>(res)
    t.same(body.map((item) => item.slug), ['settings-copy', 'second'])
    for (const item of body) checkWorkflowShape(t, item)
  })

  t.test('pages', async (t) => {
    const body = json<any[]>(await app.inject({ url: `${url}?offset=1&limit=5`, headers: authAs('admin') }))
    t.same(body.map((item) => item.slug), ['second'])
  })

  t.test('needs credentials', async (t) => {
    t.equal((await app.inject({ url })).statusCode, 401)
  })
})

t.test('GET /api/v2/acp/workflows/{workflow}', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: configWorkflow })

  t.test('finds a workflow by slug or by id', async (t) => {
    const bySlug = await app.inject({ url: `${url}/settings-copy`, headers: authAs('scoped') })
    t.equal(bySlug.statusCode, 200)
    checkWorkflowShape(t, json(bySlug))
    const byId = await app.inject({ url: `${url}/1`, headers: authAs('scoped') })
    t.same(json(byId), json(bySlug))
  })

  t.test('an unknown workflow is a 404', async (t) => {
    const res = await app.inject({ url: `${url}/nope`, headers: authAs('admin') })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'NOT_FOUND')
  })
})

t.test('PATCH /api/v2/acp/workflows/{workflow}', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: configWorkflow })
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: { ...configWorkflow, slug: 'taken' } })
  const patch = async (body: Record<string, unknown>, user: 'admin' | 'readonly' = 'admin', ref = 'settings-copy') =>
    await app.inject({ method: 'PATCH', url: `${url}/${ref}`, headers: authAs(user), payload: body })

  t.test('changes fields and replaces the step list', async (t) => {
    const res = await patch({ name: 'Renamed', steps: [configWorkflow.steps[0]], owner_id: '3' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.match(body, { name: 'Renamed', slug: 'settings-copy', owner_id: '3', owner: 'acme@example.com' })
    t.equal(body.steps.length, 1)
  })

  t.test('a new slug must be free; the steps are checked as on create', async (t) => {
    t.equal((await patch({ slug: 'taken' })).statusCode, 409)
    const bad = await patch({ steps: [{ name: 'a', method: 'GET', path: '/api/v2/x/{{steps.b.status}}' }] })
    t.equal(bad.statusCode, 422)
    t.equal(json(bad).field, 'steps.0.path')
    t.equal((await patch({ owner_id: 99 })).statusCode, 422)
    t.equal((await patch({})).statusCode, 400)
    const moved = await patch({ slug: 'moved' })
    t.equal(json(moved).slug, 'moved')
  })

  t.test('is admin only, and an unknown workflow is a 404', async (t) => {
    t.equal((await patch({ name: 'x' }, 'readonly', 'moved')).statusCode, 403)
    t.equal((await patch({ name: 'x' }, 'admin', 'nope')).statusCode, 404)
  })

  t.test('ownedBy tells the users family what blocks deleting an owner', async (t) => {
    const db = app.instances.get('default').db
    t.match(ownedBy(db, 3), /^user 3 owns ACP workflow moved: delete them or give them another owner/)
    t.match(ownedBy(db, 1), /^user 1 owns ACP workflow taken: /)
    t.equal(ownedBy(db, 2), undefined)
  })
})

t.test('DELETE /api/v2/acp/workflows/{workflow}', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'POST', url, headers: authAs('admin'), payload: configWorkflow })

  t.test('is admin only', async (t) => {
    t.equal(
      (await app.inject({ method: 'DELETE', url: `${url}/settings-copy`, headers: authAs('readonly') })).statusCode,
      403
    )
  })

  t.test('deletes it, then it is gone', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: `${url}/settings-copy`, headers: authAs('admin') })
    t.equal(res.statusCode, 204)
    t.equal((await app.inject({ url: `${url}/settings-copy`, headers: authAs('admin') })).statusCode, 404)
    t.equal(
      (await app.inject({ method: 'DELETE', url: `${url}/settings-copy`, headers: authAs('admin') })).statusCode,
      404
    )
  })
})
