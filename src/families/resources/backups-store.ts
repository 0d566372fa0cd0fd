import { formatTimestamp } from '../../core/clock.js'
import { stmt, type Db } from '../../core/db.js'
import { listLinks, type LinkRow } from './links-store.js'
import { getAttrs, getResource, type ResourceRow } from './store.js'

/** What a backup keeps: the resource row, its attributes and its links as they were. */
export interface Snapshot {
  resource: ResourceRow
  attrs: Record<string, string>
  links: LinkRow[]
}

export interface Backup {
  id: number
  resource_id: number
  date: string
  snapshot: Snapshot
}

export function insertBackup (db: Db, resourceId: number, now: number): number {
  const snapshot: Snapshot = {
    resource: getResource(db, resourceId) as ResourceRow,
    attrs: getAttrs(db, resourceId),
    links: listLinks(db, resourceId)
  }
  return Number(stmt(db, 'INSERT INTO resource_backups (resource_id, date, snapshot) VALUES (?, ?, ?)')
    .run(resourceId, formatTimestamp(now), JSON.stringify(snapshot)).lastInsertRowid)
}

/** The resource's backups, newest first. */
export function listBackups (db: Db, resourceId: number): Backup[] {
  const rows = stmt(db, 'SELECT * FROM resource_backups WHERE resource_id = ? ORDER BY date DESC, id DESC')
    .all(resourceId) as Array<{ id: number, resource_id: number, date: string, snapshot: string }>
  return rows.map((row) => ({ ...row, snapshot: JSON.parse(row.snapshot) as Snapshot }))
}
