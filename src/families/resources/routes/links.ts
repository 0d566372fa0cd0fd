import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { inTransaction, type Db } from '../../../core/db.js'
import { MockError } from '../../../core/errors.js'
import type { Permissions } from '../../../core/permissions.js'
import { readId } from '../../../core/ids.js'
import { NoContentSchema, responses } from '../../../core/schemas.js'
import {
  checkRelation, deleteLink, getLink, insertLink, linkDataText, listLinks, mergeLinks, replaceAllLinks,
  replaceRelation, updateLink, type LinkInput, type LinkRow
} from '../links-store.js'
import { parseLinkSet } from '../operations.js'
import { presentLink } from '../present.js'
import { applyPaging } from '../query.js'
import {
  CreateLinkBodySchema, IdIntParamSchema, IdStringParamSchema, LinkListQuerySchema, LinkListSchema, LinkSchema,
  LinkSetBodySchema, UpdateLinkBodySchema
} from '../schemas.js'
import { getResource, requireResource, touchResource } from '../store.js'
import { confirmed, inferred, tags } from './common.js'

const IdParams = Type.Object({ id: IdIntParamSchema })
const RelationParams = Type.Object({ id: IdIntParamSchema, relation: Type.String() })

interface ListOptions {
  load_resource_data?: boolean
  order_by?: string
  sort?: 'ASC' | 'DESC'
  limit?: number
  offset?: number
  q?: string
}

/** The link list as the vendor sends it: an array, or `{}` when there are none. */
function linkList (db: Db, perms: Permissions, rows: LinkRow[], options: ListOptions = {}): unknown {
  const orderBy = options.order_by ?? 'id'
  if (!['id', 'relation', 'resource_id'].includes(orderBy)) {
    throw new MockError('BAD_REQUEST', 'order_by is one of id, relation, resource_id', 'order_by')
  }
  const key = (row: LinkRow): string | number =>
    orderBy === 'relation' ? row.relation : orderBy === 'resource_id' ? row.resource_id2 : row.id
  const q = options.q?.toLowerCase()
  let list = rows.filter((row) => perms.can('resource', 'read', row.resource_id2))
    .filter((row) => q === undefined || q === '' ||
      [row.relation, row.data, getResource(db, row.resource_id2)?.name ?? '']
        .some((text) => text.toLowerCase().includes(q)))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id))
  if (options.sort === 'DESC') list = list.reverse()
  const page = applyPaging(list, { offset: options.offset, limit: options.limit })
  if (page.length === 0) return {}
  return page.map((row) => presentLink(db, row, options.load_resource_data === true))
}

function assertLinking (db: Db, perms: Permissions, id: number, targets: number[]): void {
  requireResource(db, id)
  perms.assert('resource', 'update', id)
  for (const target of targets) if (getResource(db, target) !== undefined) perms.assert('resource', 'read', target)
}

function targetsOf (set: ReturnType<typeof parseLinkSet>): number[] {
  return [...set.values()].flat().map((link) => link.resource_id)
}

const setDescription = 'Body `{"data": {"<relation>": ["<resource id>" | {"resource_id": ..., "data": ...}]}}` ' +
  '(the vendor types data as an object without saying more). Answers the resulting link list ({} when empty).'

type RelationRequest = FastifyRequest<{
  Params: { id: number, relation: string }
  Body: { data: Record<string, unknown[]>, load_resource_data?: boolean }
}>

/** PUT and PATCH of one relation's links differ only in how the given set is applied. */
function relationSetHandler (apply: (db: Db, id: number, relation: string, links: readonly LinkInput[]) => void) {
  return async (request: RelationRequest): Promise<unknown> => {
    const db = request.instance.db
    const { id, relation } = request.params
    checkRelation(relation)
    const set = parseLinkSet(request.body.data)
    const other = [...set.keys()].find((name) => name !== relation)
    if (other !== undefined) {
      throw new MockError('UNPROCESSABLE', `data names ${other}, but the path is for ${relation}`, 'data')
    }

    assertLinking(db, request.perms, id, targetsOf(set))

    inTransaction(db, () => {
      apply(db, id, relation, set.get(relation) ?? [])
      touchResource(db, id, request.instance.clock.now())
    })
    return linkList(db, request.perms, listLinks(db, id, [relation]), request.body)
  }
}

