import { stmt, type Db } from '../../core/db.js'
import { formatTimestamp } from '../../core/clock.js'

/** A resource row as stored. */
export interface ResourceRow {
  id: number
  parent_id: number | null
  type: string
  name: string
  slug: string
  custom_id: string
  section_id: number | null
  category_id: number | null
  date: string
  modified: string
}

export interface NewResource {
  id?: number
  parent_id: number
  type: string
  name: string
  slug?: string
  custom_id?: string
  attrs?: Record<string, string>
}

/** A URL-friendly form of a name: lowercase words joined by dashes. */
export function slugify (name: string): string {
  return name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200)
}

export function getResource (db: Db, id: number): ResourceRow | undefined {
  return stmt(db, 'SELECT * FROM resources WHERE id = ?').get(id) as ResourceRow | undefined
}

export function getAttrs (db: Db, id: number): Record<string, string> {
  const rows = stmt(db, 'SELECT key, value FROM resource_attrs WHERE resource_id = ? ORDER BY key')
    .all(id) as Array<{ key: string, value: string }>
  return Object.fromEntries(rows.map((row) => [row.key, row.value]))
}

/** Sets (adds or overwrites) the given attributes. */
export function setAttrs (db: Db, id: number, attrs: Record<string, string>): void {
  const upsert = stmt(db, `INSERT INTO resource_attrs (resource_id, key, value) VALUES (?, ?, ?)
    ON CONFLICT(resource_id, key) DO UPDATE SET value = excluded.value`)
  for (const [key, value] of Object.entries(attrs)) upsert.run(id, key, value)
}

export function touchResource (db: Db, id: number, now: number): void {
  stmt(db, 'UPDATE resources SET modified = ? WHERE id = ?').run(formatTimestamp(now), id)
}

/** Inserts a resource with its attributes and returns its id. The caller checks the parent exists. */
export function insertResource (db: Db, resource: NewResource, now: number): number {
  const stamp = formatTimestamp(now)
  const result = stmt(db, `INSERT INTO resources (id, parent_id, type, name, slug, custom_id, date, modified)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    resource.id ?? null, resource.parent_id, resource.type, resource.name,
    resource.slug ?? slugify(resource.name), resource.custom_id ?? '', stamp, stamp
  )
  const id = Number(result.lastInsertRowid)
  if (resource.attrs !== undefined) setAttrs(db, id, resource.attrs)
  return id
}

/** Ids of the resource's whole subtree, the resource itself included, deepest first. */
export function subtreeIds (db: Db, id: number): number[] {
  return stmt(db, `WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM resources WHERE id = ?
      UNION ALL
      SELECT r.id, down.depth + 1 FROM resources r JOIN down ON r.parent_id = down.id WHERE down.depth < 256
    ) SELECT id FROM down ORDER BY depth DESC, id`).pluck().all(id) as number[]
}

/** Deletes one resource (its attributes go with it). The caller deals with children first. */
export function deleteResourceRow (db: Db, id: number): void {
  stmt(db, 'DELETE FROM resources WHERE id = ?').run(id)
}
