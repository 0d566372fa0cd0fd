import { inTransaction, stmt, type Db } from './db.js'
import { MockError } from './errors.js'

export type Area = 'ipam' | 'dns' | 'dhcp' | 'resource' | 'user'
export type FlagArea = 'admin' | 'swip'
export type Operation = 'create' | 'read' | 'update' | 'delete'

export const areas: readonly Area[] = ['ipam', 'dns', 'dhcp', 'resource', 'user']
export const operations: readonly Operation[] = ['create', 'read', 'update', 'delete']

export interface UserRow {
  id: number
  username: string
  password_hash: string
  name: string
  email: string
  enabled: number
  date: string
  modified: string
}

export interface GrantRow {
  id: number
  group_id: number
  resource_id: number
  area: Area | FlagArea
  can_create: number
  can_read: number
  can_update: number
  can_delete: number
}

export function getUserByName (db: Db, username: string): UserRow | undefined {
  return stmt(db, 'SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined
}

/**
 * A number that moves whenever users, groups, memberships or grants change (triggers in core
 * migration 2), however the change happened; equal numbers mean the same identities and rights.
 */
export function identityVersion (db: Db): number {
  return stmt(db, 'SELECT n FROM identity_version').pluck().get() as number
}

export function getUserById (db: Db, id: number): UserRow | undefined {
  return stmt(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
}

/** Every grant of every group the user belongs to. */
export function listGrantsOfUser (db: Db, userId: number): GrantRow[] {
  return stmt(db, `SELECT g.* FROM grants g JOIN user_groups ug ON ug.group_id = g.group_id
    WHERE ug.user_id = ? ORDER BY g.id`).all(userId) as GrantRow[]
}

export function listGroupIdsOfUser (db: Db, userId: number): number[] {
  return stmt(db, 'SELECT group_id FROM user_groups WHERE user_id = ? ORDER BY group_id')
    .pluck().all(userId) as number[]
}

export interface GroupRow {
  id: number
  name: string
  description: string
  external_id: string
  is_system: number
}

export function getGroupById (db: Db, id: number): GroupRow | undefined {
  return stmt(db, 'SELECT * FROM usergroups WHERE id = ?').get(id) as GroupRow | undefined
}

/** The groups the user belongs to, by id. */
export function listGroupsOfUser (db: Db, userId: number): GroupRow[] {
  return stmt(db, `SELECT g.* FROM usergroups g JOIN user_groups ug ON ug.group_id = g.id
    WHERE ug.user_id = ? ORDER BY g.id`).all(userId) as GroupRow[]
}

/** True when the group holds an admin grant: its members are global administrators. */
export function isAdminGroup (db: Db, groupId: number): boolean {
  return stmt(db, "SELECT 1 FROM grants WHERE group_id = ? AND area = 'admin'").get(groupId) !== undefined
}

export function isMember (db: Db, userId: number, groupId: number): boolean {
  return stmt(db, 'SELECT 1 FROM user_groups WHERE user_id = ? AND group_id = ?').get(userId, groupId) !== undefined
}

/**
 * Checks families register to veto deleting a user (the scheduler refuses while the user owns
 * tasks, ACP while they own workflows). A check answers a message saying what to do first, or
 * undefined when it has no objection.
 */
export type UserDeletionCheck = (db: Db, userId: number) => string | undefined

export const userDeletionChecks: UserDeletionCheck[] = []

/** Enabled users holding an admin grant through any of their groups. */
export function countEnabledAdmins (db: Db): number {
  return stmt(db, `SELECT COUNT(DISTINCT u.id) FROM users u JOIN user_groups ug ON ug.user_id = u.id
    JOIN grants g ON g.group_id = ug.group_id WHERE u.enabled = 1 AND g.area = 'admin'`).pluck().get() as number
}

export const noAdminLeftMessage = 'that would leave no enabled administrator; give another user admin rights first'

/**
 * Runs a Users/Usergroups write in a transaction and refuses it (409, rolled back) when it takes the
 * instance from having an enabled administrator to having none, which only a /_mock reset could undo.
 * An instance already without one (a fixture's choice) is left to its other rules.
 */
export function keepingAnAdmin<T> (db: Db, write: () => T): T {
  return inTransaction(db, () => {
    const before = countEnabledAdmins(db)
    const result = write()
    if (before > 0 && countEnabledAdmins(db) === 0) throw new MockError('CONFLICT', noAdminLeftMessage)
    return result
  })
}
