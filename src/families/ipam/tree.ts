import { stmt, type Db, type Statement } from '../../core/db.js'
import { formatTimestamp } from '../../core/clock.js'
import { endOf, halves, keyOf, valueOfKey, type Cidr, type IpVersion } from './ip.js'

/** One netblock row as stored. */
export interface NetblockRow {
  id: number
  version: IpVersion
  start_key: string
  end_key: string
  mask: number
  root_id: number
  parent: number | null
  child1: number | null
  child2: number | null
  status: 'available' | 'assigned' | 'holding' | 'split'
  free_pool: number | null
  resource_id: number | null
  rir: string
  allow_duplicate: number
  allow_sub_assignments: number
  is_important: number
  swipped: number
  sparse_scheme: string
  region_id: number | null
  vlan_id: number | null
  lir_id: number | null
  rule_id: number | null
  rule_own: number
  asn: number | null
  org_id: number | null
  reserved_by: number | null
  dhcp_resource_id: number | null
  cmnetblock_resource_id: number | null
  umbrella_resource_id: number | null
  description: string
  notes: string
  generic_code: string
  net_handle: string
  customer_handle: string
  nat: string
  meta1: string
  meta2: string
  meta3: string
  meta4: string
  meta5: string
  meta6: string
  meta7: string
  meta8: string
  meta9: string
  meta10: string
  assign_time: string
  swip_time: string
  reserved_time: string
  last_update_time: string
  holding_since_ms: number | null
}

export const metaKeys = ['meta1', 'meta2', 'meta3', 'meta4', 'meta5', 'meta6', 'meta7', 'meta8', 'meta9',
  'meta10'] as const

/** Every column of ipam_netblocks, in the order netblockRowOf reads them (a test checks the list is complete). */
export const netblockColumns = `
  id, version, start_key, end_key, mask, root_id, parent, child1, child2, status, free_pool, resource_id, rir,
  allow_duplicate, allow_sub_assignments, is_important, swipped, sparse_scheme, region_id, vlan_id, lir_id,
  rule_id, rule_own, asn, org_id, reserved_by, dhcp_resource_id, cmnetblock_resource_id, umbrella_resource_id,
  description, notes, generic_code, net_handle, customer_handle, nat, meta1, meta2, meta3, meta4, meta5, meta6,
  meta7, meta8, meta9, meta10, assign_time, swip_time, reserved_time, last_update_time, holding_since_ms`

/**
 * A row selected as netblockColumns from a raw-mode statement (its values in that order) as a
 * NetblockRow. better-sqlite3 builds a 50-column row object property by property, about twice as
 * slowly as this literal, and every netblock read or shown is one such row.
 */
function netblockRowOf (values: unknown[]): NetblockRow {
  return {
    id: values[0],
    version: values[1],
    start_key: values[2],
    end_key: values[3],
    mask: values[4],
    root_id: values[5],
    parent: values[6],
    child1: values[7],
    child2: values[8],
    status: values[9],
    free_pool: values[10],
    resource_id: values[11],
    rir: values[12],
    allow_duplicate: values[13],
    allow_sub_assignments: values[14],
    is_important: values[15],
    swipped: values[16],
    sparse_scheme: values[17],
    region_id: values[18],
    vlan_id: values[19],
    lir_id: values[20],
    rule_id: values[21],
    rule_own: values[22],
    asn: values[23],
    org_id: values[24],
    reserved_by: values[25],
    dhcp_resource_id: values[26],
    cmnetblock_resource_id: values[27],
    umbrella_resource_id: values[28],
    description: values[29],
    notes: values[30],
    generic_code: values[31],
    net_handle: values[32],
    customer_handle: values[33],
    nat: values[34],
    meta1: values[35],
    meta2: values[36],
    meta3: values[37],
    meta4: values[38],
    meta5: values[39],
    meta6: values[40],
    meta7: values[41],
    meta8: values[42],
    meta9: values[43],
    meta10: values[44],
    assign_time: values[45],
    swip_time: values[46],
    reserved_time: values[47],
    last_update_time: values[48],
    holding_since_ms: values[49]
  } as NetblockRow
}

const queries = new WeakMap<Db, Map<string, Statement>>()

/**
 * `SELECT <every column> FROM ipam_netblocks <clauses>`, prepared once per database in raw mode for
 * readNetblock(s). Keyed by the clauses alone: call sites pass a constant, which looks up faster
 * than the whole 600-character statement would.
 */
export function netblockQuery (db: Db, clauses: string): Statement {
  let cache = queries.get(db)
  if (cache === undefined) queries.set(db, cache = new Map())
  let statement = cache.get(clauses)
  if (statement === undefined) {
    statement = db.prepare(`SELECT ${netblockColumns} FROM ipam_netblocks ${clauses}`).raw(true)
    cache.set(clauses, statement)
  }
  return statement
}

/** The first row of a raw-mode statement selecting netblockColumns (netblockQuery). */
export function readNetblock (statement: Statement, ...args: unknown[]): NetblockRow | undefined {
  const values = statement.get(...args) as unknown[] | undefined
  return values === undefined ? undefined : netblockRowOf(values)
}

