import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, IdIntegerSchema, NoContentSchema, responses } from '../../../core/schemas.js'
import { assertServerRight, readableIn } from '../access.js'
import {
  createServer, deleteServer, infraParentFor, listServers, requireServer, serverGroupFor, serverView, updateServer
} from '../infra-store.js'
import { ItemParamsSchema, ServerInputSchema, ServerSchema } from '../schemas.js'
import type { Input } from '../store.js'

const tags = ['DNS servers']
const modeled = fidelity('modeled',
  'docs.6connect.com DNS administration: servers attach to groups; admin or explicit rights')

const serverExample = {
  name: 'ns3.example.net', group_id: '301', address: '192.0.2.55', server_type: 'slave', transfer_type: 'powerdns'
}

/** DNS servers: managing them needs admin or an explicit DNS grant on the group they attach to. */
export const serverRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dns/servers', {
    schema: {
      operationId: 'get_dns_servers',
      summary: 'List DNS servers',
      tags,
      ...modeled,
      querystring: Type.Object({ group_id: Type.Optional(IdIntegerSchema) }),
      response: responses({ 200: { type: 'array', items: ServerSchema } }, [400, 401])
    }
  }, async (request) => listServers(request.instance.db, readableIn(request), request.query.group_id))

  app.post('/api/v2/dns/servers', {
    schema: {
      operationId: 'post_dns_server',
      summary: 'Create a DNS server',
      description: 'Needs `group_id` and `address`; hostname defaults to the name. Admin or an explicit DNS create ' +
        'grant on the group.',
      tags,
      ...modeled,
      body: { ...ServerInputSchema, examples: [serverExample] },
      response: responses({ 200: ServerSchema }, [400, 401, 403, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const input = (request.body ?? {}) as Input

    const parentId = infraParentFor(db, input)
    assertServerRight(request, 'create', serverGroupFor(db, input))

    return inTransaction(db, () => createServer(db, input, parentId, request.instance.clock.now()))
  })

  app.get('/api/v2/dns/servers/:id', {
    schema: {
      operationId: 'get_dns_server',
      summary: 'Read a DNS server',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: ServerSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const server = requireServer(db, Number(request.params.id))

    request.perms.assert('dns', 'read', server.id)

    return serverView(db, server.id)
  })

  app.patch('/api/v2/dns/servers/:id', {
    schema: {
      operationId: 'patch_dns_server',
      summary: 'Change a DNS server or attach it to another group',
      description: 'Moving a server needs the right on both groups.',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      body: { ...ServerInputSchema, examples: [{ transfer_type: 'powerdns' }] },
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

  app.delete('/api/v2/dns/servers/:id', {
    schema: {
      operationId: 'delete_dns_server',
      summary: 'Delete a DNS server',
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
}
