import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import { readableIn } from '../access.js'
import { GroupInputSchema, GroupSchema, ItemParamsSchema } from '../schemas.js'
import {
  createGroup, deleteGroup, groupView, listGroups, parentFor, requireGroup, updateGroup, type Input
} from '../store.js'

const tags = ['DHCP groups']
const modeled = fidelity('modeled', 'docs.6connect.com DHCP: pools belong to groups; servers attach to groups')

/** DHCP groups: the dhcp right on the resource a group hangs under. */
export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dhcp/groups', {
    schema: {
      operationId: 'get_dhcp_groups',
      summary: 'List DHCP groups',
      tags,
      ...modeled,
      response: responses({ 200: { type: 'array', items: GroupSchema } }, [400, 401])
    }
  }, async (request) => listGroups(request.instance.db, readableIn(request)))

  app.post('/api/v2/dhcp/groups', {
    schema: {
      operationId: 'post_dhcp_group',
      summary: 'Create a DHCP group',
      description: 'Needs dhcp create on `parent_id` (default: the TLR).',
      tags,
      ...modeled,
      body: {
        ...GroupInputSchema,
        examples: [{
          name: 'Branch offices',
          domain_name: 'branch.example.com',
          dns_servers: ['192.0.2.53'],
          lease_time: '43200'
        }]
      },
      response: responses({ 200: GroupSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const input = (request.body ?? {}) as Input

    const parentId = parentFor(db, input)
    request.perms.assert('dhcp', 'create', parentId)

    return inTransaction(db, () => createGroup(db, input, parentId, request.instance.clock.now()))
  })

  app.get('/api/v2/dhcp/groups/:id', {
    schema: {
      operationId: 'get_dhcp_group',
      summary: 'Read a DHCP group',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: GroupSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const group = requireGroup(db, Number(request.params.id))

    request.perms.assert('dhcp', 'read', group.id)

    return groupView(db, group.id)
  })

  app.patch('/api/v2/dhcp/groups/:id', {
    schema: {
      operationId: 'patch_dhcp_group',
      summary: 'Change a DHCP group',
      description: 'Needs dhcp update on the group\'s parent (and create on a new parent).',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      body: { ...GroupInputSchema, examples: [{ lease_time: '7200' }] },
      response: responses({ 200: GroupSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const group = requireGroup(db, Number(request.params.id))
    const input = (request.body ?? {}) as Input

    request.perms.assert('dhcp', 'update', group.parent_id)
    if (input.parent_id !== undefined && input.parent_id !== null) {
      request.perms.assert('dhcp', 'create', parentFor(db, input))
    }

    return inTransaction(db, () => updateGroup(db, group.id, input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dhcp/groups/:id', {
    schema: {
      operationId: 'delete_dhcp_group',
      summary: 'Delete a DHCP group',
      description: 'A group that still has servers or pools is a 409.',
      tags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const group = requireGroup(db, Number(request.params.id))

    request.perms.assert('dhcp', 'delete', group.parent_id)

    inTransaction(db, () => deleteGroup(db, group.id))
    return reply.code(204).send()
  })
}
