import { stmt, type Db } from '../../core/db.js'
import { formatTimestamp } from '../../core/clock.js'
import { MockError } from '../../core/errors.js'
import { idFromText } from '../../core/ids.js'
import { getSetting } from '../config/store.js'
import { resourceExists } from '../../core/resource-tree.js'
import { catalogRowExists, ensureTags, ruleById } from './catalog-store.js'
import {
  blockSize, endOf, formatCidr, keyOf, overlaps, parseCidr, typeOf, valueOfKey, versionOfType,
  type Cidr, type IpVersion
} from './ip.js'
import { distanceTo, placeWithin, sparseSchemes, type SparseScheme } from './placement.js'
import { assertUnreferenced } from './references.js'
import { parsePositions, reservedAddresses } from './rules.js'
import { parseTagList, tagsMatch, tagsModes, type TagsMode } from './tags.js'
import {
  cidrOfRow, collapse, findNode, getRow, homePool, innerPool, iterateNetblocks, leafAt, leavesWithin, markFree,
  mergeUp, metaKeys, netblockColumns, netblockQuery, readNetblock, readNetblocks, setTagIds, splitDownTo, tagNamesOf,
  type NetblockRow
} from './tree.js'

export { getRow, tagNamesOf, type NetblockRow } from './tree.js'

/*
 * The IPAM store: netblock lookups, the allocation operations (smart assign, direct assign,
 * unassign, holding tank) and their bookkeeping. Plain functions over a database handle, so other
 * families (DHCP takes its pool subnets from here) call them without HTTP. Every operation that
 * writes runs in one transaction; better-sqlite3 is synchronous, so nothing interleaves inside it.
 */

export type MetaKey = typeof metaKeys[number]
export type MetaFields = Partial<Record<MetaKey, string>>

const rirNames = ['ARIN', 'RIPE', 'APNIC', 'AfriNIC', 'LACNIC', '1918']

/** The canonical spelling of a known RIR (case-insensitive), or the input as given. */
export function canonicalRir (rir: string): string {
  const trimmed = rir.trim()
  return rirNames.find((name) => name.toLowerCase() === trimmed.toLowerCase()) ?? trimmed
}

function cidrOrThrow (text: string, field = 'cidr'): Cidr {
  const parsed = parseCidr(text)
  if (parsed === 'syntax') throw new MockError('BAD_REQUEST', `"${text}" is not an IP address or CIDR`, field)
  if (parsed === 'mask') throw new MockError('BAD_REQUEST', `"${text}" has an invalid prefix length`, field)
  if (parsed === 'host_bits') {
    throw new MockError('BAD_REQUEST', `"${text}" has host bits set below the prefix length`, field)
  }
  return parsed
}

function requireResource (db: Db, id: number, field = 'resource_id'): void {
  if (!resourceExists(db, id)) throw new MockError('NOT_FOUND', `resource ${id} not found`, field)
}

