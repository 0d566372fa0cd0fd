import type { Migration } from '../../core/db.js'

/**
 * Umbrella modules (external IPAM back-ends ProVision aggregates), the netblocks mirrored from
 * them, and the links between a module and resources of the tree.
 */
export const umbrellaMigrations: Migration[] = [
  {
    id: 800,
    name: 'umbrella',
    sql: `
      CREATE TABLE umbrella_modules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id INTEGER NOT NULL DEFAULT 1 REFERENCES resources(id) ON DELETE CASCADE,
        category_id INTEGER,
        ipam_backend TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        username TEXT NOT NULL DEFAULT '',
        password TEXT NOT NULL DEFAULT '',
        token TEXT NOT NULL DEFAULT '',
        acp_id TEXT NOT NULL DEFAULT '',
        utilization_type TEXT NOT NULL DEFAULT '',
        acp_workflow_slug TEXT NOT NULL DEFAULT '[]',
        date TEXT NOT NULL,
        modified TEXT NOT NULL
      );

      CREATE TABLE umbrella_netblocks (
        id INTEGER PRIMARY KEY,
        module_id INTEGER NOT NULL REFERENCES umbrella_modules(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES umbrella_netblocks(id) ON DELETE CASCADE,
        category_id INTEGER,
        name TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        remote_id TEXT NOT NULL DEFAULT '',
        remote_type TEXT NOT NULL DEFAULT '',
        cidr TEXT NOT NULL,
        version INTEGER NOT NULL,
        is_aggregate INTEGER NOT NULL DEFAULT 0,
        is_assigned INTEGER NOT NULL DEFAULT 0,
        rir TEXT NOT NULL DEFAULT '',
        customer TEXT NOT NULL DEFAULT '',
        asn TEXT NOT NULL DEFAULT '',
        supported_actions TEXT NOT NULL DEFAULT '',
        used_addresses TEXT NOT NULL DEFAULT '0',
        status TEXT NOT NULL DEFAULT '',
        is_syncing INTEGER NOT NULL DEFAULT 0,
        last_sync_time TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL,
        modified TEXT NOT NULL
      );
      CREATE INDEX umbrella_netblocks_module ON umbrella_netblocks(module_id);
      CREATE INDEX umbrella_netblocks_parent ON umbrella_netblocks(parent_id);
      CREATE INDEX umbrella_netblocks_cidr ON umbrella_netblocks(cidr);

      CREATE TABLE umbrella_links (
        id INTEGER PRIMARY KEY,
        module_id INTEGER NOT NULL REFERENCES umbrella_modules(id) ON DELETE CASCADE,
        resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        relation TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX umbrella_links_module ON umbrella_links(module_id);
    `
  }
]
