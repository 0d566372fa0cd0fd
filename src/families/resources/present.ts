import type { Db } from '../../core/db.js'
import type { Permissions } from '../../core/permissions.js'
import type { AttachmentMeta } from './attachments-store.js'
import { listLinks, listLinksOf, type LinkRow } from './links-store.js'
import { getSectionsOf, type SectionRow } from './sections-store.js'
import {
  getAttrs, getAttrsOf, getResourceWithSection, type ResourceRow, type ResourceWithSection
} from './store.js'

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

function sectionOut (section: SectionRow | undefined): Record<string, string> {
  return section === undefined ? {} : { id: String(section.id), name: section.name, slug: section.slug }
}

/** The columns on the wire, with the section object given. */
function shape (row: ResourceRow, section: Record<string, string>): ResourceOut {
  return {
    id: String(row.id),
    name: row.name,
    slug: row.slug,
    type: row.type,
    parent_id: String(row.parent_id ?? 0),
    category_id: String(row.category_id ?? 0),
    custom_id: row.custom_id,
    date: row.date,
    modified: row.modified,
    section,
    gadgets: []
  }
}

function addPermissions (out: ResourceOut, id: number, permissions: Permissions): void {
  const rights = permissions.rights('resource', id)
  out.permissions = {
    create: flag(rights.create), read: flag(rights.read), update: flag(rights.update), delete: flag(rights.delete)
  }
}

function relationsOf (options: PresentOptions): string[] | undefined {
  return options.links === true ? undefined : options.links
}

/**
 * Resources of a list page on the wire. Whatever the page needs beyond its rows is read once for
 * the whole page: one query for the attributes of the rows `withAttrs` picks (by default all of
 * them with `options.attrs`), one for the links, one for the sections.
 */
export function presentResources (db: Db, rows: readonly ResourceRow[], options: PresentOptions = {},
  withAttrs: (row: ResourceRow) => boolean = () => options.attrs === true): ResourceOut[] {
  if (rows.length === 0) return []
  const attrIds = rows.filter(withAttrs).map((row) => row.id)
  const attrs = attrIds.length === 0 ? undefined : getAttrsOf(db, attrIds)
  const links = options.links === undefined
    ? undefined
    : listLinksOf(db, rows.map((row) => row.id), relationsOf(options))
  const sectionIds = [...new Set(rows.map((row) => row.section_id).filter((id) => id !== null))]
  const sections = sectionIds.length === 0 ? undefined : getSectionsOf(db, sectionIds)
  return rows.map((row) => {
    const out = shape(row, sectionOut(row.section_id === null ? undefined : sections?.get(row.section_id)))
    const own = attrs?.get(row.id)
    if (own !== undefined) out.attrs = own
    if (options.permissions !== undefined) addPermissions(out, row.id, options.permissions)
    if (links !== undefined) out.linkages = (links.get(row.id) ?? []).map(presentLinkage)
    return out
  })
}

/** A resource row on the wire: ids as strings, objects of strings. */
export function presentResource (db: Db, row: ResourceRow, options: PresentOptions = {}): ResourceOut {
  return presentResources(db, [row], options)[0]
}

/**
 * One resource read with its section (requireResourceWithSection), on the wire with its attributes
 * (single-object answers always carry them).
 */
export function presentWithSection (db: Db, row: ResourceWithSection, options: PresentOptions = {}): ResourceOut {
  const section: Record<string, string> = row.section_ref === null
    ? {}
    : { id: String(row.section_ref), name: row.section_name as string, slug: row.section_slug as string }
  const out = shape(row, section)
  out.attrs = getAttrs(db, row.id)
  if (options.permissions !== undefined) addPermissions(out, row.id, options.permissions)
  if (options.links !== undefined) out.linkages = listLinks(db, row.id, relationsOf(options)).map(presentLinkage)
  return out
}

/** One resource by id, with its attributes (single-object answers always carry them). */
export function presentById (db: Db, id: number, options: PresentOptions = {}): ResourceOut {
  return presentWithSection(db, getResourceWithSection(db, id) as ResourceWithSection, options)
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
