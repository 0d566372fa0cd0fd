import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  createReservation, deleteReservation, getPool, requireReservation, reservationsOf, updateReservation
} from '../pool-store.js'
import { ItemParamsSchema, ReservationInputSchema, ReservationParamsSchema, ReservationSchema } from '../schemas.js'
import type { Input } from '../store.js'

const tags = ['DHCP reservations']
const modeled = fidelity('modeled', 'docs.6connect.com DHCP pools: host reservations bind a MAC to an address')

/** Host reservations of a pool: the dhcp right on the pool (inherited from its parent). */
export const reservationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dhcp/pools/:id/reservations', {
    schema: {
      operationId: 'get_dhcp_reservations',
      summary: 'List a pool\'s host reservations',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: { type: 'array', items: ReservationSchema } }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))

    request.perms.assert('dhcp', 'read', pool.row.id)

    return reservationsOf(db, pool.row.id)
  })

  app.post('/api/v2/dhcp/pools/:id/reservations', {
    schema: {
      operationId: 'post_dhcp_reservation',
      summary: 'Reserve an address of the pool for a MAC address',
      description: 'The MAC is stored lowercase with colons and may be reserved only once (409 `mac`); the ' +
        'address lies inside the pool\'s block (422 `address`), outside its range and is not the router or ' +
        'another reservation\'s (409 `address`).',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      body: {
        ...ReservationInputSchema,
        examples: [{ name: 'acme-camera', mac: 'AA-BB-CC-00-11-22', address: '203.0.113.20', hostname: 'camera1' }]
      },
      response: responses({ 200: ReservationSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))
    const input = (request.body ?? {}) as Input

    request.perms.assert('dhcp', 'create', pool.row.id)

    return inTransaction(db, () => createReservation(db, pool.row.id, input, request.instance.clock.now()))
  })

  app.get('/api/v2/dhcp/pools/:id/reservations/:rid', {
    schema: {
      operationId: 'get_dhcp_reservation',
      summary: 'Read a host reservation',
      tags,
      ...modeled,
      params: ReservationParamsSchema,
      response: responses({ 200: ReservationSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))

    request.perms.assert('dhcp', 'read', pool.row.id)

    return requireReservation(db, pool.row.id, Number(request.params.rid))
  })

  app.patch('/api/v2/dhcp/pools/:id/reservations/:rid', {
    schema: {
      operationId: 'patch_dhcp_reservation',
      summary: 'Change a host reservation',
      tags,
      ...modeled,
      params: ReservationParamsSchema,
      body: { ...ReservationInputSchema, examples: [{ hostname: 'printer2' }] },
      response: responses({ 200: ReservationSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))
    const input = (request.body ?? {}) as Input

    request.perms.assert('dhcp', 'update', pool.row.id)

    const rid = Number(request.params.rid)
    return inTransaction(db, () => updateReservation(db, pool.row.id, rid, input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dhcp/pools/:id/reservations/:rid', {
    schema: {
      operationId: 'delete_dhcp_reservation',
      summary: 'Delete a host reservation',
      tags,
      ...modeled,
      params: ReservationParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const pool = getPool(db, Number(request.params.id))

    request.perms.assert('dhcp', 'delete', pool.row.id)

    inTransaction(db, () => deleteReservation(db, pool.row.id, Number(request.params.rid)))
    return reply.code(204).send()
  })
}
