import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import {
  deleteResourceRow, getAttrs, insertResource, setAttrs, touchResource, type ResourceRow
} from '../resources/store.js'
import { directAssign, getRow, smartAssign, unassign, type NetblockRow } from '../ipam/store.js'
import { formatCidr } from '../ipam/ip.js'
import { cidrOfRow } from '../ipam/tree.js'
import { attrsOfMany } from '../dns/store.js'
import {
  broadcastOf, isHostOf, netmaskOf, normalizeMac, parseSubnet, subnetsOverlap, toAddress, toNumber, type Subnet
} from './address.js'
import {
  HOST, idsWithAttr, invalid, ofType, POOL, rename, requireGroup, requireName, rowsOfType, text, type Input
} from './store.js'

/**
 * DHCP subnet pools and their host reservations. A pool's block comes from IPAM (direct assign of
 * a CIDR or smart assign of a mask) and is assigned to the pool's parent resource; the pool keeps
 * the netblock id. A dynamic range and a router lie inside the block; reservations (resources of
 * type `dhcphost` under the pool) bind one MAC address to one address of the block.
 */

export interface PoolView {
  id: string
  parent_id: string
  name: string
  group_id: string
  pool_type: string
  netblock_id: string
  cidr: string
  netmask: string
  range_start: string
  range_end: string
  router: string
  status: string
  date: string
  modified: string
}

export interface ReservationView {
  id: string
  pool_id: string
  name: string
  mac: string
  address: string
  hostname: string
  date: string
  modified: string
}

export interface Pool {
  row: ResourceRow
  attrs: Record<string, string>
  subnet: Subnet
}

function toPoolView (pool: Pool): PoolView {
  const { row, attrs } = pool
  return {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    name: row.name,
    group_id: attrs.group_id ?? '',
    pool_type: attrs.pool_type ?? 'subnet',
    netblock_id: attrs.netblock_id ?? '',
    cidr: attrs.cidr ?? '',
    netmask: netmaskOf(pool.subnet),
    range_start: attrs.range_start ?? '',
    range_end: attrs.range_end ?? '',
    router: attrs.router ?? '',
    status: attrs.status ?? 'active',
    date: row.date,
    modified: row.modified
  }
}

function poolOf (row: ResourceRow, attrs: Record<string, string>): Pool {
  return { row, attrs, subnet: parseSubnet(attrs.cidr ?? '') ?? { network: 0, mask: 32 } }
}

export function getPool (db: Db, id: number, field = 'id'): Pool {
  const row = ofType(db, id, POOL)
  if (row === undefined) throw new MockError('NOT_FOUND', `DHCP pool ${id} not found`, field)
  return poolOf(row, getAttrs(db, id))
}

export function allPools (db: Db): Pool[] {
  const rows = rowsOfType(db, POOL)
  const attrs = attrsOfMany(db, rows.map((row) => row.id))
  return rows.map((row) => poolOf(row, attrs.get(row.id) as Record<string, string>))
}

export function poolView (db: Db, id: number): PoolView {
  return toPoolView(getPool(db, id))
}

export interface PoolFilters {
  group_id?: number
  parent_id?: number
}

export function listPools (db: Db, readable: (id: number) => boolean, filters: PoolFilters = {}): PoolView[] {
  return allPools(db).filter((pool) => readable(pool.row.id))
    .filter((pool) => filters.group_id === undefined || pool.attrs.group_id === String(filters.group_id))
    .filter((pool) => filters.parent_id === undefined || pool.row.parent_id === filters.parent_id)
    .map(toPoolView)
}

/** Pools of a group, in address order. */
export function poolsOfGroup (db: Db, groupId: number): Pool[] {
  return idsWithAttr(db, POOL, 'group_id', String(groupId)).map((id) => getPool(db, id))
    .sort((a, b) => a.subnet.network - b.subnet.network || a.row.id - b.row.id)
}

