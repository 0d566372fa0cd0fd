import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { TLR_ID } from '../../core/resource-tree.js'
import {
  deleteResourceRow, getAttrs, getResource, insertResource, setAttrs, subtreeIds, touchResource, type ResourceRow
} from '../resources/store.js'
import {
  absoluteName, invalid, isInZone, mailboxName, nextSerial, qualifyHost, recordType, recordValue, uint32, zoneName
} from './names.js'
import { defaultGroupId, getGroup, groupSoaDefaults } from './infra-store.js'

/**
 * Zones and records live in the core resource tree: a zone is a `dnszone` resource (its name is
 * the zone name, its fields are attrs), a record a `dnsrecord` resource under its zone. Everything
 * is read back from the resource rows, so a change made through the Resources family shows here.
 */

export const ZONE = 'dnszone'
export const RECORD = 'dnsrecord'

export const soaFields = [
  'zone_expire', 'zone_minimum', 'zone_refresh', 'zone_retry', 'zone_serial', 'zone_ttl'
] as const
export type SoaField = typeof soaFields[number]

export const FORWARD = 'f'
export const REVERSE = 'r'

export interface ZoneView {
  id: string
  parent_id: string
  group_id: string
  name: string
  zone_type: string
  status: string
  zone_host: string
  zone_mail: string
  zone_expire?: string
  zone_minimum?: string
  zone_refresh?: string
  zone_retry?: string
  zone_serial?: string
  zone_ttl?: string
  date: string
  modified: string
}

export interface RecordView {
  id: string
  parent_id: string
  name: string
  status: string
  record_type: string
  record_host: string
  record_value: string
  record_ttl?: string
  date: string
  modified: string
  attrs?: Record<string, string>
}

export type Input = Record<string, unknown>

/** A field a client may leave out or send empty: undefined when so. */
function given (input: Input, key: string): unknown {
  const value = input[key]
  return value === undefined || value === null || value === '' ? undefined : value
}

function text (input: Input, key: string): string | undefined {
  const value = given(input, key)
  return value === undefined ? undefined : String(value)
}

const digits = /^[0-9]{1,10}$/

function toZoneView (row: ResourceRow, attrs: Record<string, string>): ZoneView {
  const view: ZoneView = {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    group_id: attrs.group_id ?? '',
    name: row.name,
    zone_type: attrs.zone_type ?? FORWARD,
    status: attrs.status ?? 'active',
    zone_host: attrs.zone_host ?? '',
    zone_mail: attrs.zone_mail ?? '',
    date: row.date,
    modified: row.modified
  }
  // The Go client refuses empty or unquoted SOA values: only well-formed ones are sent.
  for (const field of soaFields) if (digits.test(attrs[field] ?? '')) view[field] = attrs[field]
  return view
}

function toRecordView (row: ResourceRow, attrs: Record<string, string>, withAttrs: boolean): RecordView {
  const view: RecordView = {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    name: row.name,
    status: attrs.status ?? 'active',
    record_type: attrs.record_type ?? '',
    record_host: attrs.record_host ?? '',
    record_value: attrs.record_value ?? '',
    date: row.date,
    modified: row.modified
  }
  if (digits.test(attrs.record_ttl ?? '')) view.record_ttl = attrs.record_ttl
  if (withAttrs) view.attrs = attrs
  return view
}

function rowsOfType (db: Db, type: string, parentId?: number): ResourceRow[] {
  if (parentId === undefined) {
    return stmt(db, 'SELECT * FROM resources WHERE type = ? ORDER BY id').all(type) as ResourceRow[]
  }
  return stmt(db, 'SELECT * FROM resources WHERE type = ? AND parent_id = ? ORDER BY id')
    .all(type, parentId) as ResourceRow[]
}

/**
 * Rows of `type` under `parentId` whose attr `key` is exactly `value`, lowest id first. CROSS JOIN
 * keeps SQLite from starting at the parent's children (every record of the zone): the attr index
 * (key, value) finds the few rows with that value first.
 */
function rowsWithAttr (db: Db, type: string, parentId: number, key: string, value: string): ResourceRow[] {
  return stmt(db, `SELECT r.* FROM resource_attrs a CROSS JOIN resources r ON r.id = a.resource_id
    WHERE a.key = ? AND a.value = ? AND r.type = ? AND r.parent_id = ? ORDER BY a.resource_id`)
    .all(key, value, type, parentId) as ResourceRow[]
}

