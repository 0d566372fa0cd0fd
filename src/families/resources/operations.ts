import { formatTimestamp } from '../../core/clock.js'
import { inTransaction, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { TLR_ID } from '../../core/resource-tree.js'
import { readId } from '../../core/ids.js'
import { checkRelation, insertLink, linkDataText, listLinks, replaceAllLinks, type LinkInput } from './links-store.js'
import {
  insertCategory, insertSection, resolveCategory, resolveSection
} from './sections-store.js'
import {
  checkParent, childIds, getAttrs, getResource, insertResource, isSystemAttr, replaceAttrs, requireResource,
  setAttrs, slugify, updateResourceRow, type ResourceChanges, type ResourceRow
} from './store.js'

/**
 * The Resources family's write logic: turns request bodies into store calls, checks references
 * (parents, sections, categories, cycles), and runs each write in one transaction.
 */

/** Ids given as an array or a comma-separated string; a non-id is a 400 naming the field. */
export function readIdList (value: unknown, field: string): number[] | undefined {
  if (value === undefined || value === null) return undefined
  const items = Array.isArray(value) ? value : String(value).split(',').filter((part) => part.trim() !== '')
  return items.map((item) => {
    const id = readId(typeof item === 'string' ? item.trim() : item, field)
    if (id === undefined) throw new MockError('BAD_REQUEST', `${field}: ${JSON.stringify(item)} is not an id`, field)
    return id
  })
}

/** Attribute names users may write: not empty, at most 255 characters, not system (`_`) metadata. */
export function checkAttrNames (attrs: Record<string, string>, field = 'attrs'): void {
  for (const key of Object.keys(attrs)) {
    if (key === '' || key.length > 255) {
      throw new MockError('BAD_REQUEST', `${field}: attribute names are 1 to 255 characters`, field)
    }
    if (isSystemAttr(key)) {
      throw new MockError('UNPROCESSABLE', `${field}.${key}: attributes starting with _ are system metadata and ` +
        'cannot be written', `${field}.${key}`)
    }
  }
}

/** A link set `{relation: [id | {resource_id, data}]}` as store input. */
export function parseLinkSet (set: Record<string, unknown[]>, field = 'data'): Map<string, LinkInput[]> {
  const map = new Map<string, LinkInput[]>()
  for (const [relation, entries] of Object.entries(set)) {
    checkRelation(relation, `${field}.${relation}`)
    map.set(relation, entries.map((entry) => {
      const object = typeof entry === 'object' && entry !== null ? entry as Record<string, unknown> : undefined
      const id = readId(object === undefined ? entry : object.resource_id, `${field}.${relation}.resource_id`)
      if (id === undefined) {
        throw new MockError('BAD_REQUEST', `${field}.${relation}: every link needs a resource_id`, field)
      }
      return { resource_id: id, data: linkDataText(object?.data) }
    }))
  }
  return map
}

interface ReferenceInput {
  section?: unknown
  section_id?: unknown
  category?: unknown
  category_id?: unknown
}

type References = { section_id?: number | null, category_id?: number | null }

const given = (value: unknown): boolean => value !== undefined && value !== ''
const isRef = (value: unknown): value is string | number => typeof value === 'string' || typeof value === 'number'

/** Section and category ids named in a body: undefined = not given, null = cleared (null, or category 0). */
function readReferences (db: Db, body: ReferenceInput): References {
  const out: References = {}
  if (body.section_id === null) {
    out.section_id = null
  } else if (given(body.section_id) && isRef(body.section_id)) {
    out.section_id = resolveSection(db, body.section_id, 'section_id').id
  } else if (given(body.section) && isRef(body.section)) {
    out.section_id = resolveSection(db, body.section).id
  }
  if (body.category_id === null || body.category_id === 0 || body.category_id === '0') {
    out.category_id = null
  } else if (given(body.category_id) && isRef(body.category_id)) {
    out.category_id = resolveCategory(db, body.category_id, out.section_id, 'category_id').id
  } else if (given(body.category) && isRef(body.category)) {
    out.category_id = resolveCategory(db, body.category, out.section_id).id
  }
  return out
}

export interface CreateBody extends ReferenceInput {
  name: string
  type: string
  slug?: string
  parent_id?: unknown
  custom_id?: string
  fields?: unknown
  field_type?: string
  help_block?: string
  attrs?: Record<string, string>
  links?: Record<string, unknown[]>
}

export type Created = { kind: 'resource', id: number } | { kind: 'section' | 'category', row: Record<string, string> }

/** The parent a create body names; the TLR when none is given. */
export function createParent (body: { parent_id?: unknown }): number {
  return readId(body.parent_id, 'parent_id') ?? TLR_ID
}

function createSection (db: Db, body: CreateBody, now: number): Record<string, string> {
  const fields = typeof body.fields === 'object' && body.fields !== null && !Array.isArray(body.fields)
    ? Object.entries(body.fields as Record<string, unknown>).map(([name, type]) =>
      ({ name, field_type: typeof type === 'string' ? type : 'text' }))
    : Array.isArray(body.fields) ? body.fields.map((name) => ({ name: String(name) })) : []
  const id = insertSection(db, { name: body.name, slug: body.slug, fields })
  return sectionLike(id, 'section', body.name, body.slug ?? slugify(body.name), now)
}

function sectionLike (id: number, type: string, name: string, slug: string, now: number): Record<string, string> {
  const stamp = formatTimestamp(now)
  return {
    id: String(id), name, slug, type, parent_id: '0', category_id: '0', custom_id: '', date: stamp, modified: stamp
  }
}

/**
 * POST /resources: a resource (with attrs and links), or, for type `section` / `category`, a
 * section or category in the family's own tables.
 */
export function createResource (db: Db, body: CreateBody, now: number): Created {
  return inTransaction(db, () => {
    if (body.type === 'section') return { kind: 'section', row: createSection(db, body, now) }
    if (body.type === 'category') {
      const section = readReferences(db, { section: body.section, section_id: body.section_id }).section_id ?? null
      const id = insertCategory(db, { name: body.name, slug: body.slug, section_id: section })
      return { kind: 'category', row: sectionLike(id, 'category', body.name, body.slug ?? slugify(body.name), now) }
    }
    const parentId = createParent(body)
    checkParent(db, parentId)
    if (body.attrs !== undefined) checkAttrNames(body.attrs)
    const links = body.links === undefined ? undefined : parseLinkSet(body.links, 'links')
    const references = readReferences(db, body)
    const id = insertResource(db, {
      parent_id: parentId,
      type: body.type,
      name: body.name,
      slug: body.slug === undefined || body.slug === '' ? undefined : body.slug,
      custom_id: body.custom_id,
      section_id: references.section_id ?? null,
      category_id: references.category_id ?? null,
      attrs: body.attrs
    }, now)
    for (const [relation, entries] of links ?? []) entries.forEach((link) => insertLink(db, id, relation, link))
    return { kind: 'resource', id }
  })
}

export interface ChangeBody extends ReferenceInput {
  name?: string
  type?: string
  slug?: string
  attrs?: Record<string, string>
  parent_id?: unknown
  custom_id?: string
  links?: Record<string, unknown[]> | Array<{ resource_id: unknown, relation: string, data?: unknown }>
}

/** The parent a change body moves the resource to, or undefined when it stays. */
export function newParentOf (row: ResourceRow, body: { parent_id?: unknown }): number | undefined {
  const parentId = readId(body.parent_id, 'parent_id')
  return parentId === undefined || parentId === row.parent_id ? undefined : parentId
}

/** The column changes a PATCH (only what is given) or a PUT (everything, defaults for the rest) makes. */
function changesOf (db: Db, row: ResourceRow, body: ChangeBody, mode: 'patch' | 'put'): ResourceChanges {
  const changes: ResourceChanges = {}
  if (body.name !== undefined && body.name !== '') changes.name = body.name
  if (body.type !== undefined && body.type !== '') changes.type = body.type
  if (body.slug !== undefined && body.slug !== '') changes.slug = body.slug
  if (body.custom_id !== undefined) changes.custom_id = body.custom_id
  const parentId = newParentOf(row, body)
  if (parentId !== undefined) {
    checkParent(db, parentId, row.id)
    changes.parent_id = parentId
  }
  Object.assign(changes, readReferences(db, body))
  if (mode === 'put') {
    changes.slug ??= slugify(changes.name ?? row.name)
    changes.custom_id ??= ''
    if (changes.section_id === undefined) changes.section_id = null
    if (changes.category_id === undefined) changes.category_id = null
  }
  return changes
}

function putLinks (db: Db, id: number, links: NonNullable<ChangeBody['links']>): void {
  if (!Array.isArray(links)) return replaceAllLinks(db, id, parseLinkSet(links, 'links'))
  const byRelation = new Map<string, LinkInput[]>()
  for (const link of links) {
    checkRelation(link.relation, 'links.relation')
    const target = readId(link.resource_id, 'links.resource_id')
    if (target === undefined) throw new MockError('BAD_REQUEST', 'links: every link needs a resource_id', 'links')
    const list = byRelation.get(link.relation) ?? []
    list.push({ resource_id: target, data: linkDataText(link.data) })
    byRelation.set(link.relation, list)
  }
  replaceAllLinks(db, id, byRelation)
}

/** Applies a change body to one resource; the caller runs it in a transaction. */
export function applyChanges (db: Db, id: number, body: ChangeBody, mode: 'patch' | 'put', now: number): void {
  const row = requireResource(db, id)
  if (body.attrs !== undefined) checkAttrNames(body.attrs)
  updateResourceRow(db, id, changesOf(db, row, body, mode), now)
  if (mode === 'put') replaceAttrs(db, id, body.attrs ?? {})
  else if (body.attrs !== undefined) setAttrs(db, id, body.attrs)
  if (mode === 'put' && body.links !== undefined) putLinks(db, id, body.links)
}

export function updateResource (db: Db, id: number, body: ChangeBody, mode: 'patch' | 'put', now: number): void {
  inTransaction(db, () => applyChanges(db, id, body, mode, now))
}

export function updateMany (db: Db, ids: readonly number[], body: ChangeBody, now: number): void {
  inTransaction(db, () => {
    for (const id of ids) applyChanges(db, id, body, 'patch', now)
  })
}

function copyResource (db: Db, source: ResourceRow, parentId: number, name: string, now: number): number {
  const id = insertResource(db, {
    parent_id: parentId,
    type: source.type,
    name,
    custom_id: source.custom_id,
    section_id: source.section_id,
    category_id: source.category_id,
    attrs: getAttrs(db, source.id)
  }, now)
  for (const link of listLinks(db, source.id)) {
    if (link.resource_id2 !== id) insertLink(db, id, link.relation, { resource_id: link.resource_id2, data: link.data })
  }
  return id
}

/** Copies a resource (attrs, links, section, category) and, when asked, its whole subtree. */
export function cloneResource (db: Db, sourceId: number,
  options: { name: string, parentId?: number, children: boolean }, now: number): number {
  return inTransaction(db, () => {
    const source = requireResource(db, sourceId)
    if (sourceId === TLR_ID) throw new MockError('UNPROCESSABLE', 'the top level resource cannot be cloned', 'id')
    const parentId = options.parentId ?? source.parent_id ?? TLR_ID
    checkParent(db, parentId)
    if (options.children && parentId !== source.parent_id && parentId !== TLR_ID) {
      // A copy placed inside the subtree it copies would copy itself: refuse like a move would.
      checkParent(db, parentId, sourceId)
    }
    const id = copyResource(db, source, parentId, options.name, now)
    if (options.children) {
      const copyChildren = (from: number, to: number): void => {
        for (const child of childIds(db, from)) {
          const row = getResource(db, child) as ResourceRow
          copyChildren(child, copyResource(db, row, to, row.name, now))
        }
      }
      copyChildren(sourceId, id)
    }
    return id
  })
}
