import type { Db } from '../../core/db.js'
import type { Permissions } from '../../core/permissions.js'
import type { AttachmentMeta } from './attachments-store.js'
import { listLinks, type LinkRow } from './links-store.js'
import { getSection } from './sections-store.js'
import { getAttrs, getResource, type ResourceRow } from './store.js'

/** What to add to each resource beyond its columns. */
export interface PresentOptions {
  attrs?: boolean
  /** The caller's rights on each resource, when load_permissions asks for them. */
  permissions?: Permissions
  /** Linkages to add: every relation (true) or the named ones. */
  links?: true | string[]
}

export interface ResourceOut {
  id: string
  name: string
  slug: string
  type: string
  parent_id: string
  category_id: string
  custom_id: string
  date: string
  modified: string
  attrs?: Record<string, string>
  section: Record<string, string>
  gadgets: string[]
  permissions?: Record<string, string>
  linkages?: Array<Record<string, string>>
}

const flag = (value: boolean): string => (value ? '1' : '0')

export function presentLinkage (link: LinkRow): Record<string, string> {
  return {
    id: String(link.id),
    resource_id1: String(link.resource_id1),
    resource_id2: String(link.resource_id2),
    relation: link.relation,
    data: link.data
  }
}

export function sectionObject (db: Db, sectionId: number | null): Record<string, string> {
  const section = sectionId === null ? undefined : getSection(db, sectionId)
  return section === undefined ? {} : { id: String(section.id), name: section.name, slug: section.slug }
}

/** A resource row on the wire: ids as strings, objects of strings. */
export function presentResource (db: Db, row: ResourceRow, options: PresentOptions = {}): ResourceOut {
  const out: ResourceOut = {
    id: String(row.id),
    name: row.name,
    slug: row.slug,
    type: row.type,
    parent_id: String(row.parent_id ?? 0),
    category_id: String(row.category_id ?? 0),
    custom_id: row.custom_id,
    date: row.date,
    modified: row.modified,
    section: sectionObject(db, row.section_id),
    gadgets: []
  }
  if (options.attrs === true) out.attrs = getAttrs(db, row.id)
  if (options.permissions !== undefined) {
    const rights = options.permissions.rights('resource', row.id)
    out.permissions = {
      create: flag(rights.create), read: flag(rights.read), update: flag(rights.update), delete: flag(rights.delete)
    }
  }
  if (options.links !== undefined) {
    out.linkages = listLinks(db, row.id, options.links === true ? undefined : options.links).map(presentLinkage)
  }
  return out
}

/** One resource by id, with its attributes (single-object answers always carry them). */
export function presentById (db: Db, id: number, options: PresentOptions = {}): ResourceOut {
  return presentResource(db, getResource(db, id) as ResourceRow, { attrs: true, ...options })
}

export function presentLink (db: Db, link: LinkRow, withResource: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: String(link.id),
    resource_id: String(link.resource_id2),
    relation: link.relation,
    data: link.data
  }
  if (withResource) out.resource = presentById(db, link.resource_id2)
  return out
}

export function presentAttachment (meta: AttachmentMeta): Record<string, string> {
  return {
    id: String(meta.id),
    resource_id: String(meta.resource_id),
    name: meta.file_name,
    file_name: meta.file_name,
    content_type: meta.content_type,
    size: String(meta.size),
    date: meta.date
  }
}

/** Resources of a list page on the wire. */
export function presentResources (db: Db, rows: readonly ResourceRow[], options: PresentOptions = {}): ResourceOut[] {
  return rows.map((row) => presentResource(db, row, options))
}
