import type { Migration } from '../../core/db.js'

/**
 * The Resources family's own tables beside the core `resources` / `resource_attrs`: sections
 * (templates with fields), categories, links between resources, attachments and backups.
 */
export const resourceMigrations: Migration[] = [
  {
    id: 100,
    name: 'resources: sections, categories, links, attachments, backups',
    sql: `
      CREATE TABLE resource_sections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        slug TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE resource_section_fields (
        id INTEGER PRIMARY KEY,
        section_id INTEGER NOT NULL REFERENCES resource_sections(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        field_type TEXT NOT NULL DEFAULT 'text',
        help_block TEXT NOT NULL DEFAULT '',
        UNIQUE (section_id, name)
      );
      CREATE TABLE resource_categories (
        id INTEGER PRIMARY KEY,
        section_id INTEGER REFERENCES resource_sections(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        slug TEXT NOT NULL
      );
      CREATE TABLE resource_links (
        id INTEGER PRIMARY KEY,
        resource_id1 INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        resource_id2 INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        relation TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '',
        UNIQUE (resource_id1, resource_id2, relation)
      );
      CREATE INDEX resource_links_target ON resource_links(resource_id2);
      CREATE TABLE resource_attachments (
        id INTEGER PRIMARY KEY,
        resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        content BLOB NOT NULL,
        date TEXT NOT NULL
      );
      CREATE INDEX resource_attachments_resource ON resource_attachments(resource_id);
      CREATE TABLE resource_backups (
        id INTEGER PRIMARY KEY,
        resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        date TEXT NOT NULL,
        snapshot TEXT NOT NULL
      );
      CREATE INDEX resource_backups_resource ON resource_backups(resource_id);
    `
  }
]
