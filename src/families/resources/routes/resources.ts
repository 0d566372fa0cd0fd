import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { MockError } from '../../../core/errors.js'
import type { Permissions } from '../../../core/permissions.js'
import { TLR_ID } from '../../../core/resource-tree.js'
import { NoContentSchema, responses } from '../../../core/schemas.js'
import { linksToLoad, readListParams, readQueryBody, runList } from '../list-input.js'
import {
  createParent, createResource, newParentOf, readIdList, updateMany, updateResource, type ChangeBody, type CreateBody
} from '../operations.js'
import { presentById, presentResources, presentWithSection } from '../present.js'
import {
  CreateResourceBodySchema, IdStringParamSchema, ListQuerySchema, PatchMultipleBodySchema, PatchResourceBodySchema,
  PutResourceBodySchema, QueryBodySchema, ResourceListSchema, ResourceSchema
} from '../schemas.js'
import {
  deleteSubtree, hasChildren, requireResource, requireResourceWithSection, subtreeIds, type ResourceRow
} from '../store.js'
import { confirmed, inferred, tags } from './common.js'
import { Type } from 'typebox'

const IdParams = Type.Object({ id: IdStringParamSchema })

/** Changing a resource needs update on it; moving it also needs update on the old parent and create on the new. */
function assertChange (perms: Permissions, row: ResourceRow, body: ChangeBody): void {
  perms.assert('resource', 'update', row.id)
  const to = newParentOf(row, body)
  if (to === undefined) return
  perms.assert('resource', 'update', row.parent_id ?? TLR_ID)
  perms.assert('resource', 'create', to)
}

