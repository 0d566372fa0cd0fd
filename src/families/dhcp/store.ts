import { isIP } from 'node:net'
import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { TLR_ID } from '../../core/resource-tree.js'
import {
  deleteResourceRow, getAttrs, getResource, insertResource, setAttrs, touchResource, type ResourceRow
} from '../resources/store.js'

/**
 * DHCP groups and servers (modeled: ProVision documents them, no public v2 paths exist). Each is a
 * resource (`dhcpgroup`, `dhcpserver`) whose fields are attrs; servers attach to one group and
 * serve every pool of that group.
 */

export const GROUP = 'dhcpgroup'
export const SERVER = 'dhcpserver'
export const POOL = 'dhcppool'
export const HOST = 'dhcphost'

export type Input = Record<string, unknown>

export interface GroupView {
  id: string
  parent_id: string
  name: string
  domain_name: string
  dns_servers: string[]
  lease_time: string
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
  status: string
  date: string
  modified: string
}

export function invalid (field: string, message: string): MockError {
  return new MockError('UNPROCESSABLE', `${field}: ${message}`, field)
}

export function text (input: Input, key: string): string | undefined {
  const value = input[key]
  return value === undefined || value === null || value === '' ? undefined : String(value)
}

export function rowsOfType (db: Db, type: string): ResourceRow[] {
  return stmt(db, 'SELECT * FROM resources WHERE type = ? ORDER BY id').all(type) as ResourceRow[]
}

export function ofType (db: Db, id: number, type: string): ResourceRow | undefined {
  const row = getResource(db, id)
  return row?.type === type ? row : undefined
}

/** Resources of `type` whose attr `key` equals `value`. */
export function idsWithAttr (db: Db, type: string, key: string, value: string): number[] {
  return stmt(db, `SELECT r.id FROM resources r JOIN resource_attrs a ON a.resource_id = r.id
    WHERE r.type = ? AND a.key = ? AND a.value = ? ORDER BY r.id`).pluck().all(type, key, value) as number[]
}

/** The resource an object hangs under: `parent_id` of the input, or the TLR. */
export function parentFor (db: Db, input: Input): number {
  const value = text(input, 'parent_id')
  if (value === undefined) return TLR_ID
  const id = Number(value)
  if (!Number.isSafeInteger(id) || getResource(db, id) === undefined) {
    throw new MockError('NOT_FOUND', `resource ${value} not found`, 'parent_id')
  }
  return id
}

export function requireName (input: Input): string {
  const name = text(input, 'name')
  if (name === undefined) throw invalid('name', 'a name is required')
  return name
}

export function rename (db: Db, id: number, input: Input): void {
  const name = text(input, 'name')
  if (name !== undefined) stmt(db, 'UPDATE resources SET name = ? WHERE id = ?').run(name, id)
  if (text(input, 'parent_id') !== undefined) {
    stmt(db, 'UPDATE resources SET parent_id = ? WHERE id = ?').run(parentFor(db, input), id)
  }
}

function list (value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : value.split(',')
}

// ---------------------------------------------------------------------------------------------
// groups

function toGroupView (row: ResourceRow, attrs: Record<string, string>): GroupView {
  return {
    id: String(row.id),
    parent_id: String(row.parent_id ?? ''),
    name: row.name,
    domain_name: attrs.domain_name ?? '',
    dns_servers: list(attrs.dns_servers),
    lease_time: attrs.lease_time ?? '86400',
    date: row.date,
    modified: row.modified
  }
}

export function requireGroup (db: Db, id: number, field = 'id'): ResourceRow {
  const row = ofType(db, id, GROUP)
  if (row === undefined) throw new MockError('NOT_FOUND', `DHCP group ${id} not found`, field)
  return row
}

export function groupView (db: Db, id: number): GroupView {
  return toGroupView(requireGroup(db, id), getAttrs(db, id))
}

