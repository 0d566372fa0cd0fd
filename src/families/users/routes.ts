import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import {
  areas, isAdminGroup, listGroupIdsOfUser, listGroupsOfUser, type GroupRow, type UserRow
} from '../../core/identity-store.js'
import { Permissions } from '../../core/permissions.js'
import { resourceExists, TLR_ID } from '../../core/resource-tree.js'
import { readId } from '../../core/ids.js'
import { fidelity, NoContentSchema, responses } from '../../core/schemas.js'
import {
  EffectivePermissionsSchema, GroupSummarySchema, PermissionsQuerySchema, UserCreateSchema, UserListSchema,
  UserParamsSchema, UserQuerySchema, UserSchema, UserUpdateSchema
} from './schemas.js'
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserChanges } from './store.js'

const tags = ['Users']
const modeled = fidelity('modeled',
  'Users API exists (docs.6connect.com APIv2 overview); paths and fields are the mock\'s design')

/** Fields a user may change on their own account without User-area rights. */
const selfServiceFields = new Set(['name', 'email', 'password'])

function toUser (db: Db, user: UserRow): Record<string, unknown> {
  return {
    id: String(user.id),
    username: user.username,
    name: user.name,
    email: user.email,
    enabled: user.enabled === 1,
    groups: listGroupIdsOfUser(db, user.id).map(String),
    date: user.date,
    modified: user.modified
  }
}

function toGroupSummary (group: GroupRow): Record<string, unknown> {
  return {
    id: String(group.id),
    name: group.name,
    description: group.description,
    external_id: group.external_id,
    is_system: group.is_system === 1
  }
}

/**
 * Changing another user needs the User area; changing an administrator needs admin too, or a
 * User-area manager could take over an admin account by resetting its password.
 */
function assertMayChange (request: FastifyRequest, userId: number, operation: 'update' | 'delete'): void {
  request.perms.assert('user', operation)
  if (!request.perms.isAdmin && new Permissions(request.instance.db, userId).isAdmin) {
    throw new MockError('PERMISSION_DENIED', 'Permission Denied: only an administrator may change an administrator')
  }
}

