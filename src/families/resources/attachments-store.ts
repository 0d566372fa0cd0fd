import { formatTimestamp } from '../../core/clock.js'
import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'

export interface AttachmentMeta {
  id: number
  resource_id: number
  file_name: string
  content_type: string
  size: number
  date: string
}

export interface Attachment extends AttachmentMeta {
  content: Buffer
}

const metaColumns = 'id, resource_id, file_name, content_type, size, date'

export function listAttachments (db: Db, resourceId: number): AttachmentMeta[] {
  return stmt(db, `SELECT ${metaColumns} FROM resource_attachments WHERE resource_id = ? ORDER BY id`)
    .all(resourceId) as AttachmentMeta[]
}

export function getAttachmentMeta (db: Db, resourceId: number, attachmentId: number): AttachmentMeta {
  const row = stmt(db, `SELECT ${metaColumns} FROM resource_attachments WHERE resource_id = ? AND id = ?`)
    .get(resourceId, attachmentId) as AttachmentMeta | undefined
  if (row === undefined) {
    throw new MockError('NOT_FOUND', `attachment ${attachmentId} of resource ${resourceId} not found`, 'attachment_id')
  }
  return row
}

export function getAttachment (db: Db, resourceId: number, attachmentId: number): Attachment {
  getAttachmentMeta(db, resourceId, attachmentId)
  return stmt(db, 'SELECT * FROM resource_attachments WHERE id = ?').get(attachmentId) as Attachment
}

export function insertAttachment (db: Db, resourceId: number,
  file: { file_name: string, content_type: string, content: Buffer }, now: number): number {
  return Number(stmt(db, `INSERT INTO resource_attachments (resource_id, file_name, content_type, size, content, date)
    VALUES (?, ?, ?, ?, ?, ?)`).run(resourceId, file.file_name, file.content_type, file.content.length, file.content,
    formatTimestamp(now)).lastInsertRowid)
}

export function deleteAttachment (db: Db, attachmentId: number): void {
  stmt(db, 'DELETE FROM resource_attachments WHERE id = ?').run(attachmentId)
}