function hostAddress (subnet: Subnet, value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined
  const number = toNumber(value)
  if (number === undefined) throw invalid(field, `"${value}" is not an IPv4 address`)
  if (!isHostOf(subnet, number)) {
    throw invalid(field, `${value} is outside the pool's block ${toAddress(subnet.network)}/${subnet.mask} ` +
      '(or is its network or broadcast address)')
  }
  return number
}

interface Layout {
  range_start: string
  range_end: string
  router: string
}

/**
 * The range and router of a pool after a change: given values win, the rest keep their current
 * value or default (router: the first host; range: the rest of the block). Both ends of the range
 * lie inside the block, in order, and the router outside the range; reservations stay outside it too.
 */
function layoutOf (subnet: Subnet, input: Input, current: Partial<Layout>): Layout {
  const first = subnet.network + 1
  const last = broadcastOf(subnet) - 1
  const router = hostAddress(subnet, text(input, 'router') ?? current.router, 'router') ?? first
  const start = hostAddress(subnet, text(input, 'range_start') ?? current.range_start, 'range_start') ??
    (router === first ? first + 1 : first)
  const end = hostAddress(subnet, text(input, 'range_end') ?? current.range_end, 'range_end') ??
    (router === last ? last - 1 : last)
  if (start > end) throw invalid('range_end', `${toAddress(end)} comes before range_start ${toAddress(start)}`)
  if (router >= start && router <= end) {
    throw invalid('router', `${toAddress(router)} lies inside the dynamic range ${toAddress(start)}-${toAddress(end)}`)
  }
  return { range_start: toAddress(start), range_end: toAddress(end), router: toAddress(router) }
}

interface PoolCidr {
  id: number
  cidr: string | null
}

/** Every pool's id and `cidr` attr (null when it has none) in one query. */
function allPoolCidrs (db: Db): PoolCidr[] {
  return stmt(db, `SELECT r.id, a.value AS cidr FROM resources r
    LEFT JOIN resource_attrs a ON a.resource_id = r.id AND a.key = 'cidr' WHERE r.type = ? ORDER BY r.id`)
    .all(POOL) as PoolCidr[]
}

/** Pools whose `cidr` attr starts with `prefix`, through the attr index (a range of its values). */
function poolCidrsStarting (db: Db, prefix: string): PoolCidr[] {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
  return stmt(db, `SELECT r.id, a.value AS cidr FROM resource_attrs a CROSS JOIN resources r ON r.id = a.resource_id
    WHERE a.key = 'cidr' AND a.value >= ? AND a.value < ? AND r.type = ?`).all(prefix, end, POOL) as PoolCidr[]
}

/**
 * The pools that can overlap `subnet`, a superset. A stored cidr that parses has a canonical
 * address part (no leading zeros), so a pool containing the subnet starts with the subnet's
 * network masked to its own length, then "/", and a pool inside it starts with the subnet's
 * fixed octets. A very large subnet, or one holding 0.0.0.0 (where a pool whose cidr does not
 * parse is taken to be), is checked against every pool.
 */
function poolsNear (db: Db, subnet: Subnet): PoolCidr[] {
  if (subnet.mask < 8 || subnet.network === 0) return allPoolCidrs(db)
  const candidates: PoolCidr[] = []
  for (let mask = 0; mask <= subnet.mask; mask++) {
    const size = 2 ** (32 - mask)
    candidates.push(...poolCidrsStarting(db, `${toAddress(Math.floor(subnet.network / size) * size)}/`))
  }
  const octets = toAddress(subnet.network).split('.').slice(0, Math.floor(subnet.mask / 8))
  candidates.push(...poolCidrsStarting(db, `${octets.join('.')}.`))
  return candidates
}

function assertNoOverlap (db: Db, subnet: Subnet, cidr: string): void {
  // The lowest pool id among those overlapping, as a scan of every pool in id order finds it.
  const other = poolsNear(db, subnet)
    .filter((pool) => subnetsOverlap(parseSubnet(pool.cidr ?? '') ?? { network: 0, mask: 32 }, subnet))
    .sort((a, b) => a.id - b.id)[0]
  if (other !== undefined) {
    throw new MockError('CONFLICT', `cidr: ${cidr} overlaps DHCP pool ${other.id} (${other.cidr ?? 'undefined'})`,
      'cidr')
  }
}

