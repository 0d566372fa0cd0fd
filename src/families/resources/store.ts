import { stmt, type Db } from '../../core/db.js'
import { formatTimestamp } from '../../core/clock.js'
import { MockError } from '../../core/errors.js'
import { isWithin, TLR_ID } from '../../core/resource-tree.js'

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

/** The columns of a resource row in the order resourceRowOf reads them. */
export const resourceColumns = ['id', 'parent_id', 'type', 'name', 'slug', 'custom_id', 'section_id', 'category_id',
  'date', 'modified'] as const

/**
 * A row selected as resourceColumns from a raw-mode statement (an array of values) as a
 * ResourceRow. better-sqlite3 builds row objects column by column, which costs about twice as much
 * as reading the values and making the object here, in a list of a hundred rows that matters.
 */
export function resourceRowOf (values: unknown[]): ResourceRow {
  return {
    id: values[0] as number,
    parent_id: values[1] as number | null,
    type: values[2] as string,
    name: values[3] as string,
    slug: values[4] as string,
    custom_id: values[5] as string,
    section_id: values[6] as number | null,
    category_id: values[7] as number | null,
    date: values[8] as string,
    modified: values[9] as string
  }
}

export interface NewResource {
  id?: number
  parent_id: number
  type: string
  name: string
  slug?: string
  custom_id?: string
  section_id?: number | null
  category_id?: number | null
  attrs?: Record<string, string>
}

/** A URL-friendly form of a name: lowercase words joined by dashes. */
/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const latin: Record<string, string> = {
  ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ð: 'd', þ: 'th', ł: 'l', đ: 'd', ħ: 'h', ı: 'i'
}

/**
 * A URL-safe slug: accents dropped (é → e, ß → ss, Æ → ae), anything else but ASCII letters and
 * digits becomes one hyphen. A name with nothing left (all CJK, say) gets `resource`, never an
 * empty slug.
 */
export function slugify (name: string): string {
  const slug = name.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
    .replace(/[ßæøœðþłđħı]/g, (letter) => latin[letter])
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200).replace(/-+$/, '')
  return slug === '' ? 'resource' : slug
}

export function getResource (db: Db, id: number): ResourceRow | undefined {
  return stmt(db, 'SELECT * FROM resources WHERE id = ?').get(id) as ResourceRow | undefined
}

/** Only the name of a resource (a netblock shows its resource's name). */
export function getResourceName (db: Db, id: number): string | undefined {
  return stmt(db, 'SELECT name FROM resources WHERE id = ?').pluck().get(id) as string | undefined
}

export function getAttrs (db: Db, id: number): Record<string, string> {
  // Raw rows are [key, value] pairs: the entries of the object as they come.
  return Object.fromEntries(stmt(db, 'SELECT key, value FROM resource_attrs WHERE resource_id = ? ORDER BY key')
    .raw(true).all(id) as Array<[string, string]>)
}

/**
 * The attributes of several resources in one query (a list page): an entry for every id, `{}` for
 * one without attributes, keys in the same order as getAttrs.
 */
export function getAttrsOf (db: Db, ids: readonly number[]): Map<number, Record<string, string>> {
  const rows = stmt(db, `SELECT resource_id, key, value FROM resource_attrs
    WHERE resource_id IN (SELECT value FROM json_each(?)) ORDER BY resource_id, key`).raw(true)
    .all(JSON.stringify(ids)) as Array<[number, string, string]>
  const entries = new Map<number, Array<[string, string]>>(ids.map((id) => [id, []]))
  for (const [id, key, value] of rows) entries.get(id)?.push([key, value])
  const out = new Map<number, Record<string, string>>()
  for (const [id, list] of entries) out.set(id, Object.fromEntries(list))
  return out
}

/** A resource row read together with its section's id, name and slug (null when it has none). */
export interface ResourceWithSection extends ResourceRow {
  section_ref: number | null
  section_name: string | null
  section_slug: string | null
}

export function getResourceWithSection (db: Db, id: number): ResourceWithSection | undefined {
  return stmt(db, `SELECT r.*, s.id AS section_ref, s.name AS section_name, s.slug AS section_slug
    FROM resources r LEFT JOIN resource_sections s ON s.id = r.section_id WHERE r.id = ?`).get(id) as
    ResourceWithSection | undefined
}

