import { isIP } from 'node:net'
import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { TLR_ID } from '../../core/resource-tree.js'
import {
  deleteResourceRow, getAttrs, getResource, insertResource, setAttrs, touchResource, type ResourceRow
} from '../resources/store.js'
import { absoluteName, invalid, uint32 } from './names.js'

/**
 * DNS groups, servers and ACLs (modeled: ProVision documents them, no public v2 paths exist).
 * Like zones, each is a resource (`dnsgroup`, `dnsserver`, `dnsacl`) whose fields are attrs.
 * Groups hold zones, nameservers, default SOA values and ACLs; servers attach to one group.
 */

export const GROUP = 'dnsgroup'
export const SERVER = 'dnsserver'
export const ACL = 'dnsacl'

export const soaDefaultFields = ['zone_ttl', 'zone_refresh', 'zone_retry', 'zone_expire', 'zone_minimum'] as const
type SoaDefaultField = typeof soaDefaultFields[number]

/** The SOA values a zone gets when its group and its request set none. */
export const builtInSoa: Record<SoaDefaultField, string> = {
  zone_ttl: '3600', zone_refresh: '10800', zone_retry: '3600', zone_expire: '604800', zone_minimum: '3600'
}

export const serverTypes = ['master', 'slave'] as const
export const transferTypes = ['scp', 'powerdns', 'secure64'] as const

type Input = Record<string, unknown>

export interface GroupView {
  id: string
  parent_id: string
  name: string
  is_default: boolean
  nameservers: string[]
  acl_ids: string[]
  zone_ttl: string
  zone_refresh: string
  zone_retry: string
  zone_expire: string
  zone_minimum: string
  date: string
  modified: string
}

export interface ServerView {
  id: string
  parent_id: string
  name: string
  group_id: string
  hostname: string
  address: string
  server_type: string
  transfer_type: string
  status: string
  date: string
  modified: string
}

export interface AclView {
  id: string
  parent_id: string
  name: string
  entries: string[]
  date: string
  modified: string
}

function list (value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : value.split(',')
}

function rowsOfType (db: Db, type: string): ResourceRow[] {
  return stmt(db, 'SELECT * FROM resources WHERE type = ? ORDER BY id').all(type) as ResourceRow[]
}

function ofType (db: Db, id: number, type: string): ResourceRow | undefined {
  const row = getResource(db, id)
  return row?.type === type ? row : undefined
}

/** Resources of `type` whose attr `key` equals `value`. */
function idsWithAttr (db: Db, type: string, key: string, value: string): number[] {
  return stmt(db, `SELECT r.id FROM resources r JOIN resource_attrs a ON a.resource_id = r.id
    WHERE r.type = ? AND a.key = ? AND a.value = ? ORDER BY r.id`).pluck().all(type, key, value) as number[]
}

function text (input: Input, key: string): string | undefined {
  const value = input[key]
  return value === undefined || value === null || value === '' ? undefined : String(value)
}

function parentOf (db: Db, input: Input): number {
  const value = text(input, 'parent_id')
  if (value === undefined) return TLR_ID
  const id = Number(value)
  if (getResource(db, id) === undefined) throw invalid('parent_id', `resource ${id} not found`)
  return id
}

function requireName (input: Input): string {
  const name = text(input, 'name')
  if (name === undefined) throw invalid('name', 'a name is required')
  return name
}

function rename (db: Db, id: number, input: Input): void {
  const name = text(input, 'name')
  if (name !== undefined) stmt(db, 'UPDATE resources SET name = ? WHERE id = ?').run(name, id)
  if (text(input, 'parent_id') !== undefined) {
    stmt(db, 'UPDATE resources SET parent_id = ? WHERE id = ?').run(parentOf(db, input), id)
  }
}

// ---------------------------------------------------------------------------------------------
// groups

