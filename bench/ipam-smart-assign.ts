// Smart-assign throughput on an IPv4 /8 and an IPv6 /32 aggregate with 0, 10k and 100k existing
// assignments (about a tenth of them released again, so free space is fragmented). Choosing a block
// is an indexed query, so the cost per assignment should stay flat as assignments grow.
// Run: npm run bench:ipam
import { performance } from 'node:perf_hooks'
import { allMigrations } from '../src/app.js'
import { openDatabase, runMigrations, type Db } from '../src/core/db.js'
import { insertResource } from '../src/families/resources/store.js'
import { createNetblock, smartAssign, unassign } from '../src/families/ipam/store.js'

const levels = [0, 10_000, 100_000]
const sample = 2_000

interface Scenario {
  name: string
  cidr: string
  type: string
  mask: number
}

const scenarios: Scenario[] = [
  { name: 'IPv4 /8, assigning /28s', cidr: '10.0.0.0/8', type: 'ipv4', mask: 28 },
  { name: 'IPv6 /32, assigning /64s', cidr: '2001:db8::/32', type: 'ipv6', mask: 64 }
]

function freshDb (): Db {
  const db = openDatabase()
  runMigrations(db, allMigrations())
  insertResource(db, { id: 2, parent_id: 1, type: 'entry', name: 'bench' }, 0)
  return db
}

/** A small deterministic generator, so runs are comparable. */
function random (seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

function run (scenario: Scenario): void {
  const db = freshDb()
  createNetblock(db, { cidr: scenario.cidr, rir: 'ARIN' }, 0)
  const request = { resource_id: 2, type: scenario.type, rir: 'ARIN', mask: scenario.mask }
  const next = random(42)
  const ids: number[] = []
  let existing = 0
  process.stdout.write(`\n${scenario.name}\n`)
  for (const level of levels) {
    while (existing < level) {
      ids.push(smartAssign(db, request, 0).id)
      existing++
      if (next() < 0.1) {
        const [id] = ids.splice(Math.floor(next() * ids.length), 1)
        unassign(db, id, { skip_holding: true }, 0)
        existing--
      }
    }
    const started = performance.now()
    for (let index = 0; index < sample; index++) ids.push(smartAssign(db, request, 0).id)
    const elapsed = performance.now() - started
    existing += sample
    const perSecond = Math.round(sample / (elapsed / 1000))
    const micros = (elapsed * 1000 / sample).toFixed(1)
    process.stdout.write(`  ${String(level).padStart(7)} existing: ${String(perSecond).padStart(6)} assigns/s ` +
      `(${micros} µs each)\n`)
    // Put the sample back so the next level starts from the stated number of assignments.
    for (const id of ids.splice(ids.length - sample, sample)) unassign(db, id, { skip_holding: true }, 0)
    existing -= sample
  }
  db.close()
}

const started = performance.now()
for (const scenario of scenarios) run(scenario)
process.stdout.write(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
