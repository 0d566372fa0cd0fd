import t from 'tap'
import { exportIpam, seedIpam } from '../../../src/families/ipam/fixtures.js'
import { listNetblocks } from '../../../src/families/ipam/store.js'
import { ipamDb, violations } from '../../helpers/ipam-db.js'
import { readFileSync } from 'node:fs'

const all = (): boolean => true
const assignments = (rows: ReturnType<typeof listNetblocks>): string[] =>
  rows.map((row) => `${row.start_key}/${row.mask} ${row.status} ${String(row.resource_id)}`)

t.test('ipam.json seeder', async (t) => {
  t.test('seeds the default fixture into a healthy tree', async (t) => {
    const db = ipamDb()
    const data = JSON.parse(readFileSync('fixtures/default/ipam.json', 'utf8'))
    seedIpam(db, data, { file: 'ipam.json', now: Date.parse('2026-06-01T00:00:00Z') })
    t.same(violations(db), [])
    t.equal(listNetblocks(db, { parent: '' }, all).length, data.aggregates.length)
    t.equal(listNetblocks(db, { status: 'holding' }, all).length, 1)
  })

  t.test('export reads back a fixture that seeds the same assignments', async (t) => {
    const db = ipamDb()
    const data = JSON.parse(readFileSync('fixtures/default/ipam.json', 'utf8'))
    seedIpam(db, data, { file: 'ipam.json', now: 0 })
    const exported = exportIpam(db)
    const copy = ipamDb()
    seedIpam(copy, exported, { file: 'ipam.json', now: 0 })
    t.same(assignments(listNetblocks(copy, { is_aggregate: 'true' }, all)),
      assignments(listNetblocks(db, { is_aggregate: 'true' }, all)))
    t.same(exportIpam(copy), exported)
  })
})