function optionalInt (input: Input, key: string): number | undefined {
  const value = text(input, key)
  if (value === undefined) return undefined
  if (!/^[0-9]{1,10}$/.test(value)) throw invalid(key, 'must be an integer')
  return Number(value)
}

/** Takes the pool's block from IPAM: direct assign of `cidr`, or smart assign of `mask`. */
function takeBlock (db: Db, input: Input, resourceId: number, now: number): NetblockRow {
  const cidr = text(input, 'cidr')
  const topAggregate = optionalInt(input, 'top_aggregate')
  const rir = text(input, 'rir')
  if (cidr !== undefined) {
    const subnet = parseSubnet(cidr)
    if (subnet === undefined) throw invalid('cidr', `"${cidr}" is not an IPv4 network in CIDR form`)
    if (subnet.mask > 30) throw invalid('cidr', 'a DHCP pool needs at least a /30')
    assertNoOverlap(db, subnet, cidr)
    return directAssign(db, cidr, { resource_id: resourceId, top_aggregate: topAggregate, rir }, now)[0]
  }
  const mask = optionalInt(input, 'mask')
  if (mask === undefined) throw invalid('cidr', 'give a cidr (direct assign) or a mask (smart assign)')
  if (mask < 8 || mask > 30) throw invalid('mask', 'a DHCP pool is from /8 to /30')
  const tags = Array.isArray(input.tags) ? input.tags.map(String) : text(input, 'tags')
  return smartAssign(db, { resource_id: resourceId, type: 'ipv4', mask, top_aggregate: topAggregate, rir, tags }, now)
}

/**
 * Creates a pool; the block is assigned to `parentId`. With `adopt`, a block already assigned to
 * that resource with exactly this CIDR is taken as it is (re-seeding an exported instance).
 */
export function createPool (db: Db, input: Input, parentId: number, now: number,
  options: { fixedId?: number, adopt?: NetblockRow } = {}): PoolView {
  const name = requireName(input)
  const groupText = text(input, 'group_id')
  if (groupText === undefined) throw invalid('group_id', 'a pool belongs to a DHCP group')
  const group = requireGroup(db, Number(groupText), 'group_id')
  const block = options.adopt ?? takeBlock(db, input, parentId, now)
  const cidr = formatCidr(cidrOfRow(block))
  const subnet = parseSubnet(cidr) as Subnet
  const layout = layoutOf(subnet, input, {})
  const id = insertResource(db, {
    id: options.fixedId,
    parent_id: parentId,
    type: POOL,
    name,
    attrs: {
      group_id: String(group.id),
      pool_type: 'subnet',
      netblock_id: String(block.id),
      cidr,
      status: 'active',
      ...layout
    }
  }, now)
  return poolView(db, id)
}

export function updatePool (db: Db, id: number, input: Input, now: number): PoolView {
  const pool = getPool(db, id)
  const attrs: Record<string, string> = {}
  const group = text(input, 'group_id')
  if (group !== undefined) attrs.group_id = String(requireGroup(db, Number(group), 'group_id').id)
  const moved = {
    cidr: text(input, 'cidr') !== undefined && text(input, 'cidr') !== pool.attrs.cidr,
    mask: text(input, 'mask') !== undefined,
    parent_id: text(input, 'parent_id') !== undefined && Number(text(input, 'parent_id')) !== pool.row.parent_id
  }
  const changed = Object.entries(moved).find(([, value]) => value)
  if (changed !== undefined) {
    throw invalid(changed[0], 'a pool keeps its block and parent; delete it and create another')
  }
  const layout = layoutOf(pool.subnet, input, pool.attrs)
  for (const reservation of reservationsOf(db, id)) assertOutsideRange(reservation.address, layout, 'range_start')
  const status = text(input, 'status')
  if (status !== undefined) attrs.status = status
  rename(db, id, { name: input.name })
  setAttrs(db, id, { ...attrs, ...layout })
  touchResource(db, id, now)
  return poolView(db, id)
}