/** Every row of such a statement. */
export function readNetblocks (statement: Statement, ...args: unknown[]): NetblockRow[] {
  return (statement.all(...args) as unknown[][]).map(netblockRowOf)
}

/** Such a statement's rows one at a time (a list that stops at its page). */
export function * iterateNetblocks (statement: Statement, ...args: unknown[]): Generator<NetblockRow> {
  for (const values of statement.iterate(...args) as IterableIterator<unknown[]>) yield netblockRowOf(values)
}

export function cidrOfRow (row: NetblockRow): Cidr {
  return { version: row.version, start: valueOfKey(row.start_key), mask: row.mask }
}

export function getRow (db: Db, id: number): NetblockRow | undefined {
  return readNetblock(netblockQuery(db, 'WHERE id = ?'), id)
}

/** The node of a tree with exactly this range. */
export function findNode (db: Db, rootId: number, cidr: Cidr): NetblockRow | undefined {
  return readNetblock(netblockQuery(db, 'WHERE root_id = ? AND start_key = ? AND mask = ?'), rootId,
    keyOf(cidr.start), cidr.mask)
}

/** The leaf of a tree holding `address` (leaves are disjoint: the last one starting at or before it). */
export function leafAt (db: Db, rootId: number, address: bigint): NetblockRow | undefined {
  const row = readNetblock(netblockQuery(db,
    'WHERE root_id = ? AND child1 IS NULL AND start_key <= ? ORDER BY start_key DESC LIMIT 1'), rootId, keyOf(address))
  return row !== undefined && valueOfKey(row.end_key) >= address ? row : undefined
}

/** Leaves of a tree inside [start, end], in address order. */
export function leavesWithin (db: Db, rootId: number, cidr: Cidr): NetblockRow[] {
  return readNetblocks(netblockQuery(db,
    'WHERE root_id = ? AND child1 IS NULL AND start_key >= ? AND start_key <= ? ORDER BY start_key'),
  rootId, keyOf(cidr.start), keyOf(endOf(cidr)))
}

export function tagNamesOf (db: Db, id: number): string[] {
  return stmt(db, `SELECT t.name FROM ipam_netblock_tags nt JOIN ipam_tags t ON t.id = nt.tag_id
    WHERE nt.netblock_id = ? ORDER BY t.sort_order, t.name`).pluck().all(id) as string[]
}

function tagIdsOf (db: Db, id: number): number[] {
  return stmt(db, 'SELECT tag_id FROM ipam_netblock_tags WHERE netblock_id = ? ORDER BY tag_id')
    .pluck().all(id) as number[]
}

export function setTagIds (db: Db, id: number, tagIds: readonly number[]): void {
  stmt(db, 'DELETE FROM ipam_netblock_tags WHERE netblock_id = ?').run(id)
  const insert = stmt(db, 'INSERT OR IGNORE INTO ipam_netblock_tags (netblock_id, tag_id) VALUES (?, ?)')
  for (const tagId of tagIds) insert.run(id, tagId)
}

/** The pool a split node's children live in: its sub-assigning resource, or the Available pool (0). */
export function innerPool (node: NetblockRow): number {
  return node.resource_id ?? 0
}

/** The pool a block returns to when unassigned: its parent's inner pool (0 for roots). */
export function homePool (db: Db, row: NetblockRow): number {
  if (row.parent === null) return 0
  const parent = getRow(db, row.parent)
  return parent === undefined ? 0 : innerPool(parent)
}

/** Column values a free leaf takes in `pool`. */
function freeState (pool: number): { status: 'available' | 'assigned', resource_id: number | null, allow_sub: number } {
  return pool === 0
    ? { status: 'available', resource_id: null, allow_sub: 0 }
    : { status: 'assigned', resource_id: pool, allow_sub: 1 }
}

/** The part of a row splitting needs. */
export type SplitNode = Pick<NetblockRow, 'id' | 'version' | 'start_key' | 'end_key' | 'mask' | 'child1' | 'status' |
  'free_pool' | 'resource_id' | 'root_id' | 'rir' | 'allow_duplicate' | 'region_id' | 'vlan_id' | 'lir_id' |
  'rule_id' | 'asn' | 'generic_code'>