/** Reading or updating yourself needs nothing; anyone else needs the User area. */
function assertSelfOr (request: FastifyRequest, userId: number, operation: 'read' | 'update'): void {
  if (userId !== request.user.id) request.perms.assert('user', operation)
}

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/users', {
    schema: {
      operationId: 'get_users',
      summary: 'List users',
      description: 'Bare array ordered by id. Callers without User-area read see only themselves.',
      tags,
      ...modeled,
      querystring: UserQuerySchema,
      response: responses({ 200: UserListSchema }, [400, 401])
    }
  }, async (request) => {
    const filters = request.query

    const seeAll = request.perms.can('user', 'read')

    const db = request.instance.db
    const self = request.user.id
    if (!seeAll && filters.id !== undefined && filters.id !== self) return []
    return listUsers(db, seeAll ? filters : { ...filters, id: self }).map((user) => toUser(db, user))
  })

  app.post('/api/v2/users', {
    schema: {
      operationId: 'post_users',
      summary: 'Create a user',
      description: 'Needs User-area create; joining a group that holds an admin grant needs admin. A duplicate ' +
        'username is a 409, an unknown group a 422.',
      tags,
      ...modeled,
      body: UserCreateSchema,
      response: responses({ 201: UserSchema }, [400, 401, 403, 409, 422])
    }
  }, async (request, reply) => {
    const body = request.body
    const db = request.instance.db
    const groups = (body.groups ?? []).map((value, index) => {
      const groupId = readId(value, `groups.${index}`)
      if (groupId === undefined) throw new MockError('BAD_REQUEST', 'groups must hold usergroup ids (digits)', 'groups')
      return groupId
    })

    request.perms.assert('user', 'create')
    if (groups.some((groupId) => isAdminGroup(db, groupId))) request.perms.assertAdmin()

    const user = createUser(db, { ...body, groups }, request.instance.clock.now())
    request.log.debug({ userId: user.id }, 'user created')

    return reply.code(201).send(toUser(db, user))
  })

  app.get('/api/v2/users/:id', {
    schema: {
      operationId: 'get_users_id',
      summary: 'Read one user',
      description: 'Yourself always; anyone else needs User-area read.',
      tags,
      ...modeled,
      params: UserParamsSchema,
      response: responses({ 200: UserSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertSelfOr(request, id, 'read')

    return toUser(request.instance.db, getUser(request.instance.db, id))
  })

  app.patch('/api/v2/users/:id', {
    schema: {
      operationId: 'patch_users_id',
      summary: 'Update a user (password, name, e-mail, username, enabled)',
      description: 'A user may change their own name, e-mail and password; anything else, or anyone else, needs ' +
        'User-area update (and admin when the target is an administrator). A new password or `enabled: false` ' +
        'takes effect on the very next request. Disabling yourself, or the last enabled administrator, is a 409.',
      tags,
      ...modeled,
      params: UserParamsSchema,
      body: UserUpdateSchema,
      response: responses({ 200: UserSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request) => {
    const id = Number(request.params.id)
    const changes = request.body as UserChanges

    const selfService = id === request.user.id && Object.keys(changes).every((key) => selfServiceFields.has(key))
    if (!selfService) assertMayChange(request, id, 'update')
    if (id === request.user.id && changes.enabled === false) {
      throw new MockError('CONFLICT', 'you cannot disable your own account', 'enabled')
    }

    const user = updateUser(request.instance.db, id, changes, request.instance.clock.now())
    return toUser(request.instance.db, user)
  })

  app.delete('/api/v2/users/:id', {
    schema: {
      operationId: 'delete_users_id',
      summary: 'Delete a user',
      description: 'Needs User-area delete. Refused (409) for your own account, and while another part of the ' +
        'instance still depends on the user (the message says what to do first), including when they are the last ' +
        'enabled administrator.',
      tags,
      ...modeled,
      params: UserParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)

    assertMayChange(request, id, 'delete')
    if (id === request.user.id) throw new MockError('CONFLICT', 'you cannot delete your own account')

    deleteUser(request.instance.db, id)
    request.log.debug({ userId: id }, 'user deleted')

    return reply.code(204).send()
  })

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.put(`/api/v2/users/:id/${action}`, {
      schema: {
        operationId: `put_users_id_${action}`,
        summary: enabled ? 'Enable a user' : 'Disable a user (their next request is a 401)',
        description: enabled
          ? 'Needs User-area update. Bodiless; answers the user.'
          : 'Needs User-area update. Bodiless; answers the user. Disabling yourself, or the last enabled ' +
            'administrator, is a 409.',
        tags,
        ...modeled,
        params: UserParamsSchema,
        response: responses({ 200: UserSchema }, [400, 401, 403, 404, 409])
      }
    }, async (request) => {
      const id = Number(request.params.id)

      assertMayChange(request, id, 'update')
      if (!enabled && id === request.user.id) throw new MockError('CONFLICT', 'you cannot disable your own account')

      const user = updateUser(request.instance.db, id, { enabled }, request.instance.clock.now())
      return toUser(request.instance.db, user)
    })
  }

  app.get('/api/v2/users/:id/groups', {
    schema: {
      operationId: 'get_users_id_groups',
      summary: "List a user's groups",
      description: 'Yourself always; anyone else needs User-area read. Membership is changed through ' +
        '/api/v2/usergroups/{id}/users.',
      tags,
      ...modeled,
      params: UserParamsSchema,
      response: responses({ 200: Type.Array(GroupSummarySchema) }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    assertSelfOr(request, id, 'read')

    getUser(request.instance.db, id)
    return listGroupsOfUser(request.instance.db, id).map(toGroupSummary)
  })

  app.get('/api/v2/users/:id/permissions', {
    schema: {
      operationId: 'get_users_id_permissions',
      summary: "A user's effective permissions on one resource",
      description: 'The union over the user\'s groups of the nearest grant per area at or above the resource, ' +
        'as the user\'s next request would be checked. Yourself always; anyone else needs User-area read.',
      tags,
      ...modeled,
      params: UserParamsSchema,
      querystring: PermissionsQuerySchema,
      response: responses({ 200: EffectivePermissionsSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)
    const resourceId = request.query.resource_id ?? TLR_ID

    assertSelfOr(request, id, 'read')

    const db = request.instance.db
    getUser(db, id)
    if (!resourceExists(db, resourceId)) {
      throw new MockError('NOT_FOUND', `resource ${resourceId} not found`,
        'resource_id')
    }
    const perms = new Permissions(db, id)
    return {
      user_id: String(id),
      resource_id: String(resourceId),
      admin: perms.isAdmin,
      swip: perms.canSwip(resourceId),
      ...Object.fromEntries(areas.map((area) => [area, perms.rights(area, resourceId)]))
    }
  })
}
