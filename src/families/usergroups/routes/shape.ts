import type { GrantRow, GroupRow } from '../../../core/identity-store.js'
import type { MemberRow } from '../store.js'

export function toGroup (group: GroupRow): Record<string, unknown> {
  return {
    id: String(group.id),
    name: group.name,
    description: group.description,
    external_id: group.external_id,
    is_system: group.is_system === 1
  }
}

export function toMember (member: MemberRow): Record<string, unknown> {
  return {
    group_id: String(member.group_id),
    user_id: String(member.user_id),
    username: member.username,
    name: member.name,
    enabled: member.enabled === 1
  }
}

export function toGrant (grant: GrantRow): Record<string, unknown> {
  return {
    id: String(grant.id),
    group_id: String(grant.group_id),
    resource_id: String(grant.resource_id),
    area: grant.area,
    create: grant.can_create === 1,
    read: grant.can_read === 1,
    update: grant.can_update === 1,
    delete: grant.can_delete === 1
  }
}