export function listGroups (db: Db, readable: (id: number) => boolean): GroupView[] {
  return rowsOfType(db, GROUP).filter((row) => readable(row.id)).map((row) => toGroupView(row, getAttrs(db, row.id)))
}

const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/

function groupAttrs (input: Input): Record<string, string> {
  const attrs: Record<string, string> = {}
  const domain = text(input, 'domain_name')?.toLowerCase().replace(/\.$/, '')
  if (domain !== undefined) {
    if (!domainPattern.test(domain)) throw invalid('domain_name', `"${domain}" is not a domain name`)
    attrs.domain_name = domain
  }
  if (Array.isArray(input.dns_servers)) {
    attrs.dns_servers = input.dns_servers.map((value, i) => {
      const address = String(value)
      if (isIP(address) !== 4) throw invalid(`dns_servers.${i}`, `"${address}" is not an IPv4 address`)
      return address
    }).join(',')
  }
  const lease = text(input, 'lease_time')
  if (lease !== undefined) {
    if (!/^[0-9]{1,9}$/.test(lease) || Number(lease) < 60) {
      throw invalid('lease_time', 'seconds, an integer from 60 to 999999999')
    }
    attrs.lease_time = String(Number(lease))
  }
  return attrs
}

export function createGroup (db: Db, input: Input, parentId: number, now: number, fixedId?: number): GroupView {
  const name = requireName(input)
  const attrs = { lease_time: '86400', ...groupAttrs(input) }
  const id = insertResource(db, { id: fixedId, parent_id: parentId, type: GROUP, name, attrs }, now)
  return groupView(db, id)
}

export function updateGroup (db: Db, id: number, input: Input, now: number): GroupView {
  requireGroup(db, id)
  const attrs = groupAttrs(input)
  rename(db, id, input)
  setAttrs(db, id, attrs)
  touchResource(db, id, now)
  return groupView(db, id)
}

export function deleteGroup (db: Db, id: number): void {
  requireGroup(db, id)
  const servers = idsWithAttr(db, SERVER, 'group_id', String(id))
  if (servers.length > 0) throw new MockError('CONFLICT', `DHCP group ${id} still has servers ${servers.join(', ')}`)
  const pools = idsWithAttr(db, POOL, 'group_id', String(id))
  if (pools.length > 0) throw new MockError('CONFLICT', `DHCP group ${id} still holds pools ${pools.join(', ')}`)
  deleteResourceRow(db, id)
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
    status: attrs.status ?? 'active',
    date: row.date,
    modified: row.modified
  }
}

export function requireServer (db: Db, id: number): ResourceRow {
  const row = ofType(db, id, SERVER)
  if (row === undefined) throw new MockError('NOT_FOUND', `DHCP server ${id} not found`, 'id')
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

function serverAttrs (db: Db, input: Input): Record<string, string> {
  const attrs: Record<string, string> = {}
  const group = text(input, 'group_id')
  if (group !== undefined) attrs.group_id = String(requireGroup(db, Number(group), 'group_id').id)
  const hostname = text(input, 'hostname')?.toLowerCase().replace(/\.$/, '')
  if (hostname !== undefined) {
    if (!domainPattern.test(hostname)) throw invalid('hostname', `"${hostname}" is not a host name`)
    attrs.hostname = hostname
  }
  const address = text(input, 'address')
  if (address !== undefined) {
    if (isIP(address) === 0) throw invalid('address', `"${address}" is not an IP address`)
    attrs.address = address
  }
  const status = text(input, 'status')
  if (status !== undefined) attrs.status = status
  return attrs
}

/** The group a server attaches to after the change, for permission checks before the write. */
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
  if (attrs.group_id === undefined) throw invalid('group_id', 'a server attaches to a DHCP group')
  if (attrs.address === undefined) throw invalid('address', 'the server\'s IP address is required')
  const id = insertResource(db, {
    id: fixedId,
    parent_id: parentId,
    type: SERVER,
    name,
    attrs: { hostname: name.toLowerCase(), status: 'active', ...attrs }
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