function toGroupView (row: ResourceRow, attrs: Record<string, string>): GroupView {
  const soa = Object.fromEntries(soaDefaultFields.map((field) =>
    [field, /^[0-9]{1,10}$/.test(attrs[field] ?? '') ? attrs[field] : builtInSoa[field]]))
  return {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    name: row.name,
    is_default: attrs.is_default === '1',
    nameservers: list(attrs.nameservers),
    acl_ids: list(attrs.acl_ids),
    ...soa as Record<SoaDefaultField, string>,
    date: row.date,
    modified: row.modified
  }
}

export function getGroup (db: Db, id: number): ResourceRow | undefined {
  return ofType(db, id, GROUP)
}

export function requireGroup (db: Db, id: number): ResourceRow {
  const row = getGroup(db, id)
  if (row === undefined) throw new MockError('NOT_FOUND', `DNS group ${id} not found`, 'id')
  return row
}

export function groupView (db: Db, id: number): GroupView {
  return toGroupView(requireGroup(db, id), getAttrs(db, id))
}

export function listGroups (db: Db, readable: (id: number) => boolean): GroupView[] {
  return rowsOfType(db, GROUP).filter((row) => readable(row.id)).map((row) => toGroupView(row, getAttrs(db, row.id)))
}

export function defaultGroupId (db: Db): number {
  const ids = idsWithAttr(db, GROUP, 'is_default', '1')
  if (ids.length === 0) throw invalid('group_id', 'there is no default DNS group; name one')
  return ids[0]
}

/** The group's nameservers (absolute names), in order. */
export function groupNameservers (db: Db, groupId: number): string[] {
  return list(getAttrs(db, groupId).nameservers)
}

export function groupSoaDefaults (db: Db, groupId: number): { soa: Record<string, string>, primary: string } {
  const view = groupView(db, groupId)
  const soa = Object.fromEntries(soaDefaultFields.map((field) => [field, view[field]]))
  return { soa, primary: view.nameservers[0] ?? '' }
}

function groupAttrs (db: Db, input: Input): Record<string, string> {
  const attrs: Record<string, string> = {}
  if (Array.isArray(input.nameservers)) {
    attrs.nameservers = input.nameservers.map((ns, i) => absoluteName(String(ns), `nameservers.${i}`)).join(',')
  }
  if (Array.isArray(input.acl_ids)) {
    attrs.acl_ids = input.acl_ids.map((value, i) => {
      const id = Number(value)
      if (ofType(db, id, ACL) === undefined) throw invalid(`acl_ids.${i}`, `ACL ${String(value)} not found`)
      return String(id)
    }).join(',')
  }
  for (const field of soaDefaultFields) {
    const value = text(input, field)
    if (value !== undefined) attrs[field] = String(uint32(value, field))
  }
  if (input.is_default === true) attrs.is_default = '1'
  return attrs
}

function clearOtherDefaults (db: Db, keep: number): void {
  for (const id of idsWithAttr(db, GROUP, 'is_default', '1')) if (id !== keep) setAttrs(db, id, { is_default: '0' })
}

export function createGroup (db: Db, input: Input, parentId: number, now: number, fixedId?: number): GroupView {
  const name = requireName(input)
  const attrs = { is_default: '0', ...groupAttrs(db, input) }
  const id = insertResource(db, { id: fixedId, parent_id: parentId, type: GROUP, name, attrs }, now)
  if (attrs.is_default === '1') clearOtherDefaults(db, id)
  return groupView(db, id)
}

export function updateGroup (db: Db, id: number, input: Input, now: number): GroupView {
  requireGroup(db, id)
  const attrs = groupAttrs(db, input)
  if (input.is_default === false && getAttrs(db, id).is_default === '1') {
    throw invalid('is_default', 'make another group the default instead')
  }
  rename(db, id, input)
  setAttrs(db, id, attrs)
  if (attrs.is_default === '1') clearOtherDefaults(db, id)
  touchResource(db, id, now)
  return groupView(db, id)
}

