import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { NoContentSchema, responses } from '../../../core/schemas.js'
import {
  GrantCreateSchema, GrantParamsSchema, GrantSchema, GrantUpdateSchema, GroupParamsSchema
} from '../schemas.js'
import { createGrant, deleteGrant, getGrant, getGroup, listGrants, updateGrant } from '../store.js'
import { assertMayManageGrants, assertMayRead } from './access.js'
import { modeled, tags } from './groups.js'
import { requireId } from './input.js'
import { toGrant } from './shape.js'

export const grantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/usergroups/:id/grants', {
    schema: {
      operationId: 'get_usergroups_id_grants',
      summary: 'List the grants of a usergroup',
      description: 'One entry per area and resource. Members may list their own groups; anyone else needs ' +
        'User-area read.',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      response: responses({ 200: Type.Array(GrantSchema) }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertMayRead(request, id)

    getGroup(request.instance.db, id)
    return listGrants(request.instance.db, id).map(toGrant)
  })

  app.post('/api/v2/usergroups/:id/grants', {
    schema: {
      operationId: 'post_usergroups_id_grants',
      summary: 'Grant rights to a usergroup',
      description: 'Rights in one area on a resource and everything below it (resource 1, the TLR, is global); a ' +
        'grant lower in the tree overrides it for that subtree. `admin` and `swip` are flags. Needs User-area ' +
        'update (admin for `admin`). A missing resource is a 422, a second grant for the same area and resource ' +
        'a 409. Members\' next requests see the change.',
      tags,
      ...modeled,
      params: GroupParamsSchema,
      body: GrantCreateSchema,
      response: responses({ 201: GrantSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)
    const body = request.body

    assertMayManageGrants(request, id, body.area)

    const grant = createGrant(request.instance.db, id, {
      ...body,
      resource_id: requireId(body.resource_id, 'resource_id')
    })
    request.log.debug({ groupId: id, grantId: grant.id }, 'grant created')

    return reply.code(201).send(toGrant(grant))
  })

  app.get('/api/v2/usergroups/:id/grants/:grant_id', {
    schema: {
      operationId: 'get_usergroups_id_grants_grant_id',
      summary: 'Read one grant',
      tags,
      ...modeled,
      params: GrantParamsSchema,
      response: responses({ 200: GrantSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertMayRead(request, id)

    return toGrant(getGrant(request.instance.db, id, Number(request.params.grant_id)))
  })

  app.patch('/api/v2/usergroups/:id/grants/:grant_id', {
    schema: {
      operationId: 'patch_usergroups_id_grants_grant_id',
      summary: 'Change the rights of a grant',
      description: 'Only the create/read/update/delete bits change; flags (`admin`, `swip`) are revoked instead ' +
        '(422). A change that would leave no enabled administrator is refused (409).',
      tags,
      ...modeled,
      params: GrantParamsSchema,
      body: GrantUpdateSchema,
      response: responses({ 200: GrantSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertMayManageGrants(request, id)

    return toGrant(updateGrant(request.instance.db, id, Number(request.params.grant_id), request.body))
  })

  app.delete('/api/v2/usergroups/:id/grants/:grant_id', {
    schema: {
      operationId: 'delete_usergroups_id_grants_grant_id',
      summary: 'Revoke a grant',
      description: 'Needs User-area update (admin for an admin grant). Grants of the system groups cannot change, ' +
        'and revoking the last admin grant held by an enabled user would leave no administrator (both 409).',
      tags,
      ...modeled,
      params: GrantParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)

    assertMayManageGrants(request, id)

    deleteGrant(request.instance.db, id, Number(request.params.grant_id))
    return reply.code(204).send()
  })
}
