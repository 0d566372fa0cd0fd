import { formatTimestamp } from '../../core/clock.js'
import { stmt, inTransaction, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import {
  getGroupById, getUserById, getUserByName, keepingAnAdmin, userDeletionChecks, type UserRow
} from '../../core/identity-store.js'
import { hashPassword } from '../../core/passwords.js'

export interface UserFilters {
  id?: number
  username?: string
  q?: string
  enabled?: boolean
  offset?: number
  limit?: number
}

export interface NewUser {
  username: string
  password: string
  name?: string
  email?: string
  enabled?: boolean
  groups?: number[]
}

export interface UserChanges {
  username?: string
  password?: string
  name?: string
  email?: string
  enabled?: boolean
}

export function listUsers (db: Db, filters: UserFilters): UserRow[] {
  const where: string[] = []
  const args: unknown[] = []
  if (filters.id !== undefined) { where.push('id = ?'); args.push(filters.id) }
  if (filters.username !== undefined) { where.push('username = ?'); args.push(filters.username) }
  if (filters.enabled !== undefined) { where.push('enabled = ?'); args.push(filters.enabled ? 1 : 0) }
  if (filters.q !== undefined) {
    where.push("(username LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')")
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    args.push(pattern, pattern, pattern)
  }
  const sql = `SELECT * FROM users${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id
    LIMIT ? OFFSET ?`
  return stmt(db, sql).all(...args, filters.limit ?? -1, filters.offset ?? 0) as UserRow[]
}

/** The user, or a 404 naming the id. */
export function getUser (db: Db, id: number): UserRow {
  const user = getUserById(db, id)
  if (user === undefined) throw new MockError('NOT_FOUND', `user ${id} not found`)
  return user
}

function assertUsernameFree (db: Db, username: string, except?: number): void {
  const holder = getUserByName(db, username)
  if (holder !== undefined && holder.id !== except) {
    throw new MockError('CONFLICT', `username ${username} is already taken by user ${holder.id}`, 'username')
  }
}

export function createUser (db: Db, input: NewUser, now: number): UserRow {
  return inTransaction(db, () => {
    assertUsernameFree(db, input.username)
    for (const groupId of input.groups ?? []) {
      if (getGroupById(db, groupId) === undefined) {
        throw new MockError('UNPROCESSABLE', `usergroup ${groupId} does not exist`, 'groups')
      }
    }
    const stamp = formatTimestamp(now)
    const result = stmt(db, `INSERT INTO users (username, password_hash, name, email, enabled, date, modified)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(input.username, hashPassword(input.password), input.name ?? '',
      input.email ?? input.username, input.enabled === false ? 0 : 1, stamp, stamp)
    const id = Number(result.lastInsertRowid)
    const addMember = stmt(db, 'INSERT OR IGNORE INTO user_groups (user_id, group_id) VALUES (?, ?)')
    for (const groupId of input.groups ?? []) addMember.run(id, groupId)
    return getUser(db, id)
  })
}

/** Applies the given changes; a new password is hashed, so the old one fails on the next request. */
export function updateUser (db: Db, id: number, changes: UserChanges, now: number): UserRow {
  return keepingAnAdmin(db, () => {
    const user = getUser(db, id)
    if (changes.username !== undefined) assertUsernameFree(db, changes.username, id)
    const next = {
      username: changes.username ?? user.username,
      password_hash: changes.password === undefined ? user.password_hash : hashPassword(changes.password),
      name: changes.name ?? user.name,
      email: changes.email ?? user.email,
      enabled: changes.enabled === undefined ? user.enabled : changes.enabled ? 1 : 0
    }
    stmt(db, `UPDATE users SET username = ?, password_hash = ?, name = ?, email = ?, enabled = ?, modified = ?
      WHERE id = ?`).run(next.username, next.password_hash, next.name, next.email, next.enabled,
      formatTimestamp(now), id)
    return getUser(db, id)
  })
}

/** Deletes the user unless a registered check objects (409 with its message). */
export function deleteUser (db: Db, id: number): void {
  keepingAnAdmin(db, () => {
    getUser(db, id)
    for (const check of userDeletionChecks) {
      const objection = check(db, id)
      if (objection !== undefined) throw new MockError('CONFLICT', objection)
    }
    stmt(db, 'DELETE FROM users WHERE id = ?').run(id)
  })
}