export const resourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/resources', {
    schema: {
      operationId: 'get_resources',
      summary: 'List and filter resources',
      description: 'A bare array; `?id=N` answers an array of zero or one. Filters combine with AND. Only ' +
        'resources the caller may read are listed. Default order: name ASC. attrs come with load_attributes, ' +
        'the caller\'s rights with load_permissions, linkages with load_links.',
      tags,
      ...confirmed('get_resources'),
      querystring: ListQuerySchema,
      response: responses({ 200: ResourceListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const list = readListParams(request.query, request.perms)

    const rows = runList(db, list, request.perms)

    return presentResources(db, rows, list.load)
  })

  app.post('/api/v2/resources', {
    schema: {
      operationId: 'post_resource',
      summary: 'Create a resource',
      description: 'Answers **201** with the created resource (the vendor document says 200, but external-dns, ' +
        'tested against production, accepts only 201). Empty-string id, parent_id, date and modified mean "not ' +
        'given"; without parent_id the resource goes under the top level resource (id 1). type `section` or ' +
        '`category` creates a section (fields: {name: field type}) or a category instead. Needs create on the parent.',
      tags,
      ...confirmed('post_resource', 'status 201 from kubernetes-sigs/external-dns pv6connect provider'),
      body: CreateResourceBodySchema,
      response: responses({ 201: ResourceSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request, reply) => {
    const body = request.body as CreateBody
    const db = request.instance.db

    const structural = body.type === 'section' || body.type === 'category'
    request.perms.assert('resource', 'create', structural ? TLR_ID : createParent(body))

    const created = createResource(db, body, request.instance.clock.now())

    reply.code(201)
    if (created.kind === 'resource') return presentById(db, created.id)
    return { ...created.row, attrs: {}, section: {}, gadgets: [] }
  })

  app.patch('/api/v2/resources/multiple', {
    schema: {
      operationId: 'patch_multiple_resource',
      summary: 'Change several resources at once',
      description: 'Applies the same partial update to every id in `id`, all or nothing. Answers the changed ' +
        'resources (the vendor document declares no body; an array of the results is what a client can use).',
      tags,
      ...confirmed('patch_multiple_resource'),
      body: PatchMultipleBodySchema,
      response: responses({ 200: ResourceListSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const body = request.body as ChangeBody & { id: unknown[] }
    const ids = readIdList(body.id, 'id') as number[]

    for (const id of ids) assertChange(request.perms, requireResource(db, id), body)

    updateMany(db, ids, { ...body, id: undefined } as ChangeBody, request.instance.clock.now())

    return ids.map((id) => presentById(db, id))
  })

  app.post('/api/v2/resources/query', {
    schema: {
      operationId: 'query_resource',
      summary: 'Search resources with a JSON query',
      description: 'The list filters as a JSON body plus the __in / __not_in families and attribute filters ' +
        '`{key, value, compare, rule}` (compare =, !=, <, <=, >, >=, like; rule AND/OR joins a filter to the ' +
        'ones before it). A bare array. dnsrecord results always carry attrs (external-dns reads them without ' +
        'asking); others with load_attributes. load_children and resolve are accepted and ignored.',
      tags,
      ...confirmed('query_resource', 'attribute filter shape from external-dns pv6connect'),
      body: QueryBodySchema,
      response: responses({ 200: ResourceListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const list = readQueryBody(request.body ?? {}, request.perms)

    const rows = runList(db, list, request.perms)

    return presentResources(db, rows, list.load, (row) => list.load.attrs === true || row.type === 'dnsrecord')
  })

  app.get('/api/v2/resources/:id', {
    schema: {
      operationId: 'retrieve_resource',
      summary: 'Read one resource',
      description: 'One object with its attrs; linkages with load_links (true for all relations, or a comma list).',
      tags,
      ...confirmed('retrieve_resource'),
      params: IdParams,
      querystring: Type.Object({ load_links: Type.Optional(Type.String()) }),
      response: responses({ 200: ResourceSchema })
    }
    // Synchronous (the store is): Fastify sends the value without a promise turn on its hottest read.
  }, (request) => {
    const db = request.instance.db
    const id = Number(request.params.id)
    const row = requireResourceWithSection(db, id)

    request.perms.assert('resource', 'read', id)

    return presentWithSection(db, row, { links: linksToLoad(request.query.load_links) })
  })

  app.patch('/api/v2/resources/:id', {
    schema: {
      operationId: 'patch_resource',
      summary: 'Change part of a resource',
      description: 'Only what is given changes; attrs given are added or overwritten, others stay. Empty strings ' +
        'for name, type and parent_id leave them as they are (the Go client sends every field). Moving ' +
        '(parent_id) needs update on the old parent and create on the new one; a move under the resource ' +
        'itself or its descendants is a 422. Answers the resource (the vendor document declares no body; ' +
        'the official Go client decodes one).',
      tags,
      ...confirmed('patch_resource', 'response body from 6connect/golangclient UpdateResource'),
      params: IdParams,
      body: PatchResourceBodySchema,
      response: responses({ 200: ResourceSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = Number(request.params.id)
    const body = (request.body ?? {}) as ChangeBody

    assertChange(request.perms, requireResource(db, id), body)

    updateResource(db, id, body, 'patch', request.instance.clock.now())

    return presentById(db, id)
  })

  app.put('/api/v2/resources/:id', {
    schema: {
      operationId: 'put_resource',
      summary: 'Replace a resource',
      description: 'A full replace: name is required; attrs become exactly those given (system `_` attributes ' +
        'stay); slug, custom_id, section and category reset when not given; links, when given, replace every ' +
        'link. parent_id moves the resource when given and keeps it in place otherwise. Answers the resource.',
      tags,
      ...confirmed('put_resource'),
      params: IdParams,
      body: PutResourceBodySchema,
      response: responses({ 200: ResourceSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const id = Number(request.params.id)
    const body = request.body as ChangeBody

    assertChange(request.perms, requireResource(db, id), body)

    updateResource(db, id, body, 'put', request.instance.clock.now())

    return presentById(db, id)
  })

  app.delete('/api/v2/resources/:id', {
    schema: {
      operationId: 'delete_resource',
      summary: 'Delete a resource',
      description: '204 with an empty body. A resource with children is refused with a 422 unless ' +
        '`recursive=true`, which deletes the whole subtree (needs delete on every resource in it). The top ' +
        'level resource cannot be deleted. A resource other objects still reference (assigned netblocks) is a 409.',
      tags,
      ...inferred('delete_resource', 'the 422 for children without recursive is the mock\'s choice'),
      params: IdParams,
      querystring: Type.Object({ recursive: Type.Optional(Type.Boolean({ description: 'true/false/1/0' })) }),
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const id = Number(request.params.id)
    requireResource(db, id)
    const recursive = request.query.recursive === true

    request.perms.assert('resource', 'delete', id)
    if (id === TLR_ID) throw new MockError('UNPROCESSABLE', 'the top level resource cannot be deleted', 'id')
    if (!recursive && hasChildren(db, id)) {
      throw new MockError('UNPROCESSABLE', `resource ${id} has children; delete them first or pass recursive=true`,
        'recursive')
    }
    for (const each of subtreeIds(db, id)) request.perms.assert('resource', 'delete', each)

    inTransaction(db, () => deleteSubtree(db, id))

    return reply.code(204).send()
  })
}