/** Splits a free leaf into its two halves (both free in the same pool); returns them. */
export function splitLeaf (db: Db, node: SplitNode, now: number): [SplitNode, SplitNode] {
  const parts = halves({ version: node.version, start: valueOfKey(node.start_key), mask: node.mask })
  if (parts === undefined || node.child1 !== null) throw new Error(`cannot split netblock ${node.id}`)
  const pool = node.status === 'split' ? (node.resource_id ?? 0) : (node.free_pool ?? 0)
  const state = freeState(pool)
  const stamp = formatTimestamp(now)
  const insert = stmt(db, `INSERT INTO ipam_netblocks (version, start_key, end_key, mask, root_id, parent, status,
    free_pool, resource_id, rir, allow_duplicate, allow_sub_assignments, region_id, vlan_id, lir_id, rule_id, asn,
    generic_code, last_update_time)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const tags = tagIdsOf(db, node.id)
  const children = parts.map((part): SplitNode => {
    const startKey = keyOf(part.start)
    const endKey = keyOf(endOf(part))
    const id = Number(insert.run(node.version, startKey, endKey, part.mask, node.root_id,
      node.id, state.status, pool, state.resource_id, node.rir, node.allow_duplicate, state.allow_sub,
      node.region_id, node.vlan_id, node.lir_id, node.rule_id, node.asn, node.generic_code, stamp).lastInsertRowid)
    if (tags.length > 0) setTagIds(db, id, tags)
    return {
      ...node,
      id,
      start_key: startKey,
      end_key: endKey,
      mask: part.mask,
      child1: null,
      status: state.status,
      free_pool: pool,
      resource_id: state.resource_id
    }
  })
  stmt(db, `UPDATE ipam_netblocks SET status = 'split', free_pool = NULL, child1 = ?, child2 = ?,
    last_update_time = ? WHERE id = ?`).run(children[0].id, children[1].id, stamp, node.id)
  return [children[0], children[1]]
}

/** Splits free leaf `from` down until `target` is a leaf; returns the target's id. */
export function splitDownTo (db: Db, from: SplitNode, target: Cidr, now: number): number {
  let node = from
  while (node.mask < target.mask) {
    const [low, high] = splitLeaf(db, node, now)
    node = target.start <= valueOfKey(low.end_key) ? low : high
  }
  return node.id
}

/** Turns a split node whose leaves are all free back into one free leaf (descendants deleted). */
export function collapse (db: Db, node: NetblockRow, pool: number, now: number): NetblockRow {
  stmt(db, `DELETE FROM ipam_netblocks WHERE id IN (
      WITH RECURSIVE down(id) AS (
        SELECT child1 FROM ipam_netblocks WHERE id = ? AND child1 IS NOT NULL
        UNION ALL SELECT child2 FROM ipam_netblocks WHERE id = ? AND child2 IS NOT NULL
        UNION ALL SELECT n.child1 FROM ipam_netblocks n JOIN down ON n.id = down.id WHERE n.child1 IS NOT NULL
        UNION ALL SELECT n.child2 FROM ipam_netblocks n JOIN down ON n.id = down.id WHERE n.child2 IS NOT NULL
      ) SELECT id FROM down)`).run(node.id, node.id)
  markFree(db, node.id, pool, now)
  stmt(db, 'UPDATE ipam_netblocks SET child1 = NULL, child2 = NULL WHERE id = ?').run(node.id)
  return getRow(db, node.id) as NetblockRow
}

/** Makes a leaf free in `pool`: Available for 0, else held by that resource for sub-assignment. */
export function markFree (db: Db, id: number, pool: number, now: number): void {
  const state = freeState(pool)
  stmt(db, `UPDATE ipam_netblocks SET status = ?, free_pool = ?, resource_id = ?, allow_sub_assignments = ?,
    holding_since_ms = NULL, last_update_time = ? WHERE id = ?`)
    .run(state.status, pool, state.resource_id, state.allow_sub, formatTimestamp(now), id)
  if (pool === 0) {
    stmt(db, `UPDATE ipam_netblocks SET swipped = 0, swip_time = '', net_handle = '', customer_handle = '',
      assign_time = '' WHERE id = ?`).run(id)
  }
}

export interface MergeOptions {
  respectTagsRegions: boolean
  /** Most levels to climb; 0 for no limit. */
  limit: number
}

function sameTags (db: Db, a: number, b: number): boolean {
  return tagIdsOf(db, a).join(',') === tagIdsOf(db, b).join(',')
}

/**
 * Merges a free leaf with its buddy while both are free leaves of the pool their parent hands out,
 * climbing the tree. Returns the topmost block reached.
 */
export function mergeUp (db: Db, leaf: NetblockRow, options: MergeOptions, now: number): NetblockRow {
  let node = leaf
  let levels = 0
  while (node.parent !== null && (options.limit === 0 || levels < options.limit)) {
    const parent = getRow(db, node.parent)
    if (parent === undefined || parent.child1 === null || parent.child2 === null) break
    const pool = innerPool(parent)
    const a = getRow(db, parent.child1)
    const b = getRow(db, parent.child2)
    if (a === undefined || b === undefined || a.free_pool !== pool || b.free_pool !== pool) break
    if (options.respectTagsRegions && (a.region_id !== b.region_id || !sameTags(db, a.id, b.id))) break
    const tags = tagIdsOf(db, a.id)
    stmt(db, 'UPDATE ipam_netblocks SET region_id = ?, child1 = NULL, child2 = NULL WHERE id = ?')
      .run(a.region_id, parent.id)
    stmt(db, 'DELETE FROM ipam_netblocks WHERE id IN (?, ?)').run(a.id, b.id)
    setTagIds(db, parent.id, tags)
    markFree(db, parent.id, pool, now)
    node = getRow(db, parent.id) as NetblockRow
    levels++
  }
  return node
}
