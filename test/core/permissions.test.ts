import t from 'tap'
import { runMigrations, openDatabase, type Db } from '../../src/core/db.js'
import { coreMigrations } from '../../src/core/migrations.js'
import { areas, type Area } from '../../src/core/identity-store.js'
import { Permissions } from '../../src/core/permissions.js'

// A small tree: 1 TLR > 2 customer > 3 site > 4 rack, and 1 > 5 other customer.
function setup (): Db {
  const db = openDatabase()
  runMigrations(db, coreMigrations)
  const add = db.prepare(`INSERT INTO resources (id, parent_id, type, name, date, modified)
    VALUES (?, ?, 'entry', ?, '', '')`)
  add.run(2, 1, 'customer')
  add.run(3, 2, 'site')
  add.run(4, 3, 'rack')
  add.run(5, 1, 'other')
  db.prepare("INSERT INTO users (id, username, password_hash, date, modified) VALUES (1, 'u', 'x', '', '')").run()
  return db
}

let nextGroup = 1
function grant (db: Db, area: string, resource: number, bits: string, group?: number): number {
  const id = group ?? nextGroup++
  db.prepare('INSERT OR IGNORE INTO usergroups (id, name) VALUES (?, ?)').run(id, `g${id}`)
  db.prepare('INSERT OR IGNORE INTO user_groups (user_id, group_id) VALUES (1, ?)').run(id)
  db.prepare(`INSERT INTO grants (group_id, resource_id, area, can_create, can_read, can_update, can_delete)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, resource, area, +bits.includes('c'), +bits.includes('r'),
    +bits.includes('u'), +bits.includes('d'))
  return id
}

t.test('Permissions', async (t) => {
  t.test('a grant on a resource is inherited by everything below it, not above or beside', async (t) => {
    const db = setup()
    grant(db, 'ipam', 2, 'r')
    const perms = new Permissions(db, 1)
    t.ok(perms.can('ipam', 'read', 2))
    t.ok(perms.can('ipam', 'read', 4))
    t.notOk(perms.can('ipam', 'read', 1))
    t.notOk(perms.can('ipam', 'read', 5))
    t.notOk(perms.can('ipam', 'update', 4))
  })

  t.test('a lower grant of the same group overrides the inherited one', async (t) => {
    const db = setup()
    const group = grant(db, 'dns', 1, 'crud')
    grant(db, 'dns', 3, 'r', group)
    const perms = new Permissions(db, 1)
    t.ok(perms.can('dns', 'delete', 2))
    t.notOk(perms.can('dns', 'delete', 3), 'the override at 3 takes delete away')
    t.notOk(perms.can('dns', 'update', 4), 'and below it')
    t.ok(perms.can('dns', 'read', 4))
  })

  t.test('rights of several groups add up', async (t) => {
    const db = setup()
    const group = grant(db, 'resource', 1, 'crud')
    grant(db, 'resource', 3, 'r', group)
    grant(db, 'resource', 3, 'u')
    const perms = new Permissions(db, 1)
    t.same(perms.rights('resource', 4), { create: false, read: true, update: true, delete: false })
  })

  t.test('each area is separate', async (t) => {
    for (const area of areas) {
      const db = setup()
      grant(db, area, 2, 'crud')
      const perms = new Permissions(db, 1)
      for (const other of areas) {
        t.equal(perms.can(other as Area, 'create', 3), other === area, `${area} grant, ${other} create`)
      }
    }
  })

  t.test('admin may do everything; swip is a flag of its own', async (t) => {
    const db = setup()
    grant(db, 'swip', 2, 'crud')
    const perms = new Permissions(db, 1)
    t.notOk(perms.isAdmin)
    t.ok(perms.canSwip(3))
    t.notOk(perms.canSwip(5))
    t.throws(() => perms.assertAdmin(), { code: 'PERMISSION_DENIED' })
    grant(db, 'admin', 1, 'crud')
    const admin = new Permissions(db, 1)
    t.ok(admin.isAdmin)
    t.ok(admin.can('user', 'delete', 5))
    t.ok(admin.canSwip(5))
  })

  t.test('assert throws a 403 MockError naming the right', async (t) => {
    const db = setup()
    const perms = new Permissions(db, 1)
    t.throws(() => perms.assert('dhcp', 'update', 4), { statusCode: 403, message: /update on dhcp/ })
    t.same(perms.rights('dhcp', 999), { create: false, read: false, update: false, delete: false },
      'an unknown resource grants nothing')
  })

  t.test('readable filters by the read right', async (t) => {
    const db = setup()
    grant(db, 'ipam', 2, 'r')
    const readable = new Permissions(db, 1).readable('ipam')
    t.same([1, 2, 3, 4, 5].filter(readable), [2, 3, 4])
  })
})