export const linkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/resources/:id/links', {
    schema: {
      operationId: 'get_resource_links',
      summary: 'List the links of a resource',
      description: 'An array of `{id, resource_id, relation, data}` (data is text), or `{}` when the resource has ' +
        'no links, as the vendor documents. load_resource_data embeds the linked resource.',
      tags,
      ...confirmed('get_resource_links'),
      params: IdParams,
      querystring: LinkListQuerySchema,
      response: responses({ 200: LinkListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    return linkList(db, request.perms, listLinks(db, id), request.query)
  })

  app.post('/api/v2/resources/:id/links', {
    schema: {
      operationId: 'post_resource_link',
      summary: 'Link a resource to another',
      description: 'relation is one of contact, dhcpPoolLink, dnsViewACL, dnsViewServer, dnsZoneMaster, ' +
        'dnsZoneServer, dnsZoneView (others are a 422); data (object or string) is stored as text. The same link ' +
        'twice is a 409. Needs update on the resource and read on the linked one. Answers the new link.',
      tags,
      ...confirmed('post_resource_link'),
      params: Type.Object({ id: IdStringParamSchema }),
      body: CreateLinkBodySchema,
      response: responses({ 200: LinkSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const id = Number(request.params.id)
    const target = readId(request.body.resource_id, 'resource_id')
    if (target === undefined) throw new MockError('BAD_REQUEST', 'resource_id is required', 'resource_id')

    assertLinking(db, request.perms, id, [target])

    const linkId = inTransaction(db, () => {
      touchResource(db, id, request.instance.clock.now())
      return insertLink(db, id, request.body.relation, { resource_id: target, data: linkDataText(request.body.data) })
    })
    return presentLink(db, getLink(db, id, request.body.relation, linkId), false)
  })

  app.put('/api/v2/resources/:id/links', {
    schema: {
      operationId: 'put_resource_links',
      summary: 'Replace every link of a resource',
      description: `Relations not named lose their links. ${setDescription}`,
      tags,
      ...inferred('put_resource_links', 'the body shape inside data is the mock\'s reading'),
      params: IdParams,
      body: LinkSetBodySchema,
      response: responses({ 200: LinkListSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    const set = parseLinkSet(request.body.data)

    assertLinking(db, request.perms, id, targetsOf(set))

    inTransaction(db, () => {
      replaceAllLinks(db, id, set)
      touchResource(db, id, request.instance.clock.now())
    })
    return linkList(db, request.perms, listLinks(db, id), request.body)
  })

  app.patch('/api/v2/resources/:id/links', {
    schema: {
      operationId: 'patch_resource_links',
      summary: 'Add or update links',
      description: 'Adds the links that are new and updates the data of those that exist; others stay. ' +
        setDescription,
      tags,
      ...inferred('patch_resource_links', 'the body shape inside data is the mock\'s reading'),
      params: IdParams,
      body: LinkSetBodySchema,
      response: responses({ 200: LinkListSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    const set = parseLinkSet(request.body.data)

    assertLinking(db, request.perms, id, targetsOf(set))

    inTransaction(db, () => {
      for (const [relation, links] of set) mergeLinks(db, id, relation, links)
      touchResource(db, id, request.instance.clock.now())
    })
    return linkList(db, request.perms, listLinks(db, id), request.body)
  })

  app.get('/api/v2/resources/:id/links/:relations', {
    schema: {
      operationId: 'get_resource_links_using_relation',
      summary: 'List the links of some relations',
      description: 'relations is a comma-separated list. Same answer as the full list: an array, or {} when empty.',
      tags,
      ...confirmed('get_resource_links_using_relation'),
      params: Type.Object({ id: IdIntParamSchema, relations: Type.String() }),
      querystring: LinkListQuerySchema,
      response: responses({ 200: LinkListSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)
    const only = request.params.relations.split(',').map((name) => name.trim())
    for (const relation of only) checkRelation(relation, 'relations')

    request.perms.assert('resource', 'read', id)

    return linkList(db, request.perms, listLinks(db, id, only), request.query)
  })

  app.put('/api/v2/resources/:id/links/:relation', {
    schema: {
      operationId: 'put_resource_links_by_relation',
      summary: 'Replace the links of one relation',
      description: 'The relation\'s links become exactly those given; data may name only that relation. ' +
        setDescription,
      tags,
      ...inferred('put_resource_links_by_relation', 'the body shape inside data is the mock\'s reading'),
      params: RelationParams,
      body: LinkSetBodySchema,
      response: responses({ 200: LinkListSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, relationSetHandler(replaceRelation))

  app.patch('/api/v2/resources/:id/links/:relation', {
    schema: {
      operationId: 'patch_resource_links_by_relation',
      summary: 'Add or update links of one relation',
      description: 'Adds new links of the relation and updates existing ones; data may name only that relation. ' +
        setDescription,
      tags,
      ...inferred('patch_resource_links_by_relation', 'the body shape inside data is the mock\'s reading'),
      params: RelationParams,
      body: LinkSetBodySchema,
      response: responses({ 200: LinkListSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, relationSetHandler(mergeLinks))

  app.put('/api/v2/resources/:id/links/:relation/:link_id', {
    schema: {
      operationId: 'update_resource_link',
      summary: 'Change one link',
      description: 'Body `{resource_id?, data?}`: points the link at another resource and/or replaces its data. ' +
        'Answers the link.',
      tags,
      ...inferred('update_resource_link',
        'the vendor document declares an empty body; its fields are the mock\'s reading'),
      params: Type.Object({ id: IdIntParamSchema, relation: Type.String(), link_id: IdIntParamSchema }),
      body: UpdateLinkBodySchema,
      response: responses({ 200: LinkSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const { id, relation, link_id: linkId } = request.params
    const body = request.body ?? {}
    const target = readId(body.resource_id, 'resource_id')
    checkRelation(relation)

    assertLinking(db, request.perms, id, target === undefined ? [] : [target])

    const row = getLink(db, id, relation, linkId)
    inTransaction(db, () => {
      updateLink(db, row, { resource_id: target, data: body.data === undefined ? undefined : linkDataText(body.data) })
      touchResource(db, id, request.instance.clock.now())
    })
    return presentLink(db, getLink(db, id, relation, linkId), false)
  })

  app.delete('/api/v2/resources/:id/links/:relation/:link_id', {
    schema: {
      operationId: 'delete_single_resource_link',
      summary: 'Delete one link',
      description: '204 with an empty body.',
      tags,
      ...confirmed('delete_single_resource_link'),
      params: Type.Object({ id: IdIntParamSchema, relation: Type.String(), link_id: IdIntParamSchema }),
      response: responses({ 204: NoContentSchema })
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const { id, relation, link_id: linkId } = request.params
    checkRelation(relation)

    assertLinking(db, request.perms, id, [])

    const row = getLink(db, id, relation, linkId)
    inTransaction(db, () => {
      deleteLink(db, row.id)
      touchResource(db, id, request.instance.clock.now())
    })
    return reply.code(204).send()
  })
}
