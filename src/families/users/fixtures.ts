import { Type, type Static } from 'typebox'
import { formatTimestamp } from '../../core/clock.js'
import type { Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { FixtureError } from '../../core/fixtures.js'
import { hashPassword } from '../../core/passwords.js'
import { resourceExists } from '../../core/resource-tree.js'

const GrantFixture = Type.Object({
  resource_id: Type.Integer({ minimum: 1 }),
  area: Type.Union([Type.Literal('ipam'), Type.Literal('dns'), Type.Literal('dhcp'), Type.Literal('resource'),
    Type.Literal('user'), Type.Literal('admin'), Type.Literal('swip')]),
  create: Type.Optional(Type.Boolean()),
  read: Type.Optional(Type.Boolean()),
  update: Type.Optional(Type.Boolean()),
  delete: Type.Optional(Type.Boolean())
}, { additionalProperties: false })

export const IdentityFixtureSchema = Type.Object({
  usergroups: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String()),
    external_id: Type.Optional(Type.String()),
    system: Type.Optional(Type.Boolean()),
    grants: Type.Array(GrantFixture)
  }, { additionalProperties: false })),
  users: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    username: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\s:]+$' }),
    /** Plain text in the fixture, for readability; hashed when seeded. */
    password: Type.Optional(Type.String({ minLength: 1 })),
    password_hash: Type.Optional(Type.String({ minLength: 1 })),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
    groups: Type.Array(Type.Integer({ minimum: 1 }))
  }, { additionalProperties: false }))
}, { additionalProperties: false })

export type IdentityFixture = Static<typeof IdentityFixtureSchema>

export function seedIdentity (db: Db, data: IdentityFixture, context: SeedContext): void {
  const stamp = formatTimestamp(context.now)
  const groupIds = new Set<number>()
  const insertGroup = db.prepare(`INSERT INTO usergroups (id, name, description, external_id, is_system)
    VALUES (?, ?, ?, ?, ?)`)
  const insertGrant = db.prepare(`INSERT INTO grants (group_id, resource_id, area, can_create, can_read, can_update,
    can_delete) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  data.usergroups.forEach((group, index) => {
    if (
      groupIds.has(group.id)
    ) throw new FixtureError(context.file, `/usergroups/${index}/id`, `duplicate id ${group.id}`)
    groupIds.add(group.id)
    insertGroup.run(
      group.id,
      group.name,
      group.description ?? '',
      group.external_id ?? '',
      group.system === true ? 1 : 0
    )
    group.grants.forEach((grant, g) => {
      if (!resourceExists(db, grant.resource_id)) {
        throw new FixtureError(context.file, `/usergroups/${index}/grants/${g}/resource_id`,
          `resource ${grant.resource_id} does not exist`)
      }
      const flag = grant.area === 'admin' || grant.area === 'swip'
      const bit = (value: boolean | undefined): number => (flag || value === true ? 1 : 0)
      insertGrant.run(group.id, grant.resource_id, grant.area, bit(grant.create), bit(grant.read), bit(grant.update),
        bit(grant.delete))
    })
  })
  const insertUser = db.prepare(`INSERT INTO users (id, username, password_hash, name, email, enabled, date, modified)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertMember = db.prepare('INSERT INTO user_groups (user_id, group_id) VALUES (?, ?)')
  const usernames = new Set<string>()
  data.users.forEach((user, index) => {
    if (usernames.has(user.username)) {
      throw new FixtureError(context.file, `/users/${index}/username`, `duplicate username ${user.username}`)
    }
    usernames.add(user.username)
    const hash = user.password_hash ?? (user.password === undefined ? undefined : hashPassword(user.password))
    if (
      hash === undefined
    ) throw new FixtureError(context.file, `/users/${index}/password`, 'password or password_hash is required')
    insertUser.run(user.id, user.username, hash, user.name ?? '', user.email ?? user.username,
      user.enabled === false ? 0 : 1, stamp, stamp)
    user.groups.forEach((groupId, g) => {
      if (
        !groupIds.has(groupId)
      ) throw new FixtureError(context.file, `/users/${index}/groups/${g}`, `group ${groupId} does not exist`)
      insertMember.run(user.id, groupId)
    })
  })
}

export function exportIdentity (db: Db): IdentityFixture {
  const groups = db.prepare('SELECT * FROM usergroups ORDER BY id').all() as Array<Record<string, any>>
  const grants = db.prepare('SELECT * FROM grants ORDER BY id').all() as Array<Record<string, any>>
  const users = db.prepare('SELECT * FROM users ORDER BY id').all() as Array<Record<string, any>>
  const members = db.prepare('SELECT * FROM user_groups ORDER BY user_id, group_id').all() as Array<Record<string, any>>
  return {
    usergroups: groups.map((group) => ({
      id: group.id,
      name: group.name,
      description: group.description,
      external_id: group.external_id,
      system: group.is_system === 1,
      grants: grants.filter((grant) => grant.group_id === group.id).map((grant) => ({
        resource_id: grant.resource_id,
        area: grant.area,
        create: grant.can_create === 1,
        read: grant.can_read === 1,
        update: grant.can_update === 1,
        delete: grant.can_delete === 1
      }))
    })),
    users: users.map((user) => ({
      id: user.id,
      username: user.username,
      password_hash: user.password_hash,
      name: user.name,
      email: user.email,
      enabled: user.enabled === 1,
      groups: members.filter((member) => member.user_id === user.id).map((member) => member.group_id)
    }))
  }
}
