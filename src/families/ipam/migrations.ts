import type { Migration } from '../../core/db.js'

/**
 * IPAM tables. Netblocks form one binary tree per top aggregate (`root_id`): split parents keep
 * their row with `child1`/`child2` set. `free_pool` is set only on leaves that may be handed out:
 * 0 for the general Available pool, a resource id for space that resource may sub-assign. The
 * partial index on it makes choosing a block a logarithmic query.
 */
export const ipamMigrations: Migration[] = [{
  id: 200,
  name: 'ipam',
  sql: `
    CREATE TABLE ipam_regions (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL DEFAULT '',
      name TEXT NOT NULL UNIQUE,
      address TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE ipam_tags (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      sort_order INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE ipam_vlan_domains (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE ipam_vlans (
      id INTEGER PRIMARY KEY,
      domain_id INTEGER NOT NULL REFERENCES ipam_vlan_domains(id) ON DELETE CASCADE,
      vlan INTEGER NOT NULL,
      name TEXT NOT NULL DEFAULT '',
      resource_id INTEGER,
      UNIQUE (domain_id, vlan)
    );
    CREATE TABLE ipam_lirs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      rir TEXT NOT NULL,
      org_handle TEXT NOT NULL DEFAULT '',
      resource_id INTEGER
    );
    CREATE TABLE ipam_rules (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL DEFAULT '',
      positions TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE ipam_netblocks (
      id INTEGER PRIMARY KEY,
      version INTEGER NOT NULL CHECK (version IN (4, 6)),
      start_key TEXT NOT NULL,
      end_key TEXT NOT NULL,
      mask INTEGER NOT NULL,
      root_id INTEGER NOT NULL,
      parent INTEGER REFERENCES ipam_netblocks(id),
      child1 INTEGER,
      child2 INTEGER,
      status TEXT NOT NULL CHECK (status IN ('available', 'assigned', 'holding', 'split')),
      free_pool INTEGER,
      resource_id INTEGER,
      rir TEXT NOT NULL DEFAULT '',
      allow_duplicate INTEGER NOT NULL DEFAULT 0,
      allow_sub_assignments INTEGER NOT NULL DEFAULT 0,
      is_important INTEGER NOT NULL DEFAULT 0,
      swipped INTEGER NOT NULL DEFAULT 0,
      sparse_scheme TEXT NOT NULL DEFAULT '',
      region_id INTEGER,
      vlan_id INTEGER,
      lir_id INTEGER,
      rule_id INTEGER,
      rule_own INTEGER NOT NULL DEFAULT 0,
      asn INTEGER,
      org_id INTEGER,
      reserved_by INTEGER,
      dhcp_resource_id INTEGER,
      cmnetblock_resource_id INTEGER,
      umbrella_resource_id INTEGER,
      description TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      generic_code TEXT NOT NULL DEFAULT '',
      net_handle TEXT NOT NULL DEFAULT '',
      customer_handle TEXT NOT NULL DEFAULT '',
      nat TEXT NOT NULL DEFAULT '',
      meta1 TEXT NOT NULL DEFAULT '', meta2 TEXT NOT NULL DEFAULT '', meta3 TEXT NOT NULL DEFAULT '',
      meta4 TEXT NOT NULL DEFAULT '', meta5 TEXT NOT NULL DEFAULT '', meta6 TEXT NOT NULL DEFAULT '',
      meta7 TEXT NOT NULL DEFAULT '', meta8 TEXT NOT NULL DEFAULT '', meta9 TEXT NOT NULL DEFAULT '',
      meta10 TEXT NOT NULL DEFAULT '',
      assign_time TEXT NOT NULL DEFAULT '',
      swip_time TEXT NOT NULL DEFAULT '',
      reserved_time TEXT NOT NULL DEFAULT '',
      last_update_time TEXT NOT NULL DEFAULT '',
      holding_since_ms INTEGER
    );
    CREATE INDEX ipam_netblocks_free ON ipam_netblocks(free_pool, root_id, mask, start_key)
      WHERE free_pool IS NOT NULL;
    CREATE INDEX ipam_netblocks_node ON ipam_netblocks(root_id, start_key, mask);
    CREATE INDEX ipam_netblocks_leaf ON ipam_netblocks(root_id, start_key) WHERE child1 IS NULL;
    CREATE INDEX ipam_netblocks_roots ON ipam_netblocks(version, start_key) WHERE parent IS NULL;
    CREATE INDEX ipam_netblocks_parent ON ipam_netblocks(parent);
    CREATE INDEX ipam_netblocks_resource ON ipam_netblocks(resource_id);
    CREATE INDEX ipam_netblocks_holding ON ipam_netblocks(holding_since_ms) WHERE status = 'holding';
    CREATE TABLE ipam_netblock_tags (
      netblock_id INTEGER NOT NULL REFERENCES ipam_netblocks(id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES ipam_tags(id) ON DELETE CASCADE,
      PRIMARY KEY (netblock_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX ipam_netblock_tags_tag ON ipam_netblock_tags(tag_id);
  `
}]