/** Like requireResource, with the section read in the same query. */
export function requireResourceWithSection (db: Db, id: number): ResourceWithSection {
  const row = getResourceWithSection(db, id)
  if (row === undefined) throw new MockError('NOT_FOUND', `resource ${id} not found`, 'id')
  return row
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
  const result = stmt(db, `INSERT INTO resources (id, parent_id, type, name, slug, custom_id, section_id,
    category_id, date, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    resource.id ?? null, resource.parent_id, resource.type, resource.name,
    resource.slug ?? slugify(resource.name), resource.custom_id ?? '', resource.section_id ?? null,
    resource.category_id ?? null, stamp, stamp
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

/** The resource, or a 404 naming it. */
export function requireResource (db: Db, id: number): ResourceRow {
  const row = getResource(db, id)
  if (row === undefined) throw new MockError('NOT_FOUND', `resource ${id} not found`, 'id')
  return row
}

/** Ids of the resource's direct children, lowest first. */
export function childIds (db: Db, id: number): number[] {
  return stmt(db, 'SELECT id FROM resources WHERE parent_id = ? ORDER BY id').pluck().all(id) as number[]
}

export function hasChildren (db: Db, id: number): boolean {
  return stmt(db, 'SELECT 1 FROM resources WHERE parent_id = ? LIMIT 1').get(id) !== undefined
}

/** A parent named in a request body: it must exist, and must not be the resource or below it. */
export function checkParent (db: Db, parentId: number, movingId?: number): void {
  if (getResource(db, parentId) === undefined) {
    throw new MockError('UNPROCESSABLE', `parent resource ${parentId} does not exist`, 'parent_id')
  }
  if (movingId !== undefined && isWithin(db, parentId, movingId)) {
    throw new MockError('UNPROCESSABLE',
      `resource ${movingId} cannot be moved under ${parentId}: that is the resource itself or one of its descendants`,
      'parent_id')
  }
}

export interface ResourceChanges {
  name?: string
  slug?: string
  type?: string
  parent_id?: number
  custom_id?: string
  section_id?: number | null
  category_id?: number | null
}

const changeColumns = ['name', 'slug', 'type', 'parent_id', 'custom_id', 'section_id', 'category_id'] as const

/** Writes the given columns and stamps `modified`. The caller has checked parents and cycles. */
export function updateResourceRow (db: Db, id: number, changes: ResourceChanges, now: number): void {
  const set = changeColumns.filter((column) => changes[column] !== undefined)
  if (id === TLR_ID && changes.parent_id !== undefined) {
    throw new MockError('UNPROCESSABLE', 'the top level resource cannot be moved', 'parent_id')
  }
  if (set.length > 0) {
    const sql = `UPDATE resources SET ${set.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`
    stmt(db, sql).run(...set.map((column) => changes[column]), id)
  }
  touchResource(db, id, now)
}

/** True for attribute keys ProVision keeps for itself (`_section`, ...). */
export function isSystemAttr (key: string): boolean {
  return key.startsWith('_')
}

/** Replaces every user attribute with `attrs`; system (`_`) attributes stay. */
export function replaceAttrs (db: Db, id: number, attrs: Record<string, string>): void {
  stmt(db, "DELETE FROM resource_attrs WHERE resource_id = ? AND substr(key, 1, 1) <> '_'").run(id)
  setAttrs(db, id, attrs)
}

/** Deletes the named attributes; the caller has checked they exist. */
export function deleteAttrs (db: Db, id: number, keys: readonly string[]): void {
  const remove = stmt(db, 'DELETE FROM resource_attrs WHERE resource_id = ? AND key = ?')
  for (const key of keys) remove.run(id, key)
}

/**
 * Deletes the resource and, deepest first, everything below it. A row another family still
 * references (a netblock assigned to it) makes the whole delete a 409; the caller's transaction
 * rolls back.
 */
export function deleteSubtree (db: Db, id: number): number[] {
  const ids = subtreeIds(db, id)
  for (const each of ids) {
    for (const check of referenceChecks) {
      const reference = check(db, each)
      if (reference !== undefined) throw new MockError('CONFLICT', `resource ${each} is still referenced: ${reference}`)
    }
    try {
      deleteResourceRow(db, each)
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new MockError('CONFLICT', `resource ${each} is still referenced by other objects ` +
          '(netblocks assigned to it, DNS or DHCP data); remove those first')
      }
      throw error
    }
  }
  return ids
}

/** Ids below the resource (not itself), nearest first, lowest id first within a level. */
export function descendantIds (db: Db, id: number): number[] {
  return stmt(db, `WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM resources WHERE parent_id = ?
      UNION ALL
      SELECT r.id, down.depth + 1 FROM resources r JOIN down ON r.parent_id = down.id WHERE down.depth < 256
    ) SELECT id FROM down ORDER BY depth, id`).pluck().all(id) as number[]
}

const claimedTypes = new Set<string>()

/**
 * A family whose objects are resources (DNS zones and records, DHCP pools) seeds and exports
 * those rows in its own fixture file; claiming their types keeps the Resources fixture export
 * from writing them a second time.
 */
export function claimResourceTypes (...types: string[]): void {
  for (const type of types) claimedTypes.add(type)
}

export function isClaimedType (type: string): boolean {
  return claimedTypes.has(type)
}

/** Answers what still refers to a resource (e.g. "3 netblocks are assigned to it"), or undefined. */
export type ResourceReferenceCheck = (db: Db, id: number) => string | undefined

const referenceChecks: ResourceReferenceCheck[] = []

/**
 * Families whose rows point at resources without a foreign key (IPAM's netblocks) register a
 * check here, so deleting a resource they still use is a 409 instead of leaving dangling ids.
 */
export function registerResourceReference (check: ResourceReferenceCheck): void {
  referenceChecks.push(check)
}
