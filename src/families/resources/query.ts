import { formatTimestamp } from '../../core/clock.js'
import type { Db, Statement } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { resourceColumns, resourceRowOf, type ResourceRow } from './store.js'

/** One attribute filter of POST /resources/query: `{key, value, compare, rule}`. */
export interface AttrFilter {
  key: string
  value: string
  compare: string
  rule: 'AND' | 'OR'
}

/** Every filter the list, children and query operations understand, already parsed. */
export interface ResourceQuery {
  ids?: number[]
  notIds?: number[]
  types?: string[]
  slug?: string
  name?: string
  customId?: string
  parentIds?: number[]
  notParentIds?: number[]
  categoryIds?: number[]
  notCategoryIds?: number[]
  sectionIds?: number[]
  q?: string
  letter?: string
  zoneType?: string
  modified?: string
  modifiedCompare?: string
  modifiedBetween?: [string, string]
  attrs?: AttrFilter[]
  linkRelations?: string[]
  orderBy?: string
  sort?: 'ASC' | 'DESC'
}

export interface Paging {
  offset?: number
  limit?: number
  page?: number
}

const orderColumns: Record<string, string> = {
  id: 'r.id',
  name: 'r.name COLLATE NOCASE',
  slug: 'r.slug',
  type: 'r.type',
  parent_id: 'r.parent_id',
  category_id: 'r.category_id',
  custom_id: 'r.custom_id',
  date: 'r.date',
  modified: 'r.modified'
}

export const orderByValues = [...Object.keys(orderColumns), 'resource__in']

const comparisons: Record<string, string> = {
  '=': '=',
  '==': '=',
  eq: '=',
  '!=': '<>',
  '<>': '<>',
  ne: '<>',
  '<': '<',
  lt: '<',
  '<=': '<=',
  lte: '<=',
  '>': '>',
  gt: '>',
  '>=': '>=',
  gte: '>=',
  like: 'LIKE'
}

function sqlComparison (compare: string, field: string): string {
  const op = comparisons[compare.trim().toLowerCase()]
  if (op === undefined) {
    throw new MockError('BAD_REQUEST', `${field} ${JSON.stringify(compare)} is not a comparison; use one of ` +
      Object.keys(comparisons).join(' '), field)
  }
  return op
}

/** A `modified` value as stored: `YYYY-MM-DD HH:MM:SS`; unix seconds are converted. */
function timestampText (value: string): string {
  return /^[0-9]{9,11}$/.test(value) ? formatTimestamp(Number(value) * 1000) : value.replace('T', ' ')
}

/**
 * An id list bound as one JSON array parameter: `x IN (SELECT value FROM json_each(?))`. The SQL
 * text then depends on which filters are present, not on how many ids each holds, so the few
 * shapes clients produce are prepared once and reused. (Text lists stay plain parameters: they are
 * short, and bound text converts exactly as the stored text did.)
 */
const inList = '(SELECT value FROM json_each(?))'

function placeholders (values: readonly string[]): string {
  return values.map(() => '?').join(', ')
}

const columns = resourceColumns.map((column) => `r.${column}`).join(', ')

/**
 * Most statements kept per database; the least recently used goes past that (attribute filters
 * vary). They are raw-mode statements read with resourceRowOf.
 */
const cacheLimit = 64
const statements = new WeakMap<Db, Map<string, Statement>>()

function prepared (db: Db, sql: string): Statement {
  let cache = statements.get(db)
  if (cache === undefined) statements.set(db, cache = new Map())
  let statement = cache.get(sql)
  if (statement === undefined) {
    statement = db.prepare(sql).raw(true)
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string)
  } else {
    cache.delete(sql)
  }
  cache.set(sql, statement)
  return statement
}

function attrCondition (filter: AttrFilter, args: unknown[]): string {
  const op = sqlComparison(filter.compare, 'attrs.compare')
  args.push(filter.key, filter.value)
  return `EXISTS (SELECT 1 FROM resource_attrs a WHERE a.resource_id = r.id AND a.key = ? AND a.value ${op} ?)`
}

/**
 * The matching resource rows in the requested order (name ASC by default, id breaking ties), only
 * those inside `window` when one is given. Without a window, the caller filters (permissions) and
 * pages what this returns.
 */
