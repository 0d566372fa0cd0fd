import t from 'tap'
import { allMigrations, allSeeders } from '../../../src/app.js'
import { openDatabase, runMigrations, type Db } from '../../../src/core/db.js'
import { seedFixtures } from '../../../src/core/fixtures.js'
import {
  checkUmbrella, exportUmbrella, seedUmbrella, type UmbrellaFixture
} from '../../../src/families/umbrella/fixtures.js'

function seeded (withUmbrella: boolean): Db {
  const db = openDatabase()
  runMigrations(db, allMigrations())
  const seeders = allSeeders().filter((seeder) => withUmbrella || seeder.file !== 'umbrella.json')
  seedFixtures(db, 'fixtures/default', seeders, Date.UTC(2026, 0, 1))
  return db
}

const context = { file: 'umbrella.json', now: Date.UTC(2026, 0, 1) }

t.test('the default umbrella fixture', async (t) => {
  const db = seeded(true)
  t.teardown(() => db.close())

  t.test('satisfies the family invariants', async (t) => {
    t.same(checkUmbrella(db), [])
  })

  t.test('exports in the fixture format and seeds back to the same state', async (t) => {
    const exported = exportUmbrella(db)
    t.equal(exported.netblocks.length, 12)
    const copy = seeded(false)
    t.teardown(() => copy.close())
    seedUmbrella(copy, exported, context)
    t.same(exportUmbrella(copy), exported)
  })
})

t.test('seedUmbrella refuses inconsistent data', async (t) => {
  const base: UmbrellaFixture = {
    modules: [{ id: 1, name: 'm', ipam_backend: 'netbox' }],
    netblocks: [{ id: 1, module_id: 1, cidr: '10.0.0.0/8' }],
    links: []
  }
  const cases: Array<[string, UmbrellaFixture, RegExp]> = [
    ['a child outside its parent', {
      ...base,
      netblocks: [...base.netblocks, {
        id: 2,
        module_id: 1,
        parent_id: 1,
        cidr: '11.0.0.0/16'
      }]
    }, /not inside/],
    ['a bad CIDR', { ...base, netblocks: [{ id: 1, module_id: 1, cidr: '10.0.0.0/40' }] }, /not a CIDR/],
    ['an unknown module', { ...base, netblocks: [{ id: 1, module_id: 9, cidr: '10.0.0.0/8' }] }, /module 9/],
    ['a link to a missing resource', {
      ...base,
      links: [{
        id: 1,
        module_id: 1,
        resource_id: 999,
        relation: 'x'
      }]
    }, /resource 999/]
  ]
  for (const [name, data, message] of cases) {
    t.test(name, async (t) => {
      const db = seeded(false)
      t.teardown(() => db.close())
      t.throws(() => seedUmbrella(db, data, context), { name: 'FixtureError', message })
    })
  }
})
