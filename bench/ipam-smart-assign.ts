// Smart-assign throughput on an IPv4 /8 and an IPv6 /32 aggregate with 0, 10k and 100k existing
// assignments. The existing state is built directly as the tree smart assign would leave behind
// (blocks handed out from the left, one in ten released again without merging, so free space is
// fragmented), which keeps the run bounded. Choosing a block is an indexed query, so the cost per
// assignment should stay flat as assignments grow.
// Run: npm run bench:ipam (not part of npm test)
import { performance } from 'node:perf_hooks'
import { allMigrations } from '../src/app.js'
import { openDatabase, runMigrations, stmt, type Db } from '../src/core/db.js'
import { insertResource } from '../src/families/resources/store.js'
import { blockSize, halves, keyOf, parseCidr, type Cidr } from '../src/families/ipam/ip.js'
import { createNetblock, smartAssign } from '../src/families/ipam/store.js'

const levels = [0, 10_000, 100_000]
const sample = 1_000

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

/** A small deterministic generator, so runs are comparable. */
function random (seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/**
 * Splits the root so that the first `count` blocks of `mask` are leaves, assigned except for about
 * one in ten left free, and the rest of the aggregate is the fewest free blocks covering it.
 */
function prefill (db: Db, rootId: number, root: Cidr, mask: number, count: number): void {
  const next = random(42)
  const used = BigInt(count) * blockSize(root.version, mask)
  const insert = stmt(db, `INSERT INTO ipam_netblocks (version, start_key, end_key, mask, root_id, parent, status,
    free_pool, resource_id, rir, assign_time, last_update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ARIN', '', '')`)
  const split = stmt(db, `UPDATE ipam_netblocks SET status = 'split', free_pool = NULL, child1 = ?, child2 = ?
    WHERE id = ?`)
  const leaf = stmt(db, 'UPDATE ipam_netblocks SET status = ?, free_pool = ?, resource_id = ? WHERE id = ?')
  const visit = (id: number, block: Cidr): void => {
    const offset = block.start - root.start
    if (offset >= used) return
    if (block.mask === mask) {
      const free = next() < 0.1
      leaf.run(free ? 'available' : 'assigned', free ? 0 : null, free ? null : 2, id)
      return
    }
    const [low, high] = halves(block) as [Cidr, Cidr]
    const ids = [low, high].map((part) => {
      const end = part.start + blockSize(part.version, part.mask) - 1n
      return Number(insert.run(part.version, keyOf(part.start), keyOf(end), part.mask, rootId, id, 'available', 0,
        null).lastInsertRowid)
    })
    split.run(ids[0], ids[1], id)
    visit(ids[0], low)
    visit(ids[1], high)
  }
  db.transaction(() => visit(rootId, root))()
}

function measure (scenario: Scenario, existing: number): void {
  const db = openDatabase()
  runMigrations(db, allMigrations())
  insertResource(db, { id: 2, parent_id: 1, type: 'entry', name: 'bench' }, 0)
  const root = createNetblock(db, { cidr: scenario.cidr, rir: 'ARIN' }, 0)
  prefill(db, root.id, parseCidr(scenario.cidr) as Cidr, scenario.mask, existing)
  const request = { resource_id: 2, type: scenario.type, rir: 'ARIN', mask: scenario.mask }
  for (let index = 0; index < 100; index++) smartAssign(db, request, 0)
  const started = performance.now()
  for (let index = 0; index < sample; index++) smartAssign(db, request, 0)
  const elapsed = performance.now() - started
  const rows = db.prepare('SELECT COUNT(*) FROM ipam_netblocks').pluck().get() as number
  db.close()
  process.stdout.write(`  ${String(existing).padStart(7)} existing (${String(rows).padStart(6)} rows): ` +
    `${String(Math.round(sample / (elapsed / 1000))).padStart(6)} assigns/s, ` +
    `${(elapsed * 1000 / sample).toFixed(0).padStart(5)} µs each\n`)
}

const started = performance.now()
for (const scenario of scenarios) {
  process.stdout.write(`\n${scenario.name}\n`)
  for (const existing of levels) measure(scenario, existing)
}
process.stdout.write(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
