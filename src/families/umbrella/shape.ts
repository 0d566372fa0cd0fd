import type { Rights } from '../../core/permissions.js'
import type { ResourceRow } from '../resources/store.js'
import { parseCidr, type Cidr } from './cidr.js'
import type { LinkRow, ModuleRow, NetblockContext, NetblockRow } from './store.js'

const flag = (value: number | boolean): string => (value === 1 || value === true ? '1' : '0')
const mask = (secret: string): string => (secret === '' ? '' : '********')

/** The rights a caller holds, as the array of strings Umbrella objects carry. */
export function rightsList (rights: Rights): string[] {
  return (['create', 'read', 'update', 'delete'] as const).filter((operation) => rights[operation])
}

export function toModule (module: ModuleRow, permissions: string[]): Record<string, unknown> {
  return {
    id: String(module.id),
    name: module.name,
    parent_id: String(module.parent_id),
    category_id: module.category_id === null ? '' : String(module.category_id),
    date: module.date,
    modified: module.modified,
    ipam_backend: module.ipam_backend,
    username: module.username,
    token: mask(module.token),
    url: module.url,
    password: mask(module.password),
    permissions,
    acp_id: module.acp_id,
    utilization_type: module.utilization_type,
    acp_workflow_slug: JSON.parse(module.acp_workflow_slug) as string[]
  }
}

/** used / size as a percentage with two decimals, exact for IPv6 sizes. */
function percent (used: bigint, size: bigint): string {
  const hundredths = used * 10000n / size
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`
}

export function toNetblock (block: NetblockRow, context: NetblockContext, permissions: string[]):
Record<string, string | string[]> {
  const range = parseCidr(block.cidr) as Cidr
  const allocated = context.children.reduce((sum, child) => sum + (parseCidr(child.cidr) as Cidr).size, 0n)
  return {
    id: String(block.id),
    name: block.name,
    description: block.description,
    parent_id: block.parent_id === null ? '' : String(block.parent_id),
    category_id: block.category_id === null ? '' : String(block.category_id),
    date: block.date,
    modified: block.modified,
    remote_id: block.remote_id,
    address: range.start.toString(),
    end_address: range.end.toString(),
    all_addresses: range.size.toString(),
    cidr: block.cidr,
    is_assigned: flag(block.is_assigned),
    rir: block.rir,
    customer: block.customer,
    supported_actions: block.supported_actions,
    module_type: context.module.ipam_backend,
    used_addresses: block.used_addresses,
    has_children: flag(context.children.length > 0),
    is_aggregate: flag(block.is_aggregate),
    address_human: range.startHuman,
    end_address_human: range.endHuman,
    mask: String(range.mask),
    module_id: String(block.module_id),
    utilization: percent(BigInt(block.used_addresses), range.size),
    is_syncing: flag(block.is_syncing),
    status: block.status,
    last_sync_time: block.last_sync_time,
    last_error: block.last_error,
    permissions,
    aggregate_module: context.aggregateModule.name,
    module_type_aggregate: context.aggregateModule.ipam_backend,
    used_addresses_aggregate: context.aggregate.used_addresses,
    asn: block.asn,
    remote_type: block.remote_type,
    data: block.data,
    allocated_addresses: allocated.toString(),
    module_id_aggregate: String(context.aggregate.module_id)
  }
}

export function toLink (link: LinkRow, resource: ResourceRow, attrs: Record<string, string>): Record<string, unknown> {
  return {
    id: String(link.id),
    resource_id: String(link.resource_id),
    relation: link.relation,
    data: link.data,
    resource: {
      id: String(resource.id),
      parent_id: resource.parent_id === null ? '' : String(resource.parent_id),
      name: resource.name,
      slug: resource.slug,
      type: resource.type,
      date: resource.date,
      modified: resource.modified,
      attrs
    }
  }
}
