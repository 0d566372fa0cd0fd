import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { getResource } from './store.js'

/** The relations ProVision names for resource links. */
export const relations = ['contact', 'dhcpPoolLink', 'dnsViewACL', 'dnsViewServer', 'dnsZoneMaster', 'dnsZoneServer',
  'dnsZoneView'] as const

export interface LinkRow {
  id: number
  resource_id1: number
  resource_id2: number
  relation: string
  data: string
}

/** One wanted link: the other resource and its data (a string as stored). */
export interface LinkInput {
  resource_id: number
  data: string
}

export function checkRelation (relation: string, field = 'relation'): void {
  if (!(relations as readonly string[]).includes(relation)) {
    throw new MockError('UNPROCESSABLE', `unknown relation ${JSON.stringify(relation)}; ` +
      `known relations: ${relations.join(', ')}`, field)
  }
}

/** Link data as stored: a string; objects and arrays become their JSON text. */
export function linkDataText (data: unknown): string {
  if (data === undefined || data === null) return ''
  return typeof data === 'string' ? data : JSON.stringify(data)
}

/** The resource's links (it is resource_id1), optionally only the given relations. */
export function listLinks (db: Db, id: number, only?: readonly string[]): LinkRow[] {
  const rows = stmt(db, 'SELECT * FROM resource_links WHERE resource_id1 = ? ORDER BY id').all(id) as LinkRow[]
  return only === undefined ? rows : rows.filter((row) => only.includes(row.relation))
}

/** The links of several resources (a list page) in one query, by resource; relations as in listLinks. */
export function listLinksOf (db: Db, ids: readonly number[], only?: readonly string[]): Map<number, LinkRow[]> {
  const rows = stmt(db, `SELECT * FROM resource_links WHERE resource_id1 IN (SELECT value FROM json_each(?))
    ORDER BY resource_id1, id`).all(JSON.stringify(ids)) as LinkRow[]
  const out = new Map<number, LinkRow[]>(ids.map((id) => [id, []]))
  for (const row of rows) {
    if (only === undefined || only.includes(row.relation)) out.get(row.resource_id1)?.push(row)
  }
  return out
}

export function getLink (db: Db, id: number, relation: string, linkId: number): LinkRow {
  const row = stmt(db, 'SELECT * FROM resource_links WHERE id = ? AND resource_id1 = ? AND relation = ?')
    .get(linkId, id, relation) as LinkRow | undefined
  if (row === undefined) {
    throw new MockError('NOT_FOUND', `link ${linkId} (${relation}) of resource ${id} not found`, 'link_id')
  }
  return row
}

function findLink (db: Db, from: number, to: number, relation: string): { id: number } | undefined {
  return stmt(db, 'SELECT id FROM resource_links WHERE resource_id1 = ? AND resource_id2 = ? AND relation = ?')
    .get(from, to, relation) as { id: number } | undefined
}

function checkTarget (db: Db, id: number, target: number): void {
  if (getResource(db, target) === undefined) {
    throw new MockError('UNPROCESSABLE', `linked resource ${target} does not exist`, 'resource_id')
  }
  if (target === id) throw new MockError('UNPROCESSABLE', `resource ${id} cannot be linked to itself`, 'resource_id')
}

export function insertLink (db: Db, id: number, relation: string, link: LinkInput): number {
  checkRelation(relation)
  checkTarget(db, id, link.resource_id)
  const existing = findLink(db, id, link.resource_id, relation)
  if (existing !== undefined) {
    throw new MockError('CONFLICT', `resource ${id} is already linked to ${link.resource_id} as ${relation}`,
      'resource_id')
  }
  return Number(stmt(db, 'INSERT INTO resource_links (resource_id1, resource_id2, relation, data) VALUES (?, ?, ?, ?)')
    .run(id, link.resource_id, relation, link.data).lastInsertRowid)
}

/** Adds the links that are new and updates the data of those that exist (matched by the other resource). */
export function mergeLinks (db: Db, id: number, relation: string, links: readonly LinkInput[]): void {
  checkRelation(relation)
  for (const link of links) {
    const existing = findLink(db, id, link.resource_id, relation)
    if (existing === undefined) insertLink(db, id, relation, link)
    else stmt(db, 'UPDATE resource_links SET data = ? WHERE id = ?').run(link.data, existing.id)
  }
}

/** Makes the links of one relation exactly `links`. */
export function replaceRelation (db: Db, id: number, relation: string, links: readonly LinkInput[]): void {
  checkRelation(relation)
  const keep = new Set(links.map((link) => link.resource_id))
  for (const row of listLinks(db, id, [relation])) {
    if (!keep.has(row.resource_id2)) deleteLink(db, row.id)
  }
  mergeLinks(db, id, relation, links)
}

/** Makes the resource's links exactly the given relations' lists; relations not named lose their links. */
export function replaceAllLinks (db: Db, id: number, byRelation: ReadonlyMap<string, LinkInput[]>): void {
  for (const relation of byRelation.keys()) checkRelation(relation)
  for (const row of listLinks(db, id)) {
    if (!byRelation.has(row.relation)) deleteLink(db, row.id)
  }
  for (const [relation, links] of byRelation) replaceRelation(db, id, relation, links)
}

export function updateLink (db: Db, row: LinkRow, changes: { resource_id?: number, data?: string }): void {
  if (changes.resource_id !== undefined && changes.resource_id !== row.resource_id2) {
    checkTarget(db, row.resource_id1, changes.resource_id)
    const clash = findLink(db, row.resource_id1, changes.resource_id, row.relation)
    if (clash !== undefined) {
      throw new MockError('CONFLICT', `resource ${row.resource_id1} is already linked to ${changes.resource_id} as ` +
        row.relation, 'resource_id')
    }
  }
  stmt(db, 'UPDATE resource_links SET resource_id2 = ?, data = ? WHERE id = ?')
    .run(changes.resource_id ?? row.resource_id2, changes.data ?? row.data, row.id)
}

export function deleteLink (db: Db, linkId: number): void {
  stmt(db, 'DELETE FROM resource_links WHERE id = ?').run(linkId)
}
