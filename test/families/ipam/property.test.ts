import fc from 'fast-check'
import t from 'tap'
import type { Db } from '../../../src/core/db.js'
import { patchConfig } from '../../../src/families/config/store.js'
import { endOf, formatCidr } from '../../../src/families/ipam/ip.js'
import {
  createNetblock, directAssign, listAggregates, processHoldingTank, smartAssign, unassign
} from '../../../src/families/ipam/store.js'
import { cidrOfRow, type NetblockRow } from '../../../src/families/ipam/tree.js'
import { ipamDb, violations } from '../../helpers/ipam-db.js'

type Step =
  | { kind: 'smart', version: 4 | 6, mask: number, resource: number }
  | { kind: 'direct', version: 4 | 6, mask: number, offset: number, resource: number }
  | { kind: 'unassign', pick: number, skip: boolean }
  | { kind: 'process' }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('smart' as const),
    version: fc.constantFrom(4 as const, 6 as const),
    mask: fc.integer({ min: 0, max: 8 }),
    resource: fc.integer({ min: 2, max: 6 })
  }),
  fc.record({
    kind: fc.constant('direct' as const),
    version: fc.constantFrom(4 as const, 6 as const),
    mask: fc.integer({ min: 0, max: 8 }),
    offset: fc.nat(),
    resource: fc.integer({ min: 2, max: 6 })
  }),
  fc.record({ kind: fc.constant('unassign' as const), pick: fc.nat(), skip: fc.boolean() }),
  fc.record({ kind: fc.constant('process' as const) })
)

// Small aggregates so random sequences fill them and hit the edges: an IPv4 /24 and an IPv6 /120,
// asked for blocks 0..8 bits longer than the aggregate.
const aggregates = { 4: { cidr: '192.0.2.0/24', mask: 24 }, 6: { cidr: '2001:db8::/120', mask: 120 } }

function assigned (db: Db): NetblockRow[] {
  return db.prepare(`SELECT * FROM ipam_netblocks WHERE child1 IS NULL AND status IN ('assigned', 'holding')
    ORDER BY id`).all() as NetblockRow[]
}

function overlapping (rows: NetblockRow[]): string[] {
  const sorted = [...rows].sort((a, b) => (a.version - b.version) || (a.start_key < b.start_key ? -1 : 1))
  const out: string[] = []
  for (let index = 1; index < sorted.length; index++) {
    const before = sorted[index - 1]
    const row = sorted[index]
    if (before.version === row.version && BigInt('0x' + row.start_key) <= endOf(cidrOfRow(before))) {
      out.push(`${formatCidr(cidrOfRow(before))} and ${formatCidr(cidrOfRow(row))}`)
    }
  }
  return out
}

function run (db: Db, steps: Step[]): void {
  let now = 0
  for (const next of steps) {
    now += 3_600_000
    try {
      if (next.kind === 'smart') {
        smartAssign(db, {
          resource_id: next.resource,
          type: `ipv${next.version}`,
          mask: aggregates[next.version].mask + next.mask
        }, now)
      } else if (next.kind === 'direct') {
        const base = aggregates[next.version]
        const size = 1 << (8 - next.mask)
        const index = next.offset % (1 << next.mask)
        const text = next.version === 4
          ? `192.0.2.${index * size}/${base.mask + next.mask}`
          : `2001:db8::${(index * size).toString(16)}/${base.mask + next.mask}`
        directAssign(db, text, { resource_id: next.resource }, now)
      } else if (next.kind === 'unassign') {
        const rows = assigned(db).filter((row) => row.status === 'assigned')
        if (rows.length > 0) unassign(db, rows[next.pick % rows.length].id, { skip_holding: next.skip }, now)
      } else {
        processHoldingTank(db, now)
      }
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      if (status !== 404 && status !== 409) throw error
    }
  }
}

t.test('random assign and unassign sequences', async (t) => {
  t.test('never hand out overlapping space and keep the trees consistent', async (t) => {
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 0, max: 3 }), (steps, days) => {
      const db = ipamDb()
      patchConfig(db, { holding_tank_days: days })
      createNetblock(db, { cidr: aggregates[4].cidr, rir: 'APNIC' }, 0)
      createNetblock(db, { cidr: aggregates[6].cidr, rir: 'APNIC' }, 0)
      run(db, steps)
      const problems = [...overlapping(assigned(db)), ...violations(db)]
      db.close()
      return problems.length === 0
    }), { numRuns: 150 })
    t.pass('no counterexample')
  })

  t.test('releasing everything merges back to the original aggregates', async (t) => {
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const db = ipamDb()
      createNetblock(db, { cidr: aggregates[4].cidr, rir: 'APNIC' }, 0)
      createNetblock(db, { cidr: aggregates[6].cidr, rir: 'APNIC' }, 0)
      run(db, steps)
      for (const row of assigned(db).filter((candidate) => candidate.status === 'assigned')) {
        unassign(db, row.id, {}, 10 ** 12)
      }
      processHoldingTank(db, 10 ** 13, true)
      const rows = db.prepare('SELECT COUNT(*) FROM ipam_netblocks').pluck().get() as number
      const roots = listAggregates(db, () => true)
      db.close()
      return rows === 2 && roots.every((root) => root.status === 'available' && root.child1 === null) &&
        roots.map((root) => formatCidr(cidrOfRow(root))).join(' ') === '192.0.2.0/24 2001:db8::/120'
    }), { numRuns: 150 })
    t.pass('no counterexample')
  })
})