function requireCatalog (db: Db, name: 'regions' | 'vlans' | 'lirs' | 'rules', id: number | null | undefined,
  field: string): void {
  if (id !== undefined && id !== null && !catalogRowExists(db, name, id)) {
    throw new MockError('NOT_FOUND', `${field.replace(/_id$/, '')} ${id} not found`, field)
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups

export function getNetblock (db: Db, id: number): NetblockRow {
  const row = getRow(db, id)
  if (row === undefined) throw new MockError('NOT_FOUND', `netblock ${id} not found`)
  return row
}

/**
 * A netblock by id or CIDR. A CIDR names the exact block (the first tree holding it, by aggregate
 * id, when duplicates exist).
 */
export function findNetblock (db: Db, ref: string): NetblockRow {
  if (/^\d+$/.test(ref)) return getNetblock(db, Number(ref))
  const cidr = cidrOrThrow(ref, 'cidr')
  const row = readNetblock(netblockQuery(db,
    'WHERE version = ? AND start_key = ? AND mask = ? ORDER BY root_id, id LIMIT 1'),
  cidr.version, keyOf(cidr.start), cidr.mask)
  if (row === undefined) throw new MockError('NOT_FOUND', `netblock ${formatCidr(cidr)} not found`)
  return row
}

/** Query filters of `GET /ipam/netblocks`, ANDed. */
export interface NetblockFilters {
  [key: string]: string | undefined
}

const idColumns = ['id', 'parent', 'child1', 'child2', 'resource_id', 'region_id', 'vlan_id', 'lir_id', 'rule_id',
  'asn', 'org_id', 'reserved_by', 'dhcp_resource_id', 'cmnetblock_resource_id', 'umbrella_resource_id']
const textColumns = ['rir', 'status', 'description', 'notes', 'generic_code', 'net_handle', 'customer_handle', 'nat',
  ...metaKeys]
const flagColumns = ['allow_sub_assignments', 'is_important', 'swipped']

function truthy (value: string): boolean {
  return value === '1' || value.toLowerCase() === 'true'
}

/** A mask filter's value: a prefix length; anything else is the client's mistake, not "no match". */
function maskFilter (value: string): number {
  if (!/^[0-9]{1,3}$/.test(value) || Number(value) > 128) {
    throw new MockError('BAD_REQUEST', 'mask filter must be a prefix length from 0 to 128', 'mask')
  }
  return Number(value)
}

export function listNetblocks (db: Db, filters: NetblockFilters, visible: (row: NetblockRow) => boolean,
  offset = 0, limit?: number): NetblockRow[] {
  const where: string[] = []
  const args: Array<string | number> = []
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue
    if (idColumns.includes(key)) {
      if (value === '' || value === 'null') where.push(`${key} IS NULL`)
      else { where.push(`${key} = ?`); args.push(idFromText(value, key)) }
    } else if (textColumns.includes(key)) {
      where.push(`${key} = ?`); args.push(key === 'rir' ? canonicalRir(value) : value)
    } else if (flagColumns.includes(key)) {
      where.push(`${key} = ?`); args.push(truthy(value) ? 1 : 0)
    } else if (key === 'type') {
      where.push('version = ?'); args.push(versionOfType(value) ?? 0)
    } else if (key === 'mask') {
      where.push('mask = ?'); args.push(maskFilter(value))
    } else if (key === 'cidr') {
      const cidr = parseCidr(value)
      if (typeof cidr === 'string') throw new MockError('BAD_REQUEST', `cidr filter: ${cidr}`, 'cidr')
      where.push('version = ? AND start_key = ? AND mask = ?'); args.push(cidr.version, keyOf(cidr.start), cidr.mask)
    } else if (key === 'address') {
      if (!/^\d{1,39}$/.test(value)) {
        throw new MockError('BAD_REQUEST', 'address filter must be a decimal integer, as netblocks show it', 'address')
      }
      where.push('start_key = ?'); args.push(keyOf(BigInt(value)))
    } else if (key === 'top_aggregate') {
      where.push('root_id = ? AND parent IS NOT NULL'); args.push(idFromText(value, key))
    } else if (key === 'is_aggregate') {
      where.push(truthy(value) ? 'child1 IS NULL' : 'child1 IS NOT NULL')
    } else if (key === 'assigned') {
      where.push(truthy(value) ? 'resource_id IS NOT NULL' : 'resource_id IS NULL')
    } else if (key === 'tags' || key === 'tag') {
      for (const tag of parseTagList(value)) {
        where.push(`id IN (SELECT nt.netblock_id FROM ipam_netblock_tags nt JOIN ipam_tags t ON t.id = nt.tag_id
          WHERE t.name = ?)`)
        args.push(tag)
      }
    }
  }
  const sql = `SELECT ${netblockColumns} FROM ipam_netblocks ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY version, start_key, mask, id`
  const out: NetblockRow[] = []
  let skipped = 0
  for (const row of iterateNetblocks(db.prepare(sql).raw(true), ...args)) {
    if (!visible(row)) continue
    if (skipped < offset) { skipped++; continue }
    out.push(row)
    if (limit !== undefined && out.length >= limit) break
  }
  return out
}

export function listAggregates (db: Db, visible: (row: NetblockRow) => boolean): NetblockRow[] {
  return readNetblocks(netblockQuery(db, 'WHERE parent IS NULL ORDER BY version, start_key, id')).filter(visible)
}

// ---------------------------------------------------------------------------------------------
// Create, update, delete

export interface NetblockInput extends MetaFields {
  cidr?: string
  rir?: string
  tags?: string | string[]
  allow_duplicate?: boolean
  allow_sub_assignments?: boolean
  is_important?: boolean
  resource_id?: number | null
  region_id?: number | null
  vlan_id?: number | null
  lir_id?: number | null
  rule_id?: number | null
  asn?: number | null
  org_id?: number | null
  description?: string
  notes?: string
  generic_code?: string
  net_handle?: string
  customer_handle?: string
  nat?: string
  sparse_scheme?: string
}

function checkReferences (db: Db, input: NetblockInput): void {
  if (input.resource_id !== undefined && input.resource_id !== null) requireResource(db, input.resource_id)
  requireCatalog(db, 'regions', input.region_id, 'region_id')
  requireCatalog(db, 'vlans', input.vlan_id, 'vlan_id')
  requireCatalog(db, 'lirs', input.lir_id, 'lir_id')
  requireCatalog(db, 'rules', input.rule_id, 'rule_id')
  if (input.sparse_scheme !== undefined && input.sparse_scheme !== '' &&
    !sparseSchemes.includes(input.sparse_scheme as SparseScheme)) {
    throw new MockError('BAD_REQUEST', `sparse_scheme must be one of ${sparseSchemes.join(', ')}`, 'sparse_scheme')
  }
}

const plainColumns = ['region_id', 'vlan_id', 'lir_id', 'asn', 'org_id', 'description', 'notes', 'generic_code',
  'net_handle', 'customer_handle', 'nat', 'sparse_scheme', ...metaKeys] as const

function applyPlainColumns (db: Db, id: number, input: NetblockInput): void {
  for (const column of plainColumns) {
    const value = (input as Record<string, unknown>)[column]
    if (value === undefined) continue
    stmt(db, `UPDATE ipam_netblocks SET ${column} = ? WHERE id = ?`).run(value, id)
  }
  if (input.is_important !== undefined) {
    stmt(db, 'UPDATE ipam_netblocks SET is_important = ? WHERE id = ?').run(input.is_important ? 1 : 0, id)
  }
  if (input.tags !== undefined) setTagIds(db, id, ensureTags(db, parseTagList(input.tags)))
}

/** Sets (or clears) the IP rule of a block; the blocks below it carry the rule id too. */
function applyRule (db: Db, id: number, ruleId: number | null): void {
  stmt(db, 'UPDATE ipam_netblocks SET rule_id = ?, rule_own = ? WHERE id = ?').run(ruleId, ruleId === null ? 0 : 1, id)
  stmt(db, `WITH RECURSIVE down(id) AS (
      SELECT id FROM ipam_netblocks WHERE parent = ?
      UNION ALL SELECT n.id FROM ipam_netblocks n JOIN down ON n.parent = down.id
    ) UPDATE ipam_netblocks SET rule_id = ?, rule_own = 0 WHERE id IN (SELECT id FROM down) AND rule_own = 0`)
    .run(id, ruleId)
}

/**
 * Adds a top-level aggregate. A CIDR overlapping an existing aggregate of the same family is a 409
 * unless `allow_duplicate`, which starts an independent tree.
 */
export function createNetblock (db: Db, input: NetblockInput, now: number): NetblockRow {
  if (input.cidr === undefined) throw new MockError('BAD_REQUEST', 'cidr is required', 'cidr')
  const cidr = cidrOrThrow(input.cidr)
  checkReferences(db, input)
  return db.transaction(() => {
    const clash = stmt(db, `SELECT id, start_key, mask FROM ipam_netblocks WHERE parent IS NULL AND version = ?
      AND start_key <= ? AND end_key >= ? AND allow_duplicate = 0 ORDER BY start_key LIMIT 1`)
      .get(cidr.version, keyOf(endOf(cidr)), keyOf(cidr.start)) as { id: number } | undefined
    if (clash !== undefined && input.allow_duplicate !== true) {
      const existing = getRow(db, clash.id) as NetblockRow
      throw new MockError('CONFLICT', `${formatCidr(cidr)} overlaps aggregate ${formatCidr(cidrOfRow(existing))} ` +
        `(id ${existing.id}); set allow_duplicate to add it anyway`, 'cidr')
    }
    const resourceId = input.resource_id ?? null
    const sub = resourceId !== null && input.allow_sub_assignments === true
    const stamp = formatTimestamp(now)
    const id = Number(stmt(db, `INSERT INTO ipam_netblocks (version, start_key, end_key, mask, root_id, status,
      free_pool, resource_id, rir, allow_duplicate, allow_sub_assignments, assign_time, last_update_time)
      VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`).run(cidr.version, keyOf(cidr.start), keyOf(endOf(cidr)),
      cidr.mask, resourceId === null ? 'available' : 'assigned', resourceId === null ? 0 : (sub ? resourceId : null),
      resourceId, canonicalRir(input.rir ?? ''), input.allow_duplicate === true ? 1 : 0, sub ? 1 : 0,
      resourceId === null ? '' : stamp, stamp).lastInsertRowid)
    stmt(db, 'UPDATE ipam_netblocks SET root_id = id WHERE id = ?').run(id)
    applyPlainColumns(db, id, input)
    if (input.rule_id !== undefined && input.rule_id !== null) applyRule(db, id, input.rule_id)
    return getRow(db, id) as NetblockRow
  })()
}

/**
 * Changes a block's fields. `resource_id` moves an assigned block to another resource;
 * `allow_sub_assignments` opens or closes an assigned block for sub-assignment.
 */
export function updateNetblock (db: Db, id: number, input: NetblockInput, now: number): NetblockRow {
  checkReferences(db, input)
  return db.transaction(() => {
    const row = getNetblock(db, id)
    if (input.rir !== undefined && input.rir !== '') {
      stmt(db, 'UPDATE ipam_netblocks SET rir = ? WHERE id = ?').run(canonicalRir(input.rir), id)
    }
    applyPlainColumns(db, id, input)
    if (input.rule_id !== undefined) applyRule(db, id, input.rule_id)
    if (input.resource_id !== undefined && input.resource_id !== null && input.resource_id !== row.resource_id) {
      if (row.resource_id === null || row.status === 'holding') {
        throw new MockError('CONFLICT', `netblock ${id} is not assigned; use direct_assign or smart_assign`,
          'resource_id')
      }
      assertUnreferenced(db, row, 'resource_id')
      stmt(db, 'UPDATE ipam_netblocks SET resource_id = ?, free_pool = CASE WHEN free_pool IS NULL THEN NULL ' +
        'ELSE ? END WHERE id = ?').run(input.resource_id, input.resource_id, id)
    }
    if (input.allow_sub_assignments !== undefined) {
      setSubAssignments(db, getNetblock(db, id), input.allow_sub_assignments)
    }
    stmt(db, 'UPDATE ipam_netblocks SET last_update_time = ? WHERE id = ?').run(formatTimestamp(now), id)
    return getNetblock(db, id)
  })()
}

function setSubAssignments (db: Db, row: NetblockRow, allow: boolean): void {
  if (allow === (row.allow_sub_assignments === 1)) return
  if (row.resource_id === null || row.status === 'holding') {
    throw new MockError('CONFLICT', 'only an assigned block can allow sub-assignments', 'allow_sub_assignments')
  }
  // Sub-assigning from a block splits it (or takes it whole), which whoever stands on it cannot follow.
  if (allow) assertUnreferenced(db, row, 'allow_sub_assignments')
  if (!allow && row.child1 !== null) {
    throw new MockError('CONFLICT', `netblock ${row.id} has sub-assignments; unassign them first`,
      'allow_sub_assignments')
  }
  stmt(db, 'UPDATE ipam_netblocks SET allow_sub_assignments = ?, free_pool = ? WHERE id = ?')
    .run(allow ? 1 : 0, allow && row.child1 === null ? row.resource_id : null, row.id)
}

/** Deletes a top aggregate and its tree; refused while anything inside is assigned or held. */
export function deleteNetblock (db: Db, id: number): void {
  db.transaction(() => {
    const row = getNetblock(db, id)
    assertUnreferenced(db, row)
    if (row.parent !== null) {
      throw new MockError('CONFLICT', `netblock ${id} is part of aggregate ${row.root_id}; unassign it, or delete ` +
        'the aggregate')
    }
    const busy = stmt(db, `SELECT id FROM ipam_netblocks WHERE root_id = ? AND child1 IS NULL
      AND status IN ('assigned', 'holding') AND id != ? LIMIT 1`).pluck().get(id, id) as number | undefined
    if (busy !== undefined) {
      throw new MockError('CONFLICT', `aggregate ${id} still holds assigned or held block ${busy}; unassign it first`)
    }
    stmt(db, 'UPDATE ipam_netblocks SET parent = NULL WHERE root_id = ?').run(id)
    stmt(db, 'DELETE FROM ipam_netblocks WHERE root_id = ?').run(id)
  })()
}

// ---------------------------------------------------------------------------------------------
// Allocation

/** What smart assign takes: the body of `PUT /ipam/netblocks/smart_assign`. */
export interface SmartAssignRequest extends MetaFields {
  /** The resource the new block is assigned to. */
  resource_id: number
  /** `ipv4` or `ipv6`. */
  type: string
  mask: number
  rir?: string
  /** Comma-separated names (stray quotes tolerated) or an array. */
  tags?: string | string[]
  tags_mode?: TagsMode
  /** Only blocks inside this netblock (an aggregate id, or any block id). */
  top_aggregate?: number
  /** Only blocks with this VLAN id. */
  vlan?: number
  region_id?: number
  /** Take the block from the space this resource may sub-assign instead of the Available pool. */
  assigned_resource_id?: number
}

/** What direct assign takes besides the CIDR. */
export interface DirectAssignRequest extends MetaFields {
  resource_id: number
  rir?: string
  tags?: string | string[]
  top_aggregate?: number
  vlan?: number
  region_id?: number
}

function reservedFor (db: Db, row: NetblockRow): bigint[] {
  if (row.rule_id === null) return []
  const out: bigint[] = []
  let node: NetblockRow | undefined = row
  while (node !== undefined) {
    if (node.rule_own === 1 && node.rule_id !== null) {
      const rule = ruleById(db, node.rule_id)
      const positions = rule === undefined ? [] : parsePositions(rule.positions)
      if (Array.isArray(positions)) out.push(...reservedAddresses(cidrOfRow(node), positions))
    }
    node = node.parent === null ? undefined : getRow(db, node.parent)
  }
  return out
}

function schemeOf (db: Db, root: NetblockRow): SparseScheme {
  if (root.version === 4) return 'leftmost'
  const scheme = root.sparse_scheme !== '' ? root.sparse_scheme : getSetting(db, 'ipv6_sparse_scheme')
  return sparseSchemes.includes(scheme as SparseScheme) ? scheme as SparseScheme : 'leftmost'
}

/** The largest mask <= `atMost` at which the tree has a free block of the pool; -1 when none. */
function nextLevel (db: Db, pool: number, rootId: number, atMost: number): number {
  const level = stmt(db, `SELECT mask FROM ipam_netblocks WHERE free_pool = ? AND root_id = ? AND mask <= ?
    ORDER BY mask DESC LIMIT 1`).pluck().get(pool, rootId, atMost) as number | undefined
  return level ?? -1
}

const batch = 16
const freeAbove = `WHERE free_pool = ? AND root_id = ? AND mask = ? AND start_key > ? ORDER BY start_key
  LIMIT ${batch}`
const freeBelow = `WHERE free_pool = ? AND root_id = ? AND mask = ? AND start_key < ? ORDER BY start_key DESC
  LIMIT ${batch}`
const firstFreeAbove = 'WHERE free_pool = ? AND root_id = ? AND mask = ? AND start_key > ? ORDER BY start_key LIMIT 1'
const firstFreeBelow = `WHERE free_pool = ? AND root_id = ? AND mask = ? AND start_key < ?
  ORDER BY start_key DESC LIMIT 1`

/** Free blocks of one level in the scheme's order, fetched in small keyset pages. */
function * freeAtLevel (db: Db, pool: number, root: NetblockRow, level: number, scheme: SparseScheme):
Generator<NetblockRow> {
  const up = netblockQuery(db, freeAbove)
  const down = netblockQuery(db, freeBelow)
  const upOne = netblockQuery(db, firstFreeAbove)
  const downOne = netblockQuery(db, firstFreeBelow)
  // The first candidate usually fits: fetch it alone, then continue in pages.
  function * walk (statement: typeof up, from: string): Generator<NetblockRow> {
    const first = readNetblock(statement === up ? upOne : downOne, pool, root.root_id, level, from)
    if (first === undefined) return
    yield first
    let key = first.start_key
    for (;;) {
      const rows = readNetblocks(statement, pool, root.root_id, level, key)
      yield * rows
      if (rows.length < batch) return
      key = rows[rows.length - 1].start_key
    }
  }
  if (scheme === 'leftmost') return yield * walk(up, '')
  if (scheme === 'rightmost') return yield * walk(down, 'g')
  // center: merge the two directions from the middle by distance.
  const middle = valueOfKey(root.start_key) + blockSize(root.version, root.mask) / 2n
  const right = walk(up, keyOf(middle - 1n))
  const left = walk(down, keyOf(middle))
  let a = right.next()
  let b = left.next()
  while (a.done !== true || b.done !== true) {
    const takeRight = b.done === true ||
      (a.done !== true && distanceTo(cidrOfRow(a.value), middle) <= distanceTo(cidrOfRow(b.value), middle))
    if (takeRight) {
      yield a.value as NetblockRow
      a = right.next()
    } else {
      yield b.value as NetblockRow
      b = left.next()
    }
  }
}

interface Candidate {
  root: NetblockRow
  level: number
}

/**
 * Chooses and assigns a block. Selection order: the smallest free block that fits (best fit: keeps
 * large blocks whole), across the matching aggregates in id order; within one size, the aggregate's
 * position scheme (IPv4 and leftmost IPv6: lowest address; rightmost: highest; center: nearest the
 * middle of the aggregate). The chosen block is split down to the mask and assigned. Throws 404
 * `No suitable blocks found for mask size /N` when nothing fits.
 */
export function smartAssign (db: Db, request: SmartAssignRequest, now: number): NetblockRow {
  const version = versionOfType(request.type)
  if (version === undefined) throw new MockError('BAD_REQUEST', 'type must be ipv4 or ipv6', 'type')
  const bits = version === 4 ? 32 : 128
  if (!Number.isInteger(request.mask) || request.mask < 0 || request.mask > bits) {
    throw new MockError('BAD_REQUEST', `mask must be from 0 to ${bits} for ${typeOf(version)}`, 'mask')
  }
  const mode = request.tags_mode ?? 'default'
  if (!tagsModes.includes(mode)) {
    throw new MockError('BAD_REQUEST', `tags_mode must be one of ${tagsModes.join(', ')}`,
      'tags_mode')
  }
  requireResource(db, request.resource_id)
  if (request.assigned_resource_id !== undefined) {
    requireResource(db, request.assigned_resource_id, 'assigned_resource_id')
  }
  const wanted = parseTagList(request.tags)
  const pool = request.assigned_resource_id ?? 0
  return db.transaction(() => {
    const within = request.top_aggregate === undefined ? undefined : getRow(db, request.top_aggregate)
    if (request.top_aggregate !== undefined && within === undefined) {
      throw new MockError('NOT_FOUND', `top_aggregate ${request.top_aggregate} not found`, 'top_aggregate')
    }
    const rir = request.rir === undefined || request.rir === '' ? null : canonicalRir(request.rir)
    const onlyRoot = within?.root_id ?? null
    const roots = readNetblocks(netblockQuery(db, `WHERE parent IS NULL AND version = ? AND mask <= ?
      AND (? IS NULL OR rir = ?) AND (? IS NULL OR id = ?) ORDER BY id`), version, request.mask, rir, rir, onlyRoot,
    onlyRoot)
    const schemes = new Map(roots.map((root) => [root.id, schemeOf(db, root)]))
    const accept = (row: NetblockRow): Cidr | undefined => {
      if (within !== undefined && (row.start_key < within.start_key || row.end_key > within.end_key)) return undefined
      if (request.region_id !== undefined && row.region_id !== request.region_id) return undefined
      if (request.vlan !== undefined && row.vlan_id !== request.vlan) return undefined
      if ((wanted.length > 0 || mode === 'strict') && !tagsMatch(tagNamesOf(db, row.id), wanted, mode)) return undefined
      const root = roots.find((candidate) => candidate.id === row.root_id) as NetblockRow
      const middle = valueOfKey(root.start_key) + blockSize(root.version, root.mask) / 2n
      return placeWithin(cidrOfRow(row), request.mask, schemes.get(root.id) as SparseScheme, middle,
        reservedFor(db, row))
    }
    const pending: Candidate[] = roots.map((root) => ({ root, level: nextLevel(db, pool, root.id, request.mask) }))
      .filter((candidate) => candidate.level >= 0)
    while (pending.length > 0) {
      pending.sort((a, b) => b.level - a.level || a.root.id - b.root.id)
      const current = pending[0]
      const scheme = schemes.get(current.root.id) as SparseScheme
      for (const row of freeAtLevel(db, pool, current.root, current.level, scheme)) {
        const target = accept(row)
        if (target !== undefined) return assignBlock(db, row, target, request.resource_id, request, now)
      }
      current.level = current.level === 0 ? -1 : nextLevel(db, pool, current.root.id, current.level - 1)
      if (current.level < 0) pending.shift()
    }
    throw new MockError('NOT_FOUND', `No suitable blocks found for mask size /${request.mask}`)
  })()
}

function assignBlock (db: Db, free: NetblockRow, target: Cidr, resourceId: number, fields: MetaFields,
  now: number): NetblockRow {
  const leaf = { id: splitDownTo(db, free, target, now) }
  const stamp = formatTimestamp(now)
  stmt(db, `UPDATE ipam_netblocks SET status = 'assigned', free_pool = NULL, resource_id = ?,
    allow_sub_assignments = 0, holding_since_ms = NULL, assign_time = ?, last_update_time = ? WHERE id = ?`)
    .run(resourceId, stamp, stamp, leaf.id)
  for (const key of metaKeys) {
    const value = fields[key]
    if (value !== undefined) stmt(db, `UPDATE ipam_netblocks SET ${key} = ? WHERE id = ?`).run(value, leaf.id)
  }
  return getRow(db, leaf.id) as NetblockRow
}

/**
 * Assigns exactly `cidrText`, splitting the free block that holds it. A block in the Holding Tank
 * may be assigned as it is (not split). Overlap with assigned space is a 409 naming the block.
 * Returns the assigned block in an array, as ProVision does.
 */
export function directAssign (db: Db, cidrText: string, request: DirectAssignRequest, now: number): NetblockRow[] {
  const target = cidrOrThrow(cidrText)
  requireResource(db, request.resource_id)
  requireCatalog(db, 'regions', request.region_id, 'region_id')
  requireCatalog(db, 'vlans', request.vlan, 'vlan')
  return db.transaction(() => {
    const roots = readNetblocks(netblockQuery(db,
      'WHERE parent IS NULL AND version = ? AND start_key <= ? AND end_key >= ? ORDER BY id'),
    target.version, keyOf(target.start), keyOf(endOf(target)))
      .filter((root) => (request.rir === undefined || request.rir === '' || root.rir === canonicalRir(request.rir)) &&
        (request.top_aggregate === undefined || root.id === request.top_aggregate ||
          getRow(db, request.top_aggregate)?.root_id === root.id))
    if (roots.length === 0) {
      throw new MockError('UNPROCESSABLE', `${formatCidr(target)} is not inside any matching aggregate`, 'cidr')
    }
    let conflict: MockError | undefined
    for (const root of roots) {
      const outcome = directAssignIn(db, root, target, request, now)
      if (outcome instanceof MockError) conflict ??= outcome
      else return [outcome]
    }
    throw conflict ?? new MockError('CONFLICT')
  })()
}

function overlapError (target: Cidr, row: NetblockRow): MockError {
  const what = row.status === 'holding' ? 'held' : 'assigned'
  return new MockError('CONFLICT', `${formatCidr(target)} overlaps ${what} block ${formatCidr(cidrOfRow(row))} ` +
    `(id ${row.id})`, 'cidr')
}

function directAssignIn (db: Db, root: NetblockRow, target: Cidr, request: DirectAssignRequest, now: number):
NetblockRow | MockError {
  const leaf = leafAt(db, root.id, target.start) as NetblockRow
  let free: NetblockRow
  if (leaf.mask <= target.mask) {
    if (leaf.status === 'holding' && leaf.mask === target.mask) {
      free = leaf
    } else if (leaf.free_pool === null) {
      return overlapError(target, leaf)
    } else {
      free = leaf
    }
  } else {
    const node = findNode(db, root.id, target) as NetblockRow
    const pool = innerPool(node)
    const busy = leavesWithin(db, root.id, target).find((row) => row.free_pool !== pool)
    if (busy !== undefined) {
      return overlapError(target, busy)
    }
    free = collapse(db, node, pool, now)
  }
  const reserved = reservedFor(db, free).filter((address) => address >= target.start && address <= endOf(target))
  if (reserved.length > 0) {
    return new MockError('CONFLICT', `${formatCidr(target)} holds addresses an IP rule reserves`, 'cidr')
  }
  const row = assignBlock(db, free, target, request.resource_id, request, now)
  const changes: NetblockInput = {}
  if (request.region_id !== undefined) changes.region_id = request.region_id
  if (request.vlan !== undefined) changes.vlan_id = request.vlan
  if (request.tags !== undefined) changes.tags = request.tags
  applyPlainColumns(db, row.id, changes)
  return getRow(db, row.id) as NetblockRow
}

function mergeOptions (db: Db): { merge: boolean, respectTagsRegions: boolean, limit: number } {
  return {
    merge: getSetting(db, 'merge_after_unassign') === '1',
    respectTagsRegions: getSetting(db, 'auto_merge_respects_tags_regions') === '1',
    limit: Number(getSetting(db, 'auto_merge_limits'))
  }
}

function release (db: Db, row: NetblockRow, pool: number, now: number): NetblockRow {
  markFree(db, row.id, pool, now)
  const options = mergeOptions(db)
  const freed = getRow(db, row.id) as NetblockRow
  return options.merge ? mergeUp(db, freed, options, now) : freed
}

/**
 * Unassigns a block. Space sub-assigned from another resource goes back to that resource. Other
 * blocks go to the Holding Tank for `holding_tank_days` (setting), or straight back to Available
 * with `skip_holding` or 0 days, where they merge with their free buddy when `merge_after_unassign`
 * is on. Returns the block as it is after the unassign (the merged block when it merged).
 */
export function unassign (db: Db, id: number, options: { skip_holding?: boolean }, now: number): NetblockRow {
  return db.transaction(() => {
    let row = getNetblock(db, id)
    if (row.resource_id === null) {
      throw new MockError('CONFLICT', `netblock ${id} is not assigned`)
    }
    assertUnreferenced(db, row)
    if (row.child1 !== null) {
      const busy = leavesWithin(db, row.root_id, cidrOfRow(row)).find((leaf) => leaf.free_pool !== innerPool(row))
      if (busy !== undefined) {
        throw new MockError('CONFLICT', `netblock ${id} has sub-assignment ${formatCidr(cidrOfRow(busy))} ` +
          `(id ${busy.id}); unassign it first`)
      }
      row = collapse(db, row, innerPool(row), now)
    }
    const pool = homePool(db, row)
    if (pool !== 0) return release(db, row, pool, now)
    const days = Number(getSetting(db, 'holding_tank_days'))
    if (options.skip_holding === true || days === 0) return release(db, row, 0, now)
    stmt(db, `UPDATE ipam_netblocks SET status = 'holding', free_pool = NULL, resource_id = NULL,
      allow_sub_assignments = 0, holding_since_ms = ?, last_update_time = ? WHERE id = ?`)
      .run(now, formatTimestamp(now), row.id)
    return getRow(db, row.id) as NetblockRow
  })()
}

/** When a held block returns to Available (ms), by the current setting. */
export function holdingReleaseAt (db: Db, row: NetblockRow): number | undefined {
  if (row.status !== 'holding' || row.holding_since_ms === null) return undefined
  return row.holding_since_ms + Number(getSetting(db, 'holding_tank_days')) * 86_400_000
}

export function listHoldingTank (db: Db): NetblockRow[] {
  return readNetblocks(netblockQuery(db, "WHERE status = 'holding' ORDER BY holding_since_ms, id"))
}

/**
 * Releases every held block whose time is up (all of them with `all`), as ProVision's "Process
 * Holding Tank" task does. Returns the blocks released, as they were before merging.
 */
export function processHoldingTank (db: Db, now: number, all = false): NetblockRow[] {
  return db.transaction(() => {
    const days = Number(getSetting(db, 'holding_tank_days'))
    const cutoff = all ? Number.MAX_SAFE_INTEGER : now - days * 86_400_000
    const due = readNetblocks(netblockQuery(db,
      "WHERE status = 'holding' AND holding_since_ms <= ? ORDER BY holding_since_ms, id"), cutoff)
    for (const row of due) {
      const current = getRow(db, row.id)
      if (current !== undefined && current.status === 'holding') release(db, current, 0, now)
    }
    return due
  })()
}

/** Unassigns every block assigned to the given resources; returns the ids unassigned. */
export function unassignAllIps (db: Db, resourceIds: readonly number[], options: { skip_holding?: boolean },
  now: number): number[] {
  return db.transaction(() => {
    const done: number[] = []
    for (const resourceId of resourceIds) {
      const rows = stmt(db, `SELECT id FROM ipam_netblocks WHERE resource_id = ? AND status != 'holding'
        AND (free_pool IS NULL OR free_pool != resource_id OR parent IS NULL
          OR (SELECT resource_id FROM ipam_netblocks p WHERE p.id = ipam_netblocks.parent) IS NOT ?)
        ORDER BY mask DESC, id`).pluck().all(resourceId, resourceId) as number[]
      for (const id of rows) {
        const row = getRow(db, id)
        if (row === undefined || row.resource_id !== resourceId) continue
        unassign(db, id, options, now)
        done.push(id)
      }
    }
    return done
  })()
}

/**
 * The first free single address inside a block: not in an assigned or held block below it, not
 * reserved by a rule. IPv4 blocks up to /30 skip their network and broadcast addresses, IPv6 blocks
 * up to /126 their subnet-router anycast (first) address. Undefined when the block is full.
 */
export function firstAvailable (db: Db, row: NetblockRow): Cidr | undefined {
  const block = cidrOfRow(row)
  const end = endOf(block)
  let address = block.start
  let last = end
  if (row.version === 4 && row.mask <= 30) { address += 1n; last -= 1n }
  if (row.version === 6 && row.mask <= 126) address += 1n
  const reserved = new Set(reservedFor(db, row))
  const used = leavesWithin(db, row.root_id, block).filter((leaf) => leaf.id !== row.id &&
    (leaf.status === 'holding' || (leaf.status === 'assigned' && leaf.free_pool !== innerPool(row))))
  let index = 0
  while (address <= last) {
    while (index < used.length && valueOfKey(used[index].end_key) < address) index++
    const next = used[index]
    if (next !== undefined && valueOfKey(next.start_key) <= address) address = valueOfKey(next.end_key) + 1n
    else if (reserved.has(address)) address += 1n
    else return { version: row.version, start: address, mask: row.version === 4 ? 32 : 128 }
  }
  return undefined
}

/** Marks a block swipped (handle and time), as a finished SWIP job does. */
export function markSwipped (db: Db, id: number, handles: { net_handle?: string, customer_handle?: string },
  now: number): NetblockRow {
  const row = getNetblock(db, id)
  stmt(db, `UPDATE ipam_netblocks SET swipped = 1, swip_time = ?, net_handle = ?, customer_handle = ?,
    last_update_time = ? WHERE id = ?`).run(formatTimestamp(now), handles.net_handle ?? row.net_handle,
    handles.customer_handle ?? row.customer_handle, formatTimestamp(now), id)
  return getNetblock(db, id)
}

export function unswip (db: Db, id: number, now: number): NetblockRow {
  getNetblock(db, id)
  stmt(db, 'UPDATE ipam_netblocks SET swipped = 0, swip_time = \'\', last_update_time = ? WHERE id = ?')
    .run(formatTimestamp(now), id)
  return getNetblock(db, id)
}

/** True when two blocks of different trees collide and neither tree allows duplicates. */
export function rootsOverlap (a: NetblockRow, b: NetblockRow): boolean {
  return a.allow_duplicate === 0 && b.allow_duplicate === 0 && overlaps(cidrOfRow(a), cidrOfRow(b))
}

export type { IpVersion }

/** What in IPAM still points at a resource: blocks assigned or held for it, VLANs, LIRs. */
export function resourceReferences (db: Db, resourceId: number): string | undefined {
  const blocks = stmt(db, `SELECT COUNT(*) FROM ipam_netblocks
    WHERE resource_id = ? AND status <> 'split'`).pluck().get(resourceId) as number
  if (
    blocks > 0
  ) return `${blocks} netblock${blocks === 1 ? '' : 's'} (unassign them first, e.g. POST /resources/unassign_all_ips)`
  const others = (stmt(db, 'SELECT COUNT(*) FROM ipam_vlans WHERE resource_id = ?').pluck().get(resourceId) as number) +
    (stmt(db, 'SELECT COUNT(*) FROM ipam_lirs WHERE resource_id = ?').pluck().get(resourceId) as number)
  return others > 0 ? `${others} IPAM VLAN or LIR record${others === 1 ? '' : 's'}` : undefined
}
