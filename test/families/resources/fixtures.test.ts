import t from 'tap'
import { allMigrations } from '../../../src/app.js'
import { openDatabase, runMigrations } from '../../../src/core/db.js'
import { exportResources, seedResources } from '../../../src/families/resources/fixtures.js'
import { checkTree } from '../../../src/families/resources/invariants.js'
import { buildTestApp } from '../../helpers/app.js'
import { R, call } from './helpers.js'

t.test('exportResources', async (t) => {
  const app = await buildTestApp(t)
  const parent = await call(app, 'POST', `${R}`, { name: 'Holding', type: 'entry' })
  await call(app, 'PATCH', `${R}/2`, { parent_id: parent.body.id })
  await call(app, 'POST', `${R}/4/links`, { resource_id: '6', relation: 'dnsZoneView', data: 'v' })
  const db = app.instances.get('default').db

  t.test('lists parents before children even when a parent has the higher id', async (t) => {
    const exported = exportResources(db)
    const order = exported.resources.map((resource) => resource.id)
    t.ok(order.indexOf(Number(parent.body.id)) < order.indexOf(2))
    t.same(exported.sections?.map((section) => section.name), ['Customer', 'Datacenter'])
    t.same(exported.links, [{ resource_id1: 4, resource_id2: 6, relation: 'dnsZoneView', data: 'v' }])
  })

  t.test('seeds back into a fresh database and exports the same', async (t) => {
    const exported = exportResources(db)
    const fresh = openDatabase()
    t.teardown(() => fresh.close())
    runMigrations(fresh, allMigrations())
    seedResources(fresh, exported, { file: 'resources.json', now: 0 })
    t.same(exportResources(fresh), exported)
    t.same(checkTree(fresh), [])
  })
})

t.test('checkTree', async (t) => {
  const db = openDatabase()
  t.teardown(() => db.close())
  runMigrations(db, allMigrations())
  db.pragma('foreign_keys = OFF')
  const insert = db.prepare(
    "INSERT INTO resources (id, parent_id, type, name, date, modified) VALUES (?, ?, 'entry', 'a', '', '')")
  insert.run(50, 51)
  insert.run(51, 50)
  t.same(checkTree(db), [
    'resource 50 is not below the top level resource',
    'resource 51 is not below the top level resource'
  ])
})
