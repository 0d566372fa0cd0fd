import type { Db } from '../../core/db.js'
import { formatCidr, halves, keyOf } from './ip.js'
import { cidrOfRow, type NetblockRow } from './tree.js'

function label (row: NetblockRow): string {
  return `netblock ${row.id} (${formatCidr(cidrOfRow(row))})`
}

/** Every split node has exactly its two halves as children, pointing back, in the same tree. */
export function checkTreeShape (db: Db): string[] {
  const problems: string[] = []
  const rows = db.prepare('SELECT * FROM ipam_netblocks ORDER BY id').all() as NetblockRow[]
  const byId = new Map(rows.map((row) => [row.id, row]))
  for (const row of rows) {
    if ((row.child1 === null) !== (row.child2 === null)) problems.push(`${label(row)} has only one child`)
    if (row.child1 !== null && row.status !== 'split') problems.push(`${label(row)} has children but is ${row.status}`)
    if (row.child1 === null && row.status === 'split') problems.push(`${label(row)} is split but has no children`)
    if (row.free_pool !== null && row.child1 !== null) problems.push(`${label(row)} is split yet listed as free`)
    if ((row.free_pool === 0) !== (row.status === 'available')) {
      problems.push(`${label(row)} is ${row.status} with free pool ${String(row.free_pool)}`)
    }
    if (row.parent === null && row.root_id !== row.id) problems.push(`${label(row)} is a root of tree ${row.root_id}`)
    if (row.parent !== null) {
      const parent = byId.get(row.parent)
      if (parent === undefined) problems.push(`${label(row)} has a missing parent ${row.parent}`)
      else if (parent.child1 !== row.id && parent.child2 !== row.id) {
        problems.push(`${label(row)} is not a child of its parent`)
      } else if (parent.root_id !== row.root_id) problems.push(`${label(row)} is in another tree than its parent`)
    }
    if (row.child1 !== null && row.child2 !== null) {
      const expected = halves(cidrOfRow(row))
      const low = byId.get(row.child1)
      const high = byId.get(row.child2)
      if (expected === undefined || low === undefined || high === undefined ||
        low.start_key !== keyOf(expected[0].start) || low.mask !== expected[0].mask ||
        high.start_key !== keyOf(expected[1].start) || high.mask !== expected[1].mask ||
        low.parent !== row.id || high.parent !== row.id) {
        problems.push(`${label(row)} does not have its two halves as children`)
      }
    }
  }
  return problems
}

/** Leaves of each tree tile its root exactly: no overlap, no gap. */
export function checkLeavesTile (db: Db): string[] {
  const problems: string[] = []
  const roots = db.prepare('SELECT * FROM ipam_netblocks WHERE parent IS NULL ORDER BY id').all() as NetblockRow[]
  const leaves = db.prepare('SELECT * FROM ipam_netblocks WHERE root_id = ? AND child1 IS NULL ORDER BY start_key')
  for (const root of roots) {
    let expected = BigInt('0x' + root.start_key)
    for (const leaf of leaves.iterate(root.id) as IterableIterator<NetblockRow>) {
      const start = BigInt('0x' + leaf.start_key)
      if (start < expected) problems.push(`${label(leaf)} overlaps the block before it`)
      else if (start > expected) problems.push(`gap before ${label(leaf)} in aggregate ${root.id}`)
      expected = BigInt('0x' + leaf.end_key) + 1n
    }
    if (expected !== BigInt('0x' + root.end_key) + 1n) {
      problems.push(`leaves of aggregate ${root.id} do not reach its end`)
    }
  }
  return problems
}

/** Aggregates that do not allow duplicates never overlap each other. */
export function checkRootsDisjoint (db: Db): string[] {
  const problems: string[] = []
  const roots = db.prepare(`SELECT * FROM ipam_netblocks WHERE parent IS NULL AND allow_duplicate = 0
    ORDER BY version, start_key`).all() as NetblockRow[]
  for (let index = 1; index < roots.length; index++) {
    const before = roots[index - 1]
    const row = roots[index]
    if (before.version === row.version && row.start_key <= before.end_key) {
      problems.push(`${label(row)} overlaps ${label(before)}`)
    }
  }
  return problems
}

export const ipamInvariants = [checkTreeShape, checkLeavesTile, checkRootsDisjoint]
