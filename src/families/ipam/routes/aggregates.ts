import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  CatalogIdParamsSchema, NetblockCreateSchema, NetblockListSchema, NetblockPatchSchema, NetblockSchema
} from '../schemas.js'
import { createNetblock, deleteNetblock, getNetblock, listAggregates, updateNetblock } from '../store.js'
import { MockError } from '../../../core/errors.js'
import { netblockInput, ownerOf, view, visibleTo, emptyBodyAsObject } from './common.js'

const base = '/api/v2/ipam/aggregates'
const tags = ['IPAM aggregates']
const source = 'ProVision documentation (adding an aggregate needs CIDR and RIR); no public v2 path'

export const aggregateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(base, {
    schema: {
      operationId: 'get_aggregates',
      summary: 'List top-level aggregates',
      description: 'The roots of the block trees, as netblock objects (a bare array).',
      tags,
      ...fidelity('modeled', source),
      response: responses({ 200: NetblockListSchema }, [401])
    }
  }, async (request) => {
    return listAggregates(request.instance.db, visibleTo(request)).map((row) => view(request, row))
  })

  app.post(base, {
    schema: {
      operationId: 'add_aggregate',
      summary: 'Add a top-level aggregate',
      description: 'Same as `POST /api/v2/ipam/netblocks`; `sparse_scheme` (leftmost, center, rightmost) sets how ' +
        'smart assign places blocks inside an IPv6 aggregate.',
      tags,
      ...fidelity('modeled', source),
      body: NetblockCreateSchema,
      response: responses({ 200: NetblockSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const input = netblockInput(request.body as Record<string, unknown>)

    request.perms.assert('ipam', 'create', input.resource_id ?? null)

    return view(request, createNetblock(request.instance.db, input, request.instance.clock.now()))
  })

  type Row = ReturnType<typeof getNetblock>
  const one = (request: { params: unknown, instance: { db: Parameters<typeof getNetblock>[0] } }): Row => {
    const row = getNetblock(request.instance.db, Number((request.params as { id: string }).id))
    if (row.parent !== null) throw new MockError('NOT_FOUND', `netblock ${row.id} is not a top-level aggregate`)
    return row
  }

  app.get(`${base}/:id`, {
    schema: {
      operationId: 'get_aggregate',
      summary: 'Get one aggregate',
      tags,
      ...fidelity('modeled', source),
      params: CatalogIdParamsSchema,
      response: responses({ 200: NetblockSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const row = one(request)

    request.perms.assert('ipam', 'read', ownerOf(row))

    return view(request, row)
  })

  app.patch(`${base}/:id`, {
    schema: {
      operationId: 'patch_aggregate',
      summary: 'Change an aggregate',
      description: 'Partial, with the fields of PATCH /ipam/netblocks/{id}. An aggregate that backs a DHCP pool ' +
        'cannot move to another resource or open for sub-assignment (409 naming the pool).',
      tags,
      ...fidelity('modeled', source),
      params: CatalogIdParamsSchema,
      body: NetblockPatchSchema,
      response: responses({ 200: NetblockSchema }, [400, 401, 403, 404, 409, 422])
    },
    preValidation: emptyBodyAsObject
  }, async (request) => {
    const row = one(request)
    const input = netblockInput(request.body as Record<string, unknown> | undefined)

    request.perms.assert('ipam', 'update', ownerOf(row))

    return view(request, updateNetblock(request.instance.db, row.id, input, request.instance.clock.now()))
  })

  app.delete(`${base}/:id`, {
    schema: {
      operationId: 'delete_aggregate',
      summary: 'Delete an aggregate and its tree',
      description: 'Refused (409) while anything inside is assigned or held, and while the aggregate itself backs ' +
        'a DHCP pool (the message names the pool). Answers 204.',
      tags,
      ...fidelity('modeled', source),
      params: CatalogIdParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const row = one(request)

    request.perms.assert('ipam', 'delete', ownerOf(row))

    deleteNetblock(request.instance.db, row.id)
    return reply.code(204).send()
  })
}
