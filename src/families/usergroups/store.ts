import { inTransaction, stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import {
  getGroupById, getUserById, isMember, keepingAnAdmin, type FlagArea, type GrantRow, type GroupRow, type Area
} from '../../core/identity-store.js'
import { resourceExists } from '../../core/resource-tree.js'

export interface GroupFilters {
  id?: number
  name?: string
  /** Only groups this user belongs to. */
  member?: number
  offset?: number
  limit?: number
}

export interface GroupInput {
  name?: string
  description?: string
  external_id?: string
}

export interface MemberRow {
  group_id: number
  user_id: number
  username: string
  name: string
  enabled: number
}

export interface GrantInput {
  resource_id: number
  area: Area | FlagArea
  create?: boolean
  read?: boolean
  update?: boolean
  delete?: boolean
}

export type GrantChanges = Partial<Record<'create' | 'read' | 'update' | 'delete', boolean>>

export function listGroups (db: Db, filters: GroupFilters): GroupRow[] {
  const where: string[] = []
  const args: unknown[] = []
  if (filters.id !== undefined) { where.push('g.id = ?'); args.push(filters.id) }
  if (filters.name !== undefined) { where.push('g.name = ?'); args.push(filters.name) }
  if (filters.member !== undefined) {
    where.push('EXISTS (SELECT 1 FROM user_groups ug WHERE ug.group_id = g.id AND ug.user_id = ?)')
    args.push(filters.member)
  }
  const sql = `SELECT g.* FROM usergroups g${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY g.id LIMIT ? OFFSET ?`
  return stmt(db, sql).all(...args, filters.limit ?? -1, filters.offset ?? 0) as GroupRow[]
}

/** The group, or a 404 naming the id. */
export function getGroup (db: Db, id: number): GroupRow {
  const group = getGroupById(db, id)
  if (group === undefined) throw new MockError('NOT_FOUND', `usergroup ${id} not found`)
  return group
}

function assertNameFree (db: Db, name: string, except?: number): void {
  const holder = stmt(db, 'SELECT id FROM usergroups WHERE name = ?').pluck().get(name) as number | undefined
  if (holder !== undefined && holder !== except) {
    throw new MockError('CONFLICT', `usergroup name ${name} is already used by usergroup ${holder}`, 'name')
  }
}

export function createGroup (db: Db, input: GroupInput & { name: string }): GroupRow {
  return inTransaction(db, () => {
    assertNameFree(db, input.name)
    const result = stmt(db, 'INSERT INTO usergroups (name, description, external_id) VALUES (?, ?, ?)')
      .run(input.name, input.description ?? '', input.external_id ?? '')
    return getGroup(db, Number(result.lastInsertRowid))
  })
}

/** System groups ("Global Admins", "Global Read Only") only let their external id change. */
function assertNotSystem (group: GroupRow, what: string, field?: string): void {
  if (group.is_system === 1) {
    throw new MockError('CONFLICT', `${group.name} is a system group: ${what}`, field)
  }
}

export function updateGroup (db: Db, id: number, changes: GroupInput): GroupRow {
  return inTransaction(db, () => {
    const group = getGroup(db, id)
    const locked = (['name', 'description'] as const).find((key) => changes[key] !== undefined)
    if (locked !== undefined) assertNotSystem(group, 'only external_id may change', locked)
    if (changes.name !== undefined) assertNameFree(db, changes.name, id)
    stmt(db, 'UPDATE usergroups SET name = ?, description = ?, external_id = ? WHERE id = ?').run(
      changes.name ?? group.name, changes.description ?? group.description,
      changes.external_id ?? group.external_id, id)
    return getGroup(db, id)
  })
}

/** Deletes the group with its memberships and grants. */
export function deleteGroup (db: Db, id: number): void {
  keepingAnAdmin(db, () => {
    assertNotSystem(getGroup(db, id), 'it cannot be deleted')
    stmt(db, 'DELETE FROM usergroups WHERE id = ?').run(id)
  })
}

export function listMembers (db: Db, groupId: number): MemberRow[] {
  return stmt(db, `SELECT ug.group_id, u.id AS user_id, u.username, u.name, u.enabled
    FROM user_groups ug JOIN users u ON u.id = ug.user_id WHERE ug.group_id = ? ORDER BY u.id`)
    .all(groupId) as MemberRow[]
}

export function addMember (db: Db, groupId: number, userId: number): MemberRow {
  return inTransaction(db, () => {
    const group = getGroup(db, groupId)
    if (getUserById(db, userId) === undefined) {
      throw new MockError('UNPROCESSABLE', `user ${userId} does not exist`, 'user_id')
    }
    if (isMember(db, userId, groupId)) {
      throw new MockError('CONFLICT', `user ${userId} is already a member of ${group.name}`, 'user_id')
    }
    stmt(db, 'INSERT INTO user_groups (user_id, group_id) VALUES (?, ?)').run(userId, groupId)
    return listMembers(db, groupId).find((member) => member.user_id === userId) as MemberRow
  })
}

export function removeMember (db: Db, groupId: number, userId: number): void {
  keepingAnAdmin(db, () => {
    const group = getGroup(db, groupId)
    const removed = stmt(db, 'DELETE FROM user_groups WHERE user_id = ? AND group_id = ?').run(userId, groupId)
    if (removed.changes === 0) throw new MockError('NOT_FOUND', `user ${userId} is not a member of ${group.name}`)
  })
}

export function listGrants (db: Db, groupId: number): GrantRow[] {
  return stmt(db, 'SELECT * FROM grants WHERE group_id = ? ORDER BY id').all(groupId) as GrantRow[]
}

/** The grant of this group, or a 404. */
export function getGrant (db: Db, groupId: number, grantId: number): GrantRow {
  const grant = stmt(db, 'SELECT * FROM grants WHERE id = ? AND group_id = ?').get(grantId,
    groupId) as GrantRow | undefined
  if (grant === undefined) throw new MockError('NOT_FOUND', `grant ${grantId} of usergroup ${groupId} not found`)
  return grant
}

const isFlag = (area: string): boolean => area === 'admin' || area === 'swip'
const bit = (value: boolean | undefined, fallback: number): number => value === undefined ? fallback : value ? 1 : 0

export function createGrant (db: Db, groupId: number, input: GrantInput): GrantRow {
  return inTransaction(db, () => {
    const group = getGroup(db, groupId)
    assertNotSystem(group, 'its grants cannot change')
    if (!resourceExists(db, input.resource_id)) {
      throw new MockError('UNPROCESSABLE', `resource ${input.resource_id} does not exist`, 'resource_id')
    }
    const existing = stmt(db, 'SELECT id FROM grants WHERE group_id = ? AND resource_id = ? AND area = ?').pluck()
      .get(groupId, input.resource_id, input.area) as number | undefined
    if (existing !== undefined) {
      throw new MockError('CONFLICT', `usergroup ${groupId} already has grant ${existing} for ${input.area} on ` +
        `resource ${input.resource_id}; change it with PATCH`, 'area')
    }
    // Admin and SWIP are flags: holding the grant is the right, so all four bits are set.
    const flag = isFlag(input.area) ? 1 : 0
    const result = stmt(db, `INSERT INTO grants (group_id, resource_id, area, can_create, can_read, can_update,
      can_delete) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(groupId, input.resource_id, input.area,
      flag || bit(input.create, 0), flag || bit(input.read, 0), flag || bit(input.update, 0),
      flag || bit(input.delete, 0))
    return getGrant(db, groupId, Number(result.lastInsertRowid))
  })
}

export function updateGrant (db: Db, groupId: number, grantId: number, changes: GrantChanges): GrantRow {
  return keepingAnAdmin(db, () => {
    assertNotSystem(getGroup(db, groupId), 'its grants cannot change')
    const grant = getGrant(db, groupId, grantId)
    if (isFlag(grant.area)) {
      throw new MockError('UNPROCESSABLE', `${grant.area} is a flag: revoke the grant to take it away`, 'area')
    }
    stmt(db, 'UPDATE grants SET can_create = ?, can_read = ?, can_update = ?, can_delete = ? WHERE id = ?').run(
      bit(changes.create, grant.can_create), bit(changes.read, grant.can_read), bit(changes.update, grant.can_update),
      bit(changes.delete, grant.can_delete), grantId)
    return getGrant(db, groupId, grantId)
  })
}

export function deleteGrant (db: Db, groupId: number, grantId: number): void {
  keepingAnAdmin(db, () => {
    assertNotSystem(getGroup(db, groupId), 'its grants cannot change')
    getGrant(db, groupId, grantId)
    stmt(db, 'DELETE FROM grants WHERE id = ?').run(grantId)
  })
}