/** Deletes the pool and its reservations and unassigns its block (to the Holding Tank unless skipped). */
export function deletePool (db: Db, id: number, options: { skip_holding?: boolean }, now: number): void {
  const pool = getPool(db, id)
  for (const reservation of reservationsOf(db, id)) deleteResourceRow(db, Number(reservation.id))
  deleteResourceRow(db, id)
  const block = getRow(db, Number(pool.attrs.netblock_id))
  if (block !== undefined && block.resource_id !== null && formatCidr(cidrOfRow(block)) === pool.attrs.cidr) {
    unassign(db, block.id, options, now)
  }
}

/**
 * Ids of the pools standing on `block`: their `netblock_id` is its id and their `cidr` its CIDR (a
 * pool whose block is already gone does not claim a later block that reuses the id). Through the
 * attr index, not a scan of every pool.
 */
export function poolsOnBlock (db: Db, block: NetblockRow): number[] {
  return stmt(db, `SELECT r.id FROM resource_attrs a CROSS JOIN resources r ON r.id = a.resource_id
    JOIN resource_attrs c ON c.resource_id = r.id AND c.key = 'cidr'
    WHERE a.key = 'netblock_id' AND a.value = ? AND r.type = ? AND c.value = ? ORDER BY r.id`)
    .pluck().all(String(block.id), POOL, formatCidr(cidrOfRow(block))) as number[]
}

/** IPAM's netblock reference check: the pool a block backs, which must go before the block may. */
export function poolReference (db: Db, block: NetblockRow): string | undefined {
  const pools = poolsOnBlock(db, block)
  if (pools.length === 0) return undefined
  return `backs DHCP pool${pools.length === 1 ? '' : 's'} ${pools.join(', ')}; ` +
    `delete the pool${pools.length === 1 ? '' : 's'} first`
}

/** The pool's netblock when it still exists, is assigned, and still has the pool's CIDR. */
export function blockOfPool (db: Db, pool: Pool): NetblockRow | undefined {
  const block = getRow(db, Number(pool.attrs.netblock_id))
  if (block === undefined || block.status !== 'assigned' || formatCidr(cidrOfRow(block)) !== pool.attrs.cidr) {
    return undefined
  }
  return block
}

// ---------------------------------------------------------------------------------------------
// reservations

function toReservationView (row: ResourceRow, attrs: Record<string, string>): ReservationView {
  return {
    id: String(row.id),
    pool_id: String(row.parent_id ?? ''),
    name: row.name,
    mac: attrs.mac ?? '',
    address: attrs.address ?? '',
    hostname: attrs.hostname ?? '',
    date: row.date,
    modified: row.modified
  }
}

function reservationViews (db: Db, rows: ResourceRow[]): ReservationView[] {
  const attrs = attrsOfMany(db, rows.map((row) => row.id))
  return rows.map((row) => toReservationView(row, attrs.get(row.id) as Record<string, string>))
}

export function reservationsOf (db: Db, poolId: number): ReservationView[] {
  const rows = stmt(db, 'SELECT * FROM resources WHERE type = ? AND parent_id = ? ORDER BY id').all(HOST, poolId) as
    ResourceRow[]
  // Address order, each address parsed once (not once per comparison).
  return reservationViews(db, rows).map((view) => ({ view, key: toNumber(view.address) ?? 0 }))
    .sort((a, b) => a.key - b.key || Number(a.view.id) - Number(b.view.id))
    .map(({ view }) => view)
}

export function allReservations (db: Db): ReservationView[] {
  return reservationViews(db, rowsOfType(db, HOST))
}

/**
 * Ids of the pool's reservations of exactly `address`, lowest first: through the attr index
 * (CROSS JOIN so SQLite does not start from the pool's children instead).
 */
