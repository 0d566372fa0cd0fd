import { stmt, type Db } from '../../core/db.js'
import { formatTimestamp } from '../../core/clock.js'
import { getResourceName } from '../resources/store.js'
import { blockSize, formatAddress, formatCidr, netmaskOf, typeOf, valueOfKey } from './ip.js'
import { holdingReleaseAt } from './store.js'
import { cidrOfRow, metaKeys, tagNamesOf, type NetblockRow } from './tree.js'

/** A netblock exactly as the API sends it (§6.1 of the reference: every field, client-safe types). */
export interface NetblockView {
  [key: string]: unknown
}

function regionName (db: Db, id: number | null): string {
  if (id === null) return ''
  return (stmt(db, 'SELECT name FROM ipam_regions WHERE id = ?').pluck().get(id) as string | undefined) ?? ''
}

function resourceName (db: Db, row: NetblockRow): string {
  if (row.status === 'holding') return 'Holding Tank'
  if (row.resource_id === null) return 'Available'
  return getResourceName(db, row.resource_id) ?? ''
}

function utilization (row: NetblockRow): string {
  if (row.child1 !== null) return 'partial'
  return row.free_pool !== null ? 'free' : 'used'
}

/** Shapes a row for the wire; `permissions` are the caller's rights on the block. */
export function netblockView (db: Db, row: NetblockRow, permissions: string[]): NetblockView {
  const cidr = cidrOfRow(row)
  const start = valueOfKey(row.start_key)
  const end = valueOfKey(row.end_key)
  const region = regionName(db, row.region_id)
  const releaseAt = holdingReleaseAt(db, row)
  const view: NetblockView = {
    id: row.id,
    type: typeOf(row.version),
    top_aggregate: row.parent === null ? null : row.root_id,
    cidr: formatCidr(cidr),
    address: start.toString(),
    end_address: end.toString(),
    is_aggregate: row.child1 === null,
    assigned: row.resource_id !== null && row.status !== 'available' && row.status !== 'holding',
    sparse_allocation_id: null,
    is_important: row.is_important === 1,
    swipped: row.swipped === 1,
    last_update_time: row.last_update_time,
    lir_id: row.lir_id,
    mask: row.mask,
    netmask: netmaskOf(row.version, row.mask),
    asn: row.asn,
    allow_sub_assignments: row.allow_sub_assignments === 1,
    child1: row.child1,
    child2: row.child2,
    resource_id: row.resource_id,
    resource_name: resourceName(db, row),
    description: row.description,
    notes: row.notes,
    generic_code: row.generic_code,
    parent: row.parent,
    rir: row.rir,
    assign_time: row.assign_time,
    swip_time: row.swip_time,
    reserved_time: row.reserved_time,
    net_handle: row.net_handle,
    customer_handle: row.customer_handle,
    vlan_id: row.vlan_id,
    org_id: row.org_id,
    region_id: row.region_id,
    rule_id: row.rule_id,
    reserved_by: row.reserved_by,
    region,
    region_name: region,
    permissions,
    dhcp_resource_id: row.dhcp_resource_id,
    cmnetblock_resource_id: row.cmnetblock_resource_id,
    umbrella_resource_id: row.umbrella_resource_id,
    nat: row.nat,
    host_count: blockSize(row.version, row.mask).toString(),
    range: [formatAddress(row.version, start), formatAddress(row.version, end)],
    tags: tagNamesOf(db, row.id),
    utilization_status: utilization(row),
    allow_duplicate: row.allow_duplicate === 1 ? 'true' : 'false',
    status: row.status === 'split' ? (row.resource_id === null ? 'split' : 'assigned') : row.status,
    sparse_scheme: row.sparse_scheme,
    holding_release_time: releaseAt === undefined ? '' : formatTimestamp(releaseAt)
  }
  for (const key of metaKeys) view[key] = row[key]
  return view
}