export function findResourceRows (db: Db, query: ResourceQuery, window?: Window): ResourceRow[] {
  const where: string[] = []
  const args: unknown[] = []
  const add = (sql: string, ...values: unknown[]): void => {
    where.push(sql)
    args.push(...values)
  }
  const json = JSON.stringify
  if (query.ids !== undefined) add(`r.id IN ${inList}`, json(query.ids))
  if (query.notIds !== undefined && query.notIds.length > 0) add(`r.id NOT IN ${inList}`, json(query.notIds))
  if (query.types !== undefined) add(`r.type IN (${placeholders(query.types)})`, ...query.types)
  if (query.slug !== undefined) add('r.slug = ?', query.slug)
  if (query.name !== undefined) add('r.name = ? COLLATE NOCASE', query.name)
  if (query.customId !== undefined) add('r.custom_id = ?', query.customId)
  if (query.parentIds !== undefined) add(`r.parent_id IN ${inList}`, json(query.parentIds))
  if (query.notParentIds !== undefined && query.notParentIds.length > 0) {
    add(`(r.parent_id IS NULL OR r.parent_id NOT IN ${inList})`, json(query.notParentIds))
  }
  if (query.categoryIds !== undefined) add(`r.category_id IN ${inList}`, json(query.categoryIds))
  if (query.notCategoryIds !== undefined && query.notCategoryIds.length > 0) {
    add(`(r.category_id IS NULL OR r.category_id NOT IN ${inList})`, json(query.notCategoryIds))
  }
  if (query.sectionIds !== undefined) add(`r.section_id IN ${inList}`, json(query.sectionIds))
  if (query.q !== undefined && query.q !== '') {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`
    add(`(r.name LIKE ? ESCAPE '\\' OR r.slug LIKE ? ESCAPE '\\' OR r.custom_id LIKE ? ESCAPE '\\' OR EXISTS
      (SELECT 1 FROM resource_attrs a WHERE a.resource_id = r.id AND a.value LIKE ? ESCAPE '\\'))`,
    like, like, like, like)
  }
  if (query.letter !== undefined && query.letter !== '') {
    if (query.letter === '#' || query.letter === '0-9') add("substr(r.name, 1, 1) BETWEEN '0' AND '9'")
    else add('substr(r.name, 1, 1) = ? COLLATE NOCASE', query.letter.slice(0, 1))
  }
  if (query.zoneType !== undefined) {
    add("EXISTS (SELECT 1 FROM resource_attrs a WHERE a.resource_id = r.id AND a.key = 'zone_type' AND a.value = ?)",
      query.zoneType)
  }
  if (query.modified !== undefined) {
    const op = sqlComparison(query.modifiedCompare ?? '>=', 'modified_compare')
    add(`r.modified ${op} ?`, timestampText(query.modified))
  }
  if (query.modifiedBetween !== undefined) {
    add('r.modified BETWEEN ? AND ?', timestampText(query.modifiedBetween[0]), timestampText(query.modifiedBetween[1]))
  }
  if (query.attrs !== undefined && query.attrs.length > 0) {
    let sql = ''
    query.attrs.forEach((filter, index) => {
      const condition = attrCondition(filter, args)
      sql = index === 0 ? condition : `(${sql} ${filter.rule} ${condition})`
    })
    where.push(sql)
  }
  if (query.linkRelations !== undefined && query.linkRelations.length > 0) {
    add(`EXISTS (SELECT 1 FROM resource_links l WHERE l.resource_id1 = r.id AND l.relation IN
      (${placeholders(query.linkRelations)}))`, ...query.linkRelations)
  }
  const direction = query.sort === 'DESC' ? 'DESC' : 'ASC'
  const keepOrder = query.orderBy === 'resource__in' && query.ids !== undefined
  // order_by=resource__in without an id list has no order to keep: the default order applies.
  const orderBy = query.orderBy === 'resource__in' || query.orderBy === '' ? 'name' : query.orderBy ?? 'name'
  const column = keepOrder ? 'r.id' : orderColumns[orderBy]
  if (column === undefined) {
    throw new MockError('BAD_REQUEST',
      `order_by ${JSON.stringify(query.orderBy)} is not one of ${orderByValues.join(', ')}`, 'order_by')
  }
  const sql = `SELECT ${columns} FROM resources r ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY ${column} ${direction}, r.id ${direction}`
  const read = (statement: Statement, values: unknown[]): ResourceRow[] =>
    (statement.all(...values) as unknown[][]).map(resourceRowOf)
  if (!keepOrder) {
    if (window === undefined) return read(prepared(db, sql), args)
    // Clamped: SQLite refuses a LIMIT or OFFSET it cannot hold as a 64-bit integer (offset=1e20).
    const limit = window.limit === undefined ? -1 : Math.min(window.limit, Number.MAX_SAFE_INTEGER)
    const offset = Math.min(window.offset, Number.MAX_SAFE_INTEGER)
    return read(prepared(db, `${sql} LIMIT ? OFFSET ?`), [...args, limit, offset])
  }
  const rows = read(prepared(db, sql), args)
  const position = new Map((query.ids as number[]).map((id, index) => [id, index]))
  const ordered = rows.sort((a, b) => (position.get(a.id) as number) - (position.get(b.id) as number))
  if (direction === 'DESC') ordered.reverse()
  return window === undefined ? ordered : ordered.slice(window.offset, windowEnd(window))
}

/** The rows of a page: skip `offset`, then at most `limit` (no limit when undefined). */
export interface Window {
  offset: number
  limit?: number
}

/** offset (0-based), limit and page (1-based, counted in `limit`-sized pages) as a window; limit <= 0 is none. */
export function pageWindow (paging: Paging): Window {
  let offset = paging.offset ?? 0
  if (paging.page !== undefined && paging.page > 0 && paging.limit !== undefined && paging.offset === undefined) {
    offset = (paging.page - 1) * paging.limit
  }
  return { offset, limit: paging.limit === undefined || paging.limit <= 0 ? undefined : paging.limit }
}

function windowEnd (window: Window): number | undefined {
  return window.limit === undefined ? undefined : window.offset + window.limit
}

/** Applies offset (0-based), limit and page (1-based, counted in `limit`-sized pages). */
export function applyPaging<T> (rows: T[], paging: Paging): T[] {
  const window = pageWindow(paging)
  return rows.slice(window.offset, windowEnd(window))
}
