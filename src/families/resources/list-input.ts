import type { Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import type { Permissions } from '../../core/permissions.js'
import { relations } from './links-store.js'
import { readIdList } from './operations.js'
import type { PresentOptions } from './present.js'
import { findResourceRows, pageWindow, type AttrFilter, type Paging, type ResourceQuery } from './query.js'
import type { ResourceRow } from './store.js'

/** A parsed list request: what to match, which page, what to add to each item, which rights to demand. */
export interface ListRequest {
  query: ResourceQuery
  paging: Paging
  load: PresentOptions
  rightsTrue: Operation[]
  rightsFalse: Operation[]
}

type Operation = 'create' | 'read' | 'update' | 'delete'
const operationNames: readonly Operation[] = ['create', 'read', 'update', 'delete']

function rightsList (value: string | undefined, field: string): Operation[] {
  if (value === undefined || value === '') return []
  return value.split(',').map((part) => {
    const name = part.trim().toLowerCase()
    if (!(operationNames as readonly string[]).includes(name)) {
      throw new MockError('BAD_REQUEST',
        `${field}: ${JSON.stringify(part)} is not one of ${operationNames.join(', ')}`, field)
    }
    return name as Operation
  })
}

function typeList (value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '')
}

/** load_links: true / 1 for every relation, or a list of relations. */
export function linksToLoad (value: unknown): PresentOptions['links'] {
  if (value === undefined || value === false || value === '' || value === '0' || value === 'false') return undefined
  if (value === true || value === '1' || value === 'true') return true
  const names = Array.isArray(value) ? value.map(String) : String(value).split(',').map((part) => part.trim())
  for (const name of names) {
    if (!(relations as readonly string[]).includes(name)) {
      throw new MockError('BAD_REQUEST', `load_links: unknown relation ${JSON.stringify(name)}`, 'load_links')
    }
  }
  return names
}

export interface ListParams {
  id?: number
  type?: string
  slug?: string
  name?: string
  letter?: string
  sort?: 'ASC' | 'DESC'
  order_by?: string
  offset?: number
  limit?: number
  page?: number
  q?: string
  parent_id?: number
  resource__in?: string
  zone_type?: string
  modified?: string
  modified_compare?: string
  modified_between?: string
  load_permissions?: boolean
  load_attributes?: boolean
  permissions__true?: string
  permissions__false?: string
  load_links?: string
}

/** GET /resources and GET /resources/{id}/children query parameters as a list request. */
export function readListParams (params: ListParams, perms: Permissions): ListRequest {
  const between = params.modified_between?.split(',').map((part) => part.trim())
  if (between !== undefined && between.length !== 2) {
    throw new MockError('BAD_REQUEST', 'modified_between takes two timestamps separated by a comma', 'modified_between')
  }
  const inList = readIdList(params.resource__in, 'resource__in')
  const query: ResourceQuery = {
    ids: params.id === undefined ? inList : (inList === undefined || inList.includes(params.id) ? [params.id] : []),
    types: typeList(params.type),
    slug: params.slug,
    name: params.name,
    parentIds: params.parent_id === undefined ? undefined : [params.parent_id],
    q: params.q,
    letter: params.letter,
    zoneType: params.zone_type,
    modified: params.modified,
    modifiedCompare: params.modified_compare,
    modifiedBetween: between as [string, string] | undefined,
    orderBy: params.order_by,
    sort: params.sort
  }
  return {
    query,
    paging: { offset: params.offset, limit: params.limit, page: params.page },
    load: {
      attrs: params.load_attributes === true,
      permissions: params.load_permissions === true ? perms : undefined,
      links: linksToLoad(params.load_links)
    },
    rightsTrue: rightsList(params.permissions__true, 'permissions__true'),
    rightsFalse: rightsList(params.permissions__false, 'permissions__false')
  }
}

export interface QueryBody {
  id?: unknown
  name?: string
  resource__in?: unknown
  resource__not_in?: unknown
  parent_id?: unknown
  parent__in?: unknown
  parent__not_in?: unknown
  custom_id?: string
  category_id?: unknown
  category__in?: unknown
  category__not_in?: unknown
  sort?: 'ASC' | 'DESC'
  order_by?: string
  offset?: number
  limit?: number
  page?: number
  type?: string
  attrs?: Array<{ key: string, value: string | number, compare?: string, rule?: string }>
  q?: string
  links?: string[]
  load_permissions?: boolean
  load_attributes?: boolean
  load_links?: string[] | boolean
}

function merge (single: unknown, many: unknown, field: string, manyField: string): number[] | undefined {
  const one = readIdList(single === '' ? undefined : single, field)
  const list = readIdList(many, manyField)
  if (one === undefined) return list
  return list === undefined ? one : one.filter((id) => list.includes(id))
}

function attrFilters (attrs: QueryBody['attrs']): AttrFilter[] | undefined {
  return attrs?.map((filter, index) => {
    const rule = (filter.rule ?? 'AND').toUpperCase()
    if (rule !== 'AND' && rule !== 'OR') {
      throw new MockError('BAD_REQUEST', `attrs.${index}.rule must be AND or OR`, `attrs.${index}.rule`)
    }
    return { key: filter.key, value: String(filter.value), compare: filter.compare ?? '=', rule }
  })
}

/** POST /resources/query body as a list request. */
export function readQueryBody (body: QueryBody, perms: Permissions): ListRequest {
  for (const relation of body.links ?? []) {
    if (!(relations as readonly string[]).includes(relation)) {
      throw new MockError('BAD_REQUEST', `links: unknown relation ${JSON.stringify(relation)}`, 'links')
    }
  }
  return {
    query: {
      ids: merge(body.id, body.resource__in, 'id', 'resource__in'),
      notIds: readIdList(body.resource__not_in, 'resource__not_in'),
      parentIds: merge(body.parent_id, body.parent__in, 'parent_id', 'parent__in'),
      notParentIds: readIdList(body.parent__not_in, 'parent__not_in'),
      categoryIds: merge(body.category_id, body.category__in, 'category_id', 'category__in'),
      notCategoryIds: readIdList(body.category__not_in, 'category__not_in'),
      types: typeList(body.type),
      name: body.name,
      customId: body.custom_id,
      q: body.q,
      attrs: attrFilters(body.attrs),
      linkRelations: body.links,
      orderBy: body.order_by,
      sort: body.sort
    },
    paging: { offset: body.offset, limit: body.limit, page: body.page },
    load: {
      attrs: body.load_attributes === true,
      permissions: body.load_permissions === true ? perms : undefined,
      links: linksToLoad(body.load_links)
    },
    rightsTrue: [],
    rightsFalse: []
  }
}

/**
 * Runs a list request: match, keep what the caller may read (and the demanded rights), then page.
 * When every row passes (an administrator demanding no rights) the database pages; otherwise rows
 * are checked in order only until the page is full.
 */
export function runList (db: Db, request: ListRequest, perms: Permissions): ResourceRow[] {
  const window = pageWindow(request.paging)
  if (perms.isAdmin && request.rightsTrue.length === 0 && request.rightsFalse.length === 0) {
    return findResourceRows(db, request.query, window)
  }
  const page: ResourceRow[] = []
  let skipped = 0
  for (const row of findResourceRows(db, request.query)) {
    const rights = perms.rights('resource', row.id)
    if (!rights.read) continue
    if (!request.rightsTrue.every((op) => rights[op]) || !request.rightsFalse.every((op) => !rights[op])) continue
    if (skipped < window.offset) {
      skipped++
      continue
    }
    page.push(row)
    if (page.length === window.limit) break
  }
  return page
}
