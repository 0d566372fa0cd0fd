import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MockError } from '../../../core/errors.js'
import { readId } from '../../../core/ids.js'
import { IdInputSchema, responses } from '../../../core/schemas.js'
import { readListParams, runList } from '../list-input.js'
import { cloneResource } from '../operations.js'
import { presentById, presentResources } from '../present.js'
import { applyPaging, findResourceRows } from '../query.js'
import {
  AttrsAllQuerySchema, AttrsAllSchema, ChildrenQuerySchema, IdIntParamSchema, LimitQuerySchema, ResourceListSchema,
  ResourceSchema, SectionDetailSchema, TopOfTreeQuerySchema
} from '../schemas.js'
import { findCategory, findSection, getSection, listCategories, listFields, resolveSection } from '../sections-store.js'
import { descendantIds, getAttrsOf, getResource, requireResource, type ResourceRow } from '../store.js'
import { confirmed, inferred, tags } from './common.js'

const IdParams = Type.Object({ id: IdIntParamSchema })

/** A comma list of section or category references; `all`, `*` or `0` mean no restriction. */
function references (value: string, find: (ref: string) => { id: number } | undefined, what: string):
number[] | undefined {
  if (['all', '*', '0', ''].includes(value.toLowerCase())) return undefined
  return value.split(',').map((ref) => {
    const found = find(ref.trim())
    if (found === undefined) throw new MockError('NOT_FOUND', `${what} ${JSON.stringify(ref)} not found`, what)
    return found.id
  })
}

