import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import { readableIn } from '../access.js'
import { createPool, deletePool, getPool, listPools, poolView, updatePool } from '../pool-store.js'
import {
  ItemParamsSchema, PoolCreateSchema, PoolDeleteQuerySchema, PoolQuerySchema, PoolSchema, PoolUpdateSchema
} from '../schemas.js'
import { parentFor, type Input } from '../store.js'

const tags = ['DHCP pools']
const modeled = fidelity('modeled',
  'docs.6connect.com DHCP pools: a pool\'s block is smart-assigned or direct-assigned from IPAM')

/** Subnet pools: the dhcp right on the resource a pool hangs under (its block's owner). */
export const poolRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dhcp/pools', {
    schema: {
      operationId: 'get_dhcp_pools',
      summary: 'List DHCP pools',
      tags,
      ...modeled,
      querystring: PoolQuerySchema,
      response: responses({ 200: { type: 'array', items: PoolSchema } }, [400, 401])
    }
  }, async (request) => listPools(request.instance.db, readableIn(request), request.query))

  app.post(
    '/api/v2/dhcp/pools',
    {
      schema: {
        operationId: 'post_dhcp_pool',
        summary: 'Create a DHCP subnet pool',
        description:
          'Takes the block from IPAM and assigns it to `parent_id` (default: the TLR): ' +
          '`cidr` direct-assigns that block, `mask` smart-assigns a free one (with `top_aggregate`, `rir`, ' +
          '`tags`). The range and router must lie inside the block (422 naming the field); ' +
          'a block overlapping another pool or assigned space is ' +
          'a 409. Needs dhcp create on the parent.',
        tags,
        ...modeled,
        body: {
          ...PoolCreateSchema,
          examples: [
            {
              name: 'Acme guest Wi-Fi',
              parent_id: '2',
              group_id: '400',
              cidr: '10.1.3.0/24',
              range_start: '10.1.3.50',
              range_end: '10.1.3.250',
              router: '10.1.3.1'
            },
            { name: 'Acme phones', parent_id: '2', group_id: '400', mask: 26, top_aggregate: 1 }
          ]
        },
        response: responses({ 200: PoolSchema }, [400, 401, 403, 404, 409, 422])
      }
    },
    async (request) => {
      const db = request.instance.db
      const input = (request.body ?? {}) as Input

      const parentId = parentFor(db, input)
      request.perms.assert('dhcp', 'create', parentId)

      return inTransaction(db, () => createPool(db, input, parentId, request.instance.clock.now()))
    }
  )

  app.get('/api/v2/dhcp/pools/:id', {
    schema: {
      operationId: 'get_dhcp_pool',
      summary: 'Read a DHCP pool',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: PoolSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))

    request.perms.assert('dhcp', 'read', pool.row.id)

    return poolView(db, pool.row.id)
  })

  app.patch('/api/v2/dhcp/pools/:id', {
    schema: {
      operationId: 'patch_dhcp_pool',
      summary: 'Change a DHCP pool\'s name, group, range or router',
      description: 'The block and parent stay (422 `cidr`/`mask`/`parent_id`); a range covering a reservation is ' +
        'a 409. Needs dhcp update on the parent.',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      body: {
        ...PoolUpdateSchema,
        examples: [{ range_start: '203.0.113.110', range_end: '203.0.113.126' }]
      },
      response: responses({ 200: PoolSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))
    const input = (request.body ?? {}) as Input

    request.perms.assert('dhcp', 'update', pool.row.parent_id)

    return inTransaction(db, () => updatePool(db, pool.row.id, input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dhcp/pools/:id', {
    schema: {
      operationId: 'delete_dhcp_pool',
      summary: 'Delete a DHCP pool and unassign its block',
      description: 'Deletes the pool and its reservations and unassigns its IPAM block (to the Holding Tank unless ' +
        '`skip_holding=true`). Needs dhcp delete on the parent.',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      querystring: PoolDeleteQuerySchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))

    request.perms.assert('dhcp', 'delete', pool.row.parent_id)

    const options = { skip_holding: request.query.skip_holding }
    inTransaction(db, () => deletePool(db, pool.row.id, options, request.instance.clock.now()))
    return reply.code(204).send()
  })
}
