import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  GroupParamsSchema, UsergroupCreateSchema, UsergroupListSchema, UsergroupQuerySchema, UsergroupSchema,
  UsergroupUpdateSchema
} from '../schemas.js'
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from '../store.js'
import { assertMayRead } from './access.js'
import { toGroup } from './shape.js'

export const tags = ['Usergroups']
export const modeled = fidelity('modeled',
  'Usergroups API exists (docs.6connect.com APIv2 overview, user-access pages); ' +
  'paths and fields are the mock\'s design')

export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/usergroups', {
    schema: {
      operationId: 'get_usergroups',
      summary: 'List usergroups',
      description: 'Bare array ordered by id. Callers without User-area read see only the groups they are in.',
      tags,
      ...modeled,
      querystring: UsergroupQuerySchema,
      response: responses({ 200: UsergroupListSchema }, [400, 401])
    }
  }, async (request) => {
    const filters = request.query

    const member = request.perms.can('user', 'read') ? undefined : request.user.id

    return listGroups(request.instance.db, { ...filters, member }).map(toGroup)
  })

  app.post('/api/v2/usergroups', {
    schema: {
      operationId: 'post_usergroups',
      summary: 'Create a usergroup',
      description: 'Needs User-area create. A name already in use is a 409. The group grants nothing until grants ' +
        'are added.',
      tags,
      ...modeled,
      body: UsergroupCreateSchema,
      response: responses({ 201: UsergroupSchema }, [400, 401, 403, 409])
    }
  }, async (request, reply) => {
    const body = request.body

    request.perms.assert('user', 'create')

    const group = createGroup(request.instance.db, body)
    request.log.debug({ groupId: group.id }, 'usergroup created')

    return reply.code(201).send(toGroup(group))
  })

  app.get('/api/v2/usergroups/:id', {
    schema: {
      operationId: 'get_usergroups_id',
      summary: 'Read one usergroup',
      description: 'Members may read their own groups; anyone else needs User-area read.',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      response: responses({ 200: UsergroupSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertMayRead(request, id)

    return toGroup(getGroup(request.instance.db, id))
  })

  app.patch('/api/v2/usergroups/:id', {
    schema: {
      operationId: 'patch_usergroups_id',
      summary: 'Update a usergroup',
      description: 'Needs User-area update. On the system groups only `external_id` may change (409 otherwise).',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      body: UsergroupUpdateSchema,
      response: responses({ 200: UsergroupSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request) => {
    const id = Number(request.params.id)
    const changes = request.body

    request.perms.assert('user', 'update')

    return toGroup(updateGroup(request.instance.db, id, changes))
  })

  app.delete('/api/v2/usergroups/:id', {
    schema: {
      operationId: 'delete_usergroups_id',
      summary: 'Delete a usergroup',
      description: 'Needs User-area delete. Memberships and grants go with it; members keep their other groups. ' +
        'The system groups cannot be deleted (409), nor a group whose deletion would leave no enabled ' +
        'administrator (409).',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)

    request.perms.assert('user', 'delete')

    deleteGroup(request.instance.db, id)
    request.log.debug({ groupId: id }, 'usergroup deleted')

    return reply.code(204).send()
  })
}