export const treeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/resources/top_of_tree', {
    schema: {
      operationId: 'get_top_of_tree',
      summary: 'Top-level resources of a section',
      description: 'The resources of a section whose parent is not in that section. The vendor document marks ' +
        'both section_id and section required and also declares a body (oneOf section_id | section) on this ' +
        'GET; a client can send only one and cannot rely on a GET body, so either query parameter is enough here.',
      tags,
      ...inferred('get_top_of_tree', 'which resources count as the top of a section is the mock\'s reading'),
      querystring: TopOfTreeQuerySchema,
      response: responses({ 200: ResourceListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const { section_id: sectionId, section, limit } = request.query
    if (sectionId === undefined && (section === undefined || section === '')) {
      throw new MockError('BAD_REQUEST', 'give section_id or section', 'section_id')
    }
    const field = sectionId === undefined ? 'section' : 'section_id'
    const found = resolveSection(db, sectionId ?? (section as string), field)

    const rows = findResourceRows(db, { sectionIds: [found.id] }).filter((row) =>
      request.perms.can('resource', 'read', row.id) && getResource(db, row.parent_id ?? 0)?.section_id !== found.id)

    return presentResources(db, applyPaging(rows, { limit }))
  })

  app.get('/api/v2/resources/:id/children', {
    schema: {
      operationId: 'get_resource_children',
      summary: 'List and filter the children of a resource',
      description: 'The direct children, with the same filters, paging and load switches as GET /resources. ' +
        'orig_id is accepted and ignored.',
      tags,
      ...confirmed('get_resource_children'),
      params: IdParams,
      querystring: ChildrenQuerySchema,
      response: responses({ 200: ResourceListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)
    const list = readListParams({ ...request.query, parent_id: id }, request.perms)

    request.perms.assert('resource', 'read', id)

    return presentResources(db, runList(db, list, request.perms), list.load)
  })

  app.post('/api/v2/resources/:id/clone', {
    schema: {
      operationId: 'clone_resource',
      summary: 'Clone a resource',
      description: 'Copies the resource with its attrs, links, section and category under parent_id (default: ' +
        'beside the original) as `name`; clone_children copies the whole subtree too. Needs read on the ' +
        'original and create on the parent. Answers the new resource.',
      tags,
      ...confirmed('clone_resource'),
      params: IdParams,
      body: Type.Object({
        id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
        name: Type.String({ minLength: 1, maxLength: 255 }),
        clone_children: Type.Optional(Type.Boolean()),
        parent_id: Type.Optional(IdInputSchema)
      }, { examples: [{ name: 'Acme Datacenter East (copy)', clone_children: false }] }),
      response: responses({ 200: ResourceSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    const source = requireResource(db, id)
    const parentId = readId(request.body.parent_id, 'parent_id')

    request.perms.assert('resource', 'read', id)
    request.perms.assert('resource', 'create', parentId ?? source.parent_id)

    const copy = cloneResource(db, id, {
      name: request.body.name, parentId, children: request.body.clone_children === true
    }, request.instance.clock.now())

    return presentById(db, copy)
  })

  app.get('/api/v2/resources/:id/section', {
    schema: {
      operationId: 'get_resource_section',
      summary: 'The section of a resource, with its fields',
      description: 'The section (template) the resource belongs to, its fields and its categories. A resource ' +
        'without a section is a 404.',
      tags,
      ...inferred('get_resource_section', 'the answer\'s shape is the mock\'s (the vendor document declares none)'),
      params: IdParams,
      response: responses({ 200: SectionDetailSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const row = requireResource(db, request.params.id)

    request.perms.assert('resource', 'read', row.id)

    const section = row.section_id === null ? undefined : getSection(db, row.section_id)
    if (section === undefined) throw new MockError('NOT_FOUND', `resource ${row.id} has no section`, 'id')
    return {
      id: String(section.id),
      name: section.name,
      slug: section.slug,
      description: section.description,
      fields: listFields(db, section.id).map((field) => ({
        id: String(field.id), name: field.name, field_type: field.field_type, help_block: field.help_block
      })),
      categories: listCategories(db)
        .filter((category) => category.section_id === section.id || category.section_id === null)
        .map((category) => ({ id: String(category.id), name: category.name, slug: category.slug }))
    }
  })

  app.get('/api/v2/resources/:id/top_of_tree', {
    schema: {
      operationId: 'resource_top_of_tree',
      summary: 'Everything below a resource',
      description: 'Children and sub-children (not the resource itself), nearest first, readable ones only; ' +
        'limit caps the count.',
      tags,
      ...inferred('resource_top_of_tree', 'order and shape are the mock\'s'),
      params: IdParams,
      querystring: LimitQuerySchema,
      response: responses({ 200: ResourceListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    const rows = descendantIds(db, id).filter((each) => request.perms.can('resource', 'read', each))
      .map((each) => getResource(db, each) as ResourceRow)
    return presentResources(db, applyPaging(rows, { limit: request.query.limit }))
  })

  app.get('/api/v2/resources/:sections/:categories/attrs/all', {
    schema: {
      operationId: 'get_all_resource_attributes',
      summary: 'Attributes of every resource in some sections and categories',
      description: 'sections and categories are comma lists of ids, names or slugs; `all` (or 0) means any. ' +
        'One entry per readable resource with its attrs; name filters by name (LIKE); load_children adds the ' +
        'descendants of the matches.',
      tags,
      ...inferred('get_all_resource_attributes',
        'the answer\'s shape is the mock\'s (the vendor document declares none)'),
      params: Type.Object({ sections: Type.String(), categories: Type.String() }),
      querystring: AttrsAllQuerySchema,
      response: responses({ 200: AttrsAllSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const sectionIds = references(request.params.sections, (ref) => findSection(db, ref, 'sections'), 'sections')
    const categoryIds = references(request.params.categories,
      (ref) => findCategory(db, ref, undefined, 'categories'), 'categories')

    let rows = findResourceRows(db, { sectionIds, categoryIds, q: request.query.name })
    if (request.query.load_children === true) {
      const seen = new Set(rows.map((row) => row.id))
      const extra = rows.flatMap((row) => descendantIds(db, row.id))
        .filter((each) => !seen.has(each) && seen.add(each) !== undefined)
      rows = [...rows, ...extra.map((each) => getResource(db, each) as ResourceRow)]
    }

    const readable = rows.filter((row) => request.perms.can('resource', 'read', row.id))
    const attrs = getAttrsOf(db, readable.map((row) => row.id))
    return readable.map((row) => ({
      id: String(row.id),
      name: row.name,
      type: row.type,
      section_id: String(row.section_id ?? 0),
      category_id: String(row.category_id ?? 0),
      attrs: attrs.get(row.id) as Record<string, string>
    }))
  })
}