/**
 * The attributes of many resources in one query, each in key order as getAttrs gives them
 * (a resource without attributes maps to {}). Spares lists one getAttrs query per row.
 */
export function attrsOfMany (db: Db, ids: readonly number[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>(ids.map((id) => [id, {}]))
  if (ids.length === 0) return out
  const rows = stmt(db, `SELECT resource_id, key, value FROM resource_attrs
    WHERE resource_id IN (SELECT value FROM json_each(?)) ORDER BY resource_id, key`)
    .raw().all(JSON.stringify(ids)) as Array<[number, string, string]>
  for (const [id, key, value] of rows) (out.get(id) as Record<string, string>)[key] = value
  return out
}

/** Rows with their attributes, loaded in one query. */
function withAttrs (db: Db, rows: ResourceRow[]): Array<{ row: ResourceRow, attrs: Record<string, string> }> {
  const attrs = attrsOfMany(db, rows.map((row) => row.id))
  return rows.map((row) => ({ row, attrs: attrs.get(row.id) as Record<string, string> }))
}

// ---------------------------------------------------------------------------------------------
// zones

export interface Zone {
  row: ResourceRow
  attrs: Record<string, string>
}

export function findZone (db: Db, id: number): Zone | undefined {
  const row = getResource(db, id)
  if (row === undefined || row.type !== ZONE) return undefined
  return { row, attrs: getAttrs(db, id) }
}

export function getZone (db: Db, id: number): Zone {
  const zone = findZone(db, id)
  if (zone === undefined) throw new MockError('NOT_FOUND', `zone ${id} not found`, 'id')
  return zone
}

export function zoneView (zone: Zone): ZoneView {
  return toZoneView(zone.row, zone.attrs)
}

export interface ZoneFilters {
  id?: number
  name?: string
  zone_type?: string
  group_id?: number
  parent_id?: number
  offset?: number
  limit?: number
}

export function listZones (db: Db, filters: ZoneFilters, readable: (id: number) => boolean): ZoneView[] {
  const name = filters.name === undefined ? undefined : filters.name.toLowerCase().replace(/\.?$/, '.')
  const rows = rowsOfType(db, ZONE)
    .filter((row) => filters.id === undefined || row.id === filters.id)
    .filter((row) => filters.parent_id === undefined || row.parent_id === filters.parent_id)
    .filter((row) => name === undefined || row.name === name)
    .filter((row) => readable(row.id))
  const zones = withAttrs(db, rows).map(({ row, attrs }) => toZoneView(row, attrs))
    .filter((zone) => filters.zone_type === undefined || zone.zone_type === filters.zone_type)
    .filter((zone) => filters.group_id === undefined || zone.group_id === String(filters.group_id))
  const offset = filters.offset ?? 0
  return zones.slice(offset, filters.limit === undefined ? undefined : offset + filters.limit)
}

function soaAttrs (input: Input): Partial<Record<SoaField, string>> {
  const out: Partial<Record<SoaField, string>> = {}
  for (const field of soaFields) {
    const value = given(input, field)
    if (value !== undefined) out[field] = String(uint32(value, field))
  }
  return out
}

function resolveGroup (db: Db, input: Input): number {
  const value = given(input, 'group_id')
  if (value === undefined) return defaultGroupId(db)
  const id = Number(value)
  if (getGroup(db, id) === undefined) throw invalid('group_id', `DNS group ${id} not found`)
  return id
}

/** The parent a new object hangs under: `parent_id` when given (must exist), else the TLR. */
export function resolveParent (db: Db, input: Input): number {
  const value = given(input, 'parent_id')
  if (value === undefined) return TLR_ID
  const id = Number(value)
  if (getResource(db, id) === undefined) throw invalid('parent_id', `resource ${id} not found`)
  return id
}

export function zoneParentFor (db: Db, input: Input): number {
  return resolveParent(db, input)
}

function checkZoneType (input: Input, reverse: boolean): void {
  const type = text(input, 'zone_type')
  if (type === undefined) return
  const wanted = reverse ? REVERSE : FORWARD
  const aliases = reverse ? ['r', 'reverse'] : ['f', 'forward']
  if (!aliases.includes(type.toLowerCase())) {
    throw invalid('zone_type', `"${type}" does not match the endpoint (expected ${wanted})`)
  }
}

function checkUniqueName (db: Db, name: string, groupId: number, exceptId?: number): void {
  const sameName = stmt(db, 'SELECT * FROM resources WHERE type = ? AND name = ? ORDER BY id').all(ZONE, name) as
    ResourceRow[]
  for (const row of sameName) {
    if (row.id === exceptId) continue
    if ((getAttrs(db, row.id).group_id ?? '') === String(groupId)) {
      throw new MockError('CONFLICT', `zone ${name} already exists in DNS group ${groupId} (zone ${row.id})`, 'name')
    }
  }
}

export function createZone (db: Db, input: Input, reverse: boolean, parentId: number, now: number,
  id?: number): ZoneView {
  const name = zoneName(String(input.name ?? ''), reverse)
  checkZoneType(input, reverse)
  const groupId = resolveGroup(db, input)
  checkUniqueName(db, name, groupId)
  const defaults = groupSoaDefaults(db, groupId)
  const host = text(input, 'zone_host')
  const mail = text(input, 'zone_mail')
  const soa = { ...defaults.soa, ...soaAttrs(input) }
  if (given(input, 'zone_serial') === undefined) soa.zone_serial = String(nextSerial(0, now))
  const attrs: Record<string, string> = {
    zone_type: reverse ? REVERSE : FORWARD,
    status: text(input, 'status') ?? 'active',
    group_id: String(groupId),
    zone_host: host === undefined ? defaults.primary : absoluteName(host, 'zone_host'),
    zone_mail: mail === undefined ? `hostmaster.${name}` : mailboxName(mail),
    ...soa
  }
  const zoneId = insertResource(db, { id, parent_id: parentId, type: ZONE, name, attrs }, now)
  return zoneView(getZone(db, zoneId))
}

/** Advances the zone's serial (every change through the DNS family does). */
export function bumpSerial (db: Db, zoneId: number, now: number, atLeast = 0): void {
  const current = Number(getAttrs(db, zoneId).zone_serial ?? '0')
  const next = Math.max(nextSerial(Number.isSafeInteger(current) ? current : 0, now), atLeast)
  setAttrs(db, zoneId, { zone_serial: String(next) })
  touchResource(db, zoneId, now)
}

export function updateZone (db: Db, id: number, input: Input, now: number): ZoneView {
  const zone = getZone(db, id)
  const reverse = zone.attrs.zone_type === REVERSE
  const name = given(input, 'name')
  if (name !== undefined && zoneName(String(name), reverse) !== zone.row.name) {
    throw invalid('name', 'a zone cannot be renamed; create a new zone instead')
  }
  checkZoneType(input, reverse)
  const attrs: Record<string, string> = {}
  const soa = soaAttrs(input)
  const { zone_serial: serial, ...rest } = soa
  Object.assign(attrs, rest)
  if (given(input, 'group_id') !== undefined) {
    attrs.group_id = String(resolveGroup(db, input))
    checkUniqueName(db, zone.row.name, Number(attrs.group_id), id)
  }
  const host = text(input, 'zone_host')
  if (host !== undefined) attrs.zone_host = absoluteName(host, 'zone_host')
  const mail = text(input, 'zone_mail')
  if (mail !== undefined) attrs.zone_mail = mailboxName(mail)
  const status = text(input, 'status')
  if (status !== undefined) attrs.status = status
  if (given(input, 'parent_id') !== undefined) {
    stmt(db, 'UPDATE resources SET parent_id = ? WHERE id = ?').run(resolveParent(db, input), id)
  }
  setAttrs(db, id, attrs)
  bumpSerial(db, id, now, serial === undefined ? 0 : Number(serial))
  return zoneView(getZone(db, id))
}

export function deleteZone (db: Db, id: number): void {
  getZone(db, id)
  for (const child of subtreeIds(db, id)) deleteResourceRow(db, child)
}

// ---------------------------------------------------------------------------------------------
// records

export interface DnsRecord {
  row: ResourceRow
  attrs: Record<string, string>
}

export function recordsOfZone (db: Db, zoneId: number): DnsRecord[] {
  return withAttrs(db, rowsOfType(db, RECORD, zoneId))
}

export function countRecords (db: Db, zoneId: number): number {
  return stmt(db, 'SELECT COUNT(*) FROM resources WHERE type = ? AND parent_id = ?').pluck()
    .get(RECORD, zoneId) as number
}

/** The zone's records whose owner name is exactly `host` (absolute, as stored), lowest id first. */
export function recordsAtHost (db: Db, zoneId: number, host: string): DnsRecord[] {
  return withAttrs(db, rowsWithAttr(db, RECORD, zoneId, 'record_host', host))
}

export function getRecord (db: Db, zoneId: number, id: number): DnsRecord {
  const row = getResource(db, id)
  if (row === undefined || row.type !== RECORD || row.parent_id !== zoneId) {
    throw new MockError('NOT_FOUND', `record ${id} not found in zone ${zoneId}`, 'id')
  }
  return { row, attrs: getAttrs(db, id) }
}

export function recordView (record: DnsRecord, withAttrs = false): RecordView {
  return toRecordView(record.row, record.attrs, withAttrs)
}

export interface RecordFilters {
  id?: number
  record_type?: string
  record_host?: string
  record_value?: string
  name?: string
  load_attributes?: boolean
  offset?: number
  limit?: number
}

const safe = (value: number | undefined): boolean => value === undefined || Number.isSafeInteger(value)

/**
 * The rows a record query can match: narrowed by the most selective filter through an index (the
 * caller still applies every filter), or, with no filter at all, the requested page.
 */
function candidateRows (db: Db, zoneId: number, filters: RecordFilters, host: string | undefined,
  paged: boolean): ResourceRow[] {
  if (filters.id !== undefined) {
    const row = getResource(db, filters.id)
    return row !== undefined && row.type === RECORD && row.parent_id === zoneId ? [row] : []
  }
  if (host !== undefined) return rowsWithAttr(db, RECORD, zoneId, 'record_host', host)
  if (filters.record_value !== undefined) {
    return rowsWithAttr(db, RECORD, zoneId, 'record_value', filters.record_value)
  }
  if (filters.name !== undefined) {
    return stmt(db, 'SELECT * FROM resources WHERE type = ? AND name = ? AND parent_id = ? ORDER BY id')
      .all(RECORD, filters.name, zoneId) as ResourceRow[]
  }
  // A type matches too many records (of every zone) to be worth an index: the zone is read.
  if (!paged) return rowsOfType(db, RECORD, zoneId)
  return stmt(db, 'SELECT * FROM resources WHERE type = ? AND parent_id = ? ORDER BY id LIMIT ? OFFSET ?')
    .all(RECORD, zoneId, filters.limit ?? -1, filters.offset ?? 0) as ResourceRow[]
}

export function listRecords (db: Db, zoneId: number, filters: RecordFilters): RecordView[] {
  const zone = getZone(db, zoneId)
  const host = filters.record_host === undefined ? undefined : qualifyHostLoosely(filters.record_host, zone.row.name)
  const filtered = filters.id !== undefined || host !== undefined || filters.record_value !== undefined ||
    filters.name !== undefined || filters.record_type !== undefined
  // Without a filter the query takes the page itself (SQLite refuses a LIMIT past 64 bits).
  const paged = !filtered && safe(filters.limit) && safe(filters.offset)
  const rows = candidateRows(db, zoneId, filters, host, paged)
  if (paged) return withAttrs(db, rows).map((r) => recordView(r, filters.load_attributes === true))
  const records = withAttrs(db, rows)
    .filter((r) => filters.id === undefined || r.row.id === filters.id)
    .filter((r) => filters.name === undefined || r.row.name === filters.name)
    .filter((r) => filters.record_type === undefined || r.attrs.record_type === filters.record_type.toUpperCase())
    .filter((r) => host === undefined || r.attrs.record_host === host)
    .filter((r) => filters.record_value === undefined || r.attrs.record_value === filters.record_value)
    .map((r) => recordView(r, filters.load_attributes === true))
  const offset = filters.offset ?? 0
  return records.slice(offset, filters.limit === undefined ? undefined : offset + filters.limit)
}

function qualifyHostLoosely (host: string, zone: string): string {
  try {
    return qualifyHost(host, zone)
  } catch {
    return host
  }
}

interface RecordData {
  name: string
  record_type: string
  record_host: string
  record_value: string
  record_ttl?: string
  status: string
}

/** Checks one record against its zone and its neighbours; returns the normalised data. */
function checkRecord (db: Db, zone: Zone, data: { type: string, host: string, value: string, ttl: unknown },
  exceptId?: number): Omit<RecordData, 'name' | 'status'> {
  const type = recordType(data.type)
  const host = qualifyHost(data.host, zone.row.name)
  if (!isInZone(host, zone.row.name)) {
    throw invalid('record_host', `${host} is outside zone ${zone.row.name}`)
  }
  const value = recordValue(type, data.value, host)
  if (type === 'CNAME' && host === zone.row.name) {
    throw invalid('record_host', 'a CNAME cannot sit at the zone apex (it holds SOA and NS)')
  }
  const neighbours = recordsAtHost(db, zone.row.id, host).filter((r) => r.row.id !== exceptId)
  if (type === 'CNAME' && neighbours.length > 0) {
    const other = neighbours[0].attrs.record_type
    throw invalid('record_host', `${host} already has other data (${other}); a CNAME must be alone`)
  }
  const cname = neighbours.find((r) => r.attrs.record_type === 'CNAME')
  if (cname !== undefined) {
    throw invalid('record_host', `${host} is a CNAME (record ${cname.row.id}); it cannot have other data`)
  }
  if (neighbours.some((r) => r.attrs.record_type === type && r.attrs.record_value === value)) {
    throw new MockError('CONFLICT', `record_value: the same ${type} record already exists at ${host}`, 'record_value')
  }
  const out: Omit<RecordData, 'name' | 'status'> = { record_type: type, record_host: host, record_value: value }
  const ttl = data.ttl === undefined || data.ttl === null || data.ttl === '' ? undefined : data.ttl
  if (ttl !== undefined) out.record_ttl = String(uint32(ttl, 'record_ttl'))
  return out
}

function extraAttrs (input: Input): Record<string, string> {
  const attrs = input.attrs
  if (attrs === undefined || attrs === null || typeof attrs !== 'object') return {}
  return Object.fromEntries(Object.entries(attrs as Record<string, string>)
    .filter(([key]) => !['record_type', 'record_host', 'record_value', 'record_ttl'].includes(key)))
}

export function createRecord (db: Db, zoneId: number, input: Input, now: number, fixedId?: number): RecordView {
  const zone = getZone(db, zoneId)
  const data = checkRecord(db, zone, {
    type: String(input.record_type ?? ''),
    host: String(input.record_host ?? ''),
    value: String(input.record_value ?? ''),
    ttl: input.record_ttl
  })
  const attrs = { ...extraAttrs(input), ...data, status: text(input, 'status') ?? 'active' }
  const name = text(input, 'name') ?? data.record_host
  const id = insertResource(db, { id: fixedId, parent_id: zoneId, type: RECORD, name, attrs }, now)
  bumpSerial(db, zoneId, now)
  return recordView(getRecord(db, zoneId, id))
}

export function updateRecord (db: Db, zoneId: number, id: number, input: Input, now: number): RecordView {
  const zone = getZone(db, zoneId)
  const record = getRecord(db, zoneId, id)
  const pick = (key: string): string => text(input, key) ?? record.attrs[key] ?? ''
  const data = checkRecord(db, zone, {
    type: pick('record_type'),
    host: pick('record_host'),
    value: input.record_value === undefined ? record.attrs.record_value ?? '' : String(input.record_value ?? ''),
    ttl: given(input, 'record_ttl') ?? record.attrs.record_ttl
  }, id)
  const attrs: Record<string, string> = { ...extraAttrs(input), ...data }
  const status = text(input, 'status')
  if (status !== undefined) attrs.status = status
  setAttrs(db, id, attrs)
  if (data.record_ttl === undefined) {
    stmt(db, 'DELETE FROM resource_attrs WHERE resource_id = ? AND key = ?').run(id, 'record_ttl')
  }
  const name = text(input, 'name')
  if (name !== undefined) stmt(db, 'UPDATE resources SET name = ? WHERE id = ?').run(name, id)
  touchResource(db, id, now)
  bumpSerial(db, zoneId, now)
  return recordView(getRecord(db, zoneId, id))
}

export function deleteRecord (db: Db, zoneId: number, id: number, now: number): void {
  getRecord(db, zoneId, id)
  deleteResourceRow(db, id)
  bumpSerial(db, zoneId, now)
}

export function allZones (db: Db): Zone[] {
  return withAttrs(db, rowsOfType(db, ZONE))
}