export function deleteGroup (db: Db, id: number): void {
  requireGroup(db, id)
  if (getAttrs(db, id).is_default === '1') throw new MockError('CONFLICT', 'the default DNS group cannot be deleted')
  const zones = idsWithAttr(db, 'dnszone', 'group_id', String(id))
  if (zones.length > 0) throw new MockError('CONFLICT', `DNS group ${id} still holds zones ${zones.join(', ')}`)
  const servers = idsWithAttr(db, SERVER, 'group_id', String(id))
  if (servers.length > 0) throw new MockError('CONFLICT', `DNS group ${id} still has servers ${servers.join(', ')}`)
  deleteResourceRow(db, id)
}

/** Ids of the zones in a group. */
export function zoneIdsOfGroup (db: Db, groupId: number): number[] {
  return idsWithAttr(db, 'dnszone', 'group_id', String(groupId))
}

// ---------------------------------------------------------------------------------------------
// servers

function toServerView (row: ResourceRow, attrs: Record<string, string>): ServerView {
  return {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    name: row.name,
    group_id: attrs.group_id ?? '',
    hostname: attrs.hostname ?? '',
    address: attrs.address ?? '',
    server_type: attrs.server_type ?? 'master',
    transfer_type: attrs.transfer_type ?? 'scp',
    status: attrs.status ?? 'active',
    date: row.date,
    modified: row.modified
  }
}

export function getServer (db: Db, id: number): ResourceRow | undefined {
  return ofType(db, id, SERVER)
}

export function requireServer (db: Db, id: number): ResourceRow {
  const row = getServer(db, id)
  if (row === undefined) throw new MockError('NOT_FOUND', `DNS server ${id} not found`, 'id')
  return row
}

export function serverView (db: Db, id: number): ServerView {
  return toServerView(requireServer(db, id), getAttrs(db, id))
}

export function listServers (db: Db, readable: (id: number) => boolean, groupId?: number): ServerView[] {
  return rowsOfType(db, SERVER).filter((row) => readable(row.id))
    .map((row) => toServerView(row, getAttrs(db, row.id)))
    .filter((server) => groupId === undefined || server.group_id === String(groupId))
}

export function serversOfGroup (db: Db, groupId: number): ServerView[] {
  return idsWithAttr(db, SERVER, 'group_id', String(groupId)).map((id) => serverView(db, id))
}

function choice (input: Input, key: string, allowed: readonly string[]): string | undefined {
  const value = text(input, key)
  if (value === undefined) return undefined
  if (!allowed.includes(value)) throw invalid(key, `must be one of ${allowed.join(', ')}`)
  return value
}

function serverAttrs (db: Db, input: Input): Record<string, string> {
  const attrs: Record<string, string> = {}
  const group = text(input, 'group_id')
  if (group !== undefined) {
    if (getGroup(db, Number(group)) === undefined) throw invalid('group_id', `DNS group ${group} not found`)
    attrs.group_id = String(Number(group))
  }
  const hostname = text(input, 'hostname')
  if (hostname !== undefined) attrs.hostname = absoluteName(hostname, 'hostname')
  const address = text(input, 'address')
  if (address !== undefined) {
    if (isIP(address) === 0) throw invalid('address', `"${address}" is not an IP address`)
    attrs.address = address
  }
  const serverType = choice(input, 'server_type', serverTypes)
  if (serverType !== undefined) attrs.server_type = serverType
  const transfer = choice(input, 'transfer_type', transferTypes)
  if (transfer !== undefined) attrs.transfer_type = transfer
  const status = text(input, 'status')
  if (status !== undefined) attrs.status = status
  return attrs
}

/** The group a server will attach to, for permission checks before the write. */
export function serverGroupFor (db: Db, input: Input, current?: number): number | undefined {
  const group = text(input, 'group_id')
  if (group !== undefined) return Number(group)
  if (current === undefined) return undefined
  const stored = getAttrs(db, current).group_id
  return stored === undefined ? undefined : Number(stored)
}

