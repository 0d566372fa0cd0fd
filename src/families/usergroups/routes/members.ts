import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { NoContentSchema, responses } from '../../../core/schemas.js'
import { GroupParamsSchema, MemberAddSchema, MemberParamsSchema, MemberSchema } from '../schemas.js'
import { addMember, getGroup, listMembers, removeMember } from '../store.js'
import { assertMayManageMembers, assertMayRead } from './access.js'
import { modeled, tags } from './groups.js'
import { requireId } from './input.js'
import { toMember } from './shape.js'

export const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/usergroups/:id/users', {
    schema: {
      operationId: 'get_usergroups_id_users',
      summary: 'List the members of a usergroup',
      description: 'Members may list their own groups; anyone else needs User-area read.',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      response: responses({ 200: Type.Array(MemberSchema) }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertMayRead(request, id)

    getGroup(request.instance.db, id)
    return listMembers(request.instance.db, id).map(toMember)
  })

  app.post('/api/v2/usergroups/:id/users', {
    schema: {
      operationId: 'post_usergroups_id_users',
      summary: 'Add a user to a usergroup',
      description: 'Needs User-area update; admin for a group that holds an admin grant or for your own membership. ' +
        'An unknown user is a 422, an existing member a 409. The user\'s next request has the group\'s rights.',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      body: MemberAddSchema,
      response: responses({ 201: MemberSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)
    const userId = requireId(request.body.user_id, 'user_id')

    assertMayManageMembers(request, id, userId)

    const member = addMember(request.instance.db, id, userId)
    return reply.code(201).send(toMember(member))
  })

  app.delete('/api/v2/usergroups/:id/users/:user_id', {
    schema: {
      operationId: 'delete_usergroups_id_users_user_id',
      summary: 'Remove a user from a usergroup',
      description: 'Same rights as adding. 404 when the user is not a member; 409 when removing them would leave ' +
        'no enabled administrator (give another user admin rights first).',
      tags,
      ...modeled,
      params: MemberParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)
    const userId = Number(request.params.user_id)

    assertMayManageMembers(request, id, userId)

    removeMember(request.instance.db, id, userId)
    return reply.code(204).send()
  })
}