function reservationsAt (db: Db, poolId: number, address: string): number[] {
  return stmt(db, `SELECT r.id FROM resource_attrs a CROSS JOIN resources r ON r.id = a.resource_id
    WHERE a.key = 'address' AND a.value = ? AND r.type = ? AND r.parent_id = ? ORDER BY a.resource_id`)
    .pluck().all(address, HOST, poolId) as number[]
}

export function requireReservation (db: Db, poolId: number, id: number): ReservationView {
  const row = ofType(db, id, HOST)
  if (row === undefined || row.parent_id !== poolId) {
    throw new MockError('NOT_FOUND', `reservation ${id} not found in DHCP pool ${poolId}`, 'rid')
  }
  return toReservationView(row, getAttrs(db, id))
}

function assertOutsideRange (address: string, layout: Layout, field: string): void {
  const value = toNumber(address) ?? 0
  if (value >= (toNumber(layout.range_start) ?? 0) && value <= (toNumber(layout.range_end) ?? 0)) {
    throw new MockError('CONFLICT', `${field}: reservation address ${address} would lie inside the dynamic range ` +
      `${layout.range_start}-${layout.range_end}`, field)
  }
}

const hostnamePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

function reservationAttrs (db: Db, pool: Pool, input: Input, self?: number): Record<string, string> {
  const attrs: Record<string, string> = {}
  const macText = text(input, 'mac')
  if (macText !== undefined) {
    const mac = normalizeMac(macText)
    if (mac === undefined) throw invalid('mac', `"${macText}" is not a MAC address (six hex octets)`)
    const holder = idsWithAttr(db, HOST, 'mac', mac).find((id) => id !== self)
    if (holder !== undefined) {
      throw new MockError('CONFLICT', `mac: ${mac} is already reserved (reservation ${holder})`, 'mac')
    }
    attrs.mac = mac
  }
  const address = text(input, 'address')
  if (address !== undefined) {
    const value = hostAddress(pool.subnet, address, 'address') as number
    const canonical = toAddress(value)
    if (canonical === pool.attrs.router) {
      throw new MockError('CONFLICT', `address: ${canonical} is the pool's router`, 'address')
    }
    assertOutsideRange(canonical, pool.attrs as unknown as Layout, 'address')
    const holder = reservationsAt(db, pool.row.id, canonical).find((id) => id !== self)
    if (holder !== undefined) {
      throw new MockError('CONFLICT', `address: ${canonical} is already reserved (reservation ${holder})`, 'address')
    }
    attrs.address = canonical
  }
  const hostname = text(input, 'hostname')?.toLowerCase()
  if (hostname !== undefined) {
    if (!hostnamePattern.test(hostname)) throw invalid('hostname', `"${hostname}" is not a host name label`)
    attrs.hostname = hostname
  }
  return attrs
}

export function createReservation (db: Db, poolId: number, input: Input, now: number, fixedId?: number):
ReservationView {
  const pool = getPool(db, poolId)
  const name = requireName(input)
  const attrs = reservationAttrs(db, pool, input)
  if (attrs.mac === undefined) throw invalid('mac', 'a reservation binds a MAC address')
  if (attrs.address === undefined) throw invalid('address', 'a reservation binds an address of the pool')
  const id = insertResource(db, { id: fixedId, parent_id: poolId, type: HOST, name, attrs }, now)
  return requireReservation(db, poolId, id)
}

export function updateReservation (db: Db, poolId: number, id: number, input: Input, now: number): ReservationView {
  const pool = getPool(db, poolId)
  requireReservation(db, poolId, id)
  const attrs = reservationAttrs(db, pool, input, id)
  rename(db, id, { name: input.name })
  setAttrs(db, id, attrs)
  touchResource(db, id, now)
  return requireReservation(db, poolId, id)
}

export function deleteReservation (db: Db, poolId: number, id: number): void {
  requireReservation(db, poolId, id)
  deleteResourceRow(db, id)
}
