import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { R, assertResourceShape, call, status } from './helpers.js'

t.test('POST /api/v2/resources/{id}/backup', async (t) => {
  const app = await buildTestApp(t)
  await call(app, 'POST', `${R}/4/links`, { resource_id: '3', relation: 'contact', data: 'noc' })

  t.test('stores a copy with attrs and links and answers it', async (t) => {
    const res = await call(app, 'POST', `${R}/4/backup`)
    t.equal(res.status, 200)
    t.type(res.body.id, 'string')
    t.equal(res.body.resource_id, '4')
    t.type(res.body.date, 'string')
    assertResourceShape(t, res.body.resource)
    t.same(res.body.resource.attrs, { city: 'Ashburn' })
    t.same(res.body.linkages.map((l: { relation: string, data: string }) => [l.relation, l.data]), [['contact', 'noc']])
  })

  t.test('needs update rights and an existing resource', async (t) => {
    t.equal(await status(app, 'POST', `${R}/4/backup`, {}, 'readonly'), 403)
    t.equal(await status(app, 'POST', `${R}/99/backup`, {}), 404)
  })
})

t.test('GET /api/v2/resources/{id}/backup', async (t) => {
  const app = await buildTestApp(t)
  const clock = app.instances.get('default').clock
  clock.set(Date.parse('2026-01-01T00:00:00Z'))
  await call(app, 'POST', `${R}/4/backup`)
  await call(app, 'PATCH', `${R}/4`, { attrs: { city: 'Reston' } })
  clock.advance(60_000)
  await call(app, 'POST', `${R}/4/backup`)

  t.test('lists backups newest first, each as the resource was', async (t) => {
    const res = await call(app, 'GET', `${R}/4/backup`, undefined, 'readonly')
    t.equal(res.status, 200)
    t.same(res.body.map((b: { date: string }) => b.date), ['2026-01-01 00:01:00', '2026-01-01 00:00:00'])
    t.same(res.body.map((b: { resource: { attrs: { city: string } } }) => b.resource.attrs.city), ['Reston', 'Ashburn'])
  })

  t.test('a resource without backups answers []', async (t) => {
    t.same((await call(app, 'GET', `${R}/5/backup`)).body, [])
  })
})
