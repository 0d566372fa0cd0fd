import type { Migration } from './db.js'

/**
 * Core tables: settings, the resource tree every family hangs objects on, identity (users,
 * groups, grants) and jobs. The top-level resource (TLR) is id 1 and always exists.
 */
export const coreMigrations: Migration[] = [
  {
    id: 1,
    name: 'core',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE resources (
        id INTEGER PRIMARY KEY,
        parent_id INTEGER REFERENCES resources(id),
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        slug TEXT NOT NULL DEFAULT '',
        custom_id TEXT NOT NULL DEFAULT '',
        section_id INTEGER,
        category_id INTEGER,
        date TEXT NOT NULL,
        modified TEXT NOT NULL
      );
      CREATE INDEX resources_parent ON resources(parent_id);
      CREATE INDEX resources_type ON resources(type, name);

      CREATE TABLE resource_attrs (
        resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (resource_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX resource_attrs_kv ON resource_attrs(key, value);

      INSERT INTO resources (id, parent_id, type, name, slug, date, modified)
        VALUES (1, NULL, 'tlr', 'Top Level Resource', 'top-level-resource',
                '1970-01-01 00:00:00', '1970-01-01 00:00:00');

      CREATE TABLE usergroups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        external_id TEXT NOT NULL DEFAULT '',
        is_system INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        enabled INTEGER NOT NULL DEFAULT 1,
        date TEXT NOT NULL,
        modified TEXT NOT NULL
      );

      CREATE TABLE user_groups (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES usergroups(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, group_id)
      ) WITHOUT ROWID;
      CREATE INDEX user_groups_group ON user_groups(group_id);

      -- One grant: a group's rights in one area on one resource and, by inheritance, below it.
      -- Areas ipam, dns, dhcp, resource, user use the four bits; admin and swip are flags (all bits set).
      CREATE TABLE grants (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES usergroups(id) ON DELETE CASCADE,
        resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        area TEXT NOT NULL CHECK (area IN ('ipam', 'dns', 'dhcp', 'resource', 'user', 'admin', 'swip')),
        can_create INTEGER NOT NULL DEFAULT 0,
        can_read INTEGER NOT NULL DEFAULT 0,
        can_update INTEGER NOT NULL DEFAULT 0,
        can_delete INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, resource_id, area)
      );
      CREATE INDEX grants_group ON grants(group_id);

      -- Asynchronous jobs (pushes, actions, SWIP). Messages are planned at creation with the
      -- clock time each becomes visible, so status moves as the instance's clock moves.
      CREATE TABLE jobs (
        pid TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        target_id TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        output TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE job_messages (
        pid TEXT NOT NULL REFERENCES jobs(pid) ON DELETE CASCADE,
        msgid INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'warning', 'error')),
        message TEXT NOT NULL,
        PRIMARY KEY (pid, msgid)
      ) WITHOUT ROWID;
    `
  },
  {
    id: 2,
    name: 'identity version',
    // A counter every change to who someone is or what they may do moves, however it happens
    // (the users and usergroups routes, or grants removed by a resource delete's cascade), so
    // authentication can reuse a verified identity until the counter moves.
    sql: `
      CREATE TABLE identity_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n INTEGER NOT NULL
      );
      INSERT INTO identity_version (id, n) VALUES (1, 0);
      CREATE TRIGGER identity_users_insert AFTER INSERT ON users
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_users_update AFTER UPDATE ON users
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_users_delete AFTER DELETE ON users
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_usergroups_insert AFTER INSERT ON usergroups
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_usergroups_update AFTER UPDATE ON usergroups
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_usergroups_delete AFTER DELETE ON usergroups
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_user_groups_insert AFTER INSERT ON user_groups
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_user_groups_update AFTER UPDATE ON user_groups
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_user_groups_delete AFTER DELETE ON user_groups
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_grants_insert AFTER INSERT ON grants
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_grants_update AFTER UPDATE ON grants
        BEGIN UPDATE identity_version SET n = n + 1; END;
      CREATE TRIGGER identity_grants_delete AFTER DELETE ON grants
        BEGIN UPDATE identity_version SET n = n + 1; END;
    `
  }
]