export function createServer (db: Db, input: Input, parentId: number, now: number, fixedId?: number): ServerView {
  const name = requireName(input)
  const attrs = serverAttrs(db, input)
  if (attrs.group_id === undefined) throw invalid('group_id', 'a server attaches to a DNS group')
  if (attrs.address === undefined) throw invalid('address', 'the server\'s IP address is required')
  const id = insertResource(db, {
    id: fixedId,
    parent_id: parentId,
    type: SERVER,
    name,
    attrs: {
      hostname: absoluteName(name, 'name'), server_type: 'master', transfer_type: 'scp', status: 'active', ...attrs
    }
  }, now)
  return serverView(db, id)
}

export function updateServer (db: Db, id: number, input: Input, now: number): ServerView {
  requireServer(db, id)
  const attrs = serverAttrs(db, input)
  rename(db, id, input)
  setAttrs(db, id, attrs)
  touchResource(db, id, now)
  return serverView(db, id)
}

export function deleteServer (db: Db, id: number): void {
  requireServer(db, id)
  deleteResourceRow(db, id)
}

// ---------------------------------------------------------------------------------------------
// ACLs

const aclWords = ['any', 'none', 'localhost', 'localnets']

/** An ACL entry: a keyword, an address or a prefix, optionally negated with `!`. */
export function aclEntry (value: string, field: string): string {
  const entry = value.trim()
  const bare = entry.startsWith('!') ? entry.slice(1) : entry
  if (aclWords.includes(bare)) return entry
  const [address, prefix, extra] = bare.split('/')
  const family = isIP(address)
  const max = family === 6 ? 128 : 32
  const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= max)
  if (family === 0 || !prefixOk || extra !== undefined) {
    throw invalid(field, `"${value}" is not an address, prefix or ${aclWords.join('/')}`)
  }
  return entry
}

function toAclView (row: ResourceRow, attrs: Record<string, string>): AclView {
  return {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    name: row.name,
    entries: list(attrs.entries),
    date: row.date,
    modified: row.modified
  }
}

export function requireAcl (db: Db, id: number): ResourceRow {
  const row = ofType(db, id, ACL)
  if (row === undefined) throw new MockError('NOT_FOUND', `DNS ACL ${id} not found`, 'id')
  return row
}

export function aclView (db: Db, id: number): AclView {
  return toAclView(requireAcl(db, id), getAttrs(db, id))
}

export function listAcls (db: Db, readable: (id: number) => boolean): AclView[] {
  return rowsOfType(db, ACL).filter((row) => readable(row.id)).map((row) => toAclView(row, getAttrs(db, row.id)))
}

function aclAttrs (input: Input): Record<string, string> {
  if (!Array.isArray(input.entries)) return {}
  return { entries: input.entries.map((entry, i) => aclEntry(String(entry), `entries.${i}`)).join(',') }
}

export function createAcl (db: Db, input: Input, parentId: number, now: number, fixedId?: number): AclView {
  const attrs = { entries: '', ...aclAttrs(input) }
  const id = insertResource(db, { id: fixedId, parent_id: parentId, type: ACL, name: requireName(input), attrs }, now)
  return aclView(db, id)
}

export function updateAcl (db: Db, id: number, input: Input, now: number): AclView {
  requireAcl(db, id)
  rename(db, id, input)
  setAttrs(db, id, aclAttrs(input))
  touchResource(db, id, now)
  return aclView(db, id)
}

export function deleteAcl (db: Db, id: number): void {
  requireAcl(db, id)
  const users = rowsOfType(db, GROUP).filter((row) => list(getAttrs(db, row.id).acl_ids).includes(String(id)))
  if (users.length > 0) {
    throw new MockError('CONFLICT', `ACL ${id} is used by DNS group ${users.map((g) => g.id).join(', ')}`)
  }
  deleteResourceRow(db, id)
}

export { parentOf as infraParentFor }
