import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, IdIntegerSchema, NoContentSchema, responses } from '../../../core/schemas.js'
import { assertServerRight, readableIn } from '../access.js'
import { renderServerConfig } from '../render.js'
import { ConfigSchema, ItemParamsSchema, ServerInputSchema, ServerSchema } from '../schemas.js'
import {
  createServer, deleteServer, listServers, parentFor, requireServer, serverGroupFor, serverView, updateServer,
  type Input
} from '../store.js'

const tags = ['DHCP servers']
const modeled = fidelity('modeled',
  'docs.6connect.com DHCP administration: read users view servers; admin or group-level rights manage them')

/** DHCP servers: read users may view them; managing needs admin or an explicit grant on the group. */
export const serverRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dhcp/servers', {
    schema: {
      operationId: 'get_dhcp_servers',
      summary: 'List DHCP servers',
      tags,
      ...modeled,
      querystring: Type.Object({ group_id: Type.Optional(IdIntegerSchema) }),
      response: responses({ 200: { type: 'array', items: ServerSchema } }, [400, 401])
    }
  }, async (request) => listServers(request.instance.db, readableIn(request), request.query.group_id))

  app.post('/api/v2/dhcp/servers', {
    schema: {
      operationId: 'post_dhcp_server',
      summary: 'Create a DHCP server',
      description: 'Needs `group_id` and `address`. Admin or an explicit DHCP create grant on the group.',
      tags,
      ...modeled,
      body: { ...ServerInputSchema, examples: [{ name: 'dhcp2.example.net', group_id: '400', address: '192.0.2.68' }] },
      response: responses({ 200: ServerSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const input = (request.body ?? {}) as Input

    const parentId = parentFor(db, input)
    assertServerRight(request, 'create', serverGroupFor(db, input))

    return inTransaction(db, () => createServer(db, input, parentId, request.instance.clock.now()))
  })

  app.get('/api/v2/dhcp/servers/:id', {
    schema: {
      operationId: 'get_dhcp_server',
      summary: 'Read a DHCP server',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: ServerSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const server = requireServer(db, Number(request.params.id))

    request.perms.assert('dhcp', 'read', server.id)

    return serverView(db, server.id)
  })

  app.patch('/api/v2/dhcp/servers/:id', {
    schema: {
      operationId: 'patch_dhcp_server',
      summary: 'Change a DHCP server or attach it to another group',
      description: 'Moving a server needs the right on both groups.',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      body: { ...ServerInputSchema, examples: [{ status: 'maintenance' }] },
      response: responses({ 200: ServerSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const server = requireServer(db, Number(request.params.id))
    const input = (request.body ?? {}) as Input

    assertServerRight(request, 'update', serverGroupFor(db, {}, server.id))
    assertServerRight(request, 'update', serverGroupFor(db, input, server.id))

    return inTransaction(db, () => updateServer(db, server.id, input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dhcp/servers/:id', {
    schema: {
      operationId: 'delete_dhcp_server',
      summary: 'Delete a DHCP server',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const server = requireServer(db, Number(request.params.id))

    assertServerRight(request, 'delete', serverGroupFor(db, {}, server.id))

    inTransaction(db, () => deleteServer(db, server.id))
    return reply.code(204).send()
  })

  app.get('/api/v2/dhcp/servers/:id/config', {
    schema: {
      operationId: 'get_dhcp_server_config',
      summary: 'The dhcpd.conf a push would deploy to the server',
      description: 'ISC dhcpd.conf text for the server\'s group: global options, then one subnet per pool in ' +
        'address order with its host reservations. Not a ProVision call.',
      tags,
      ...fidelity('modeled', 'provision-mock: the artefact a push would deliver to the DHCP server'),
      params: ItemParamsSchema,
      response: responses({ 200: ConfigSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const server = requireServer(db, Number(request.params.id))

    request.perms.assert('dhcp', 'read', server.id)

    return reply.type('text/plain; charset=utf-8').send(renderServerConfig(db, server.id))
  })
}
