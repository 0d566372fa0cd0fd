import { Type } from 'typebox'
import { IdInputSchema, IdIntegerSchema, IdParamSchema } from '../../core/schemas.js'

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  email: Type.String(),
  enabled: Type.Boolean(),
  groups: Type.Array(Type.String(), { description: 'ids of the usergroups the user belongs to' }),
  date: Type.String(),
  modified: Type.String()
}, { description: 'A ProVision login. The password is never returned.' })

export const UserListSchema = Type.Array(UserSchema)

export const UserParamsSchema = Type.Object({ id: IdParamSchema })

export const UserQuerySchema = Type.Object({
  id: Type.Optional(IdIntegerSchema),
  username: Type.Optional(Type.String({ maxLength: 255 })),
  q: Type.Optional(Type.String({ maxLength: 255, description: 'substring of username, name or email' })),
  enabled: Type.Optional(Type.Boolean()),
  offset: Type.Optional(Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: '0-based index of the first user'
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 }))
})

// HTTP Basic cannot carry a colon in the user name (RFC 7617), so such a user could never sign in.
const username = Type.String({
  minLength: 1, maxLength: 255, pattern: '^[^\\s:]+$', description: 'no spaces and no colon (HTTP Basic splits on it)'
})
const password = Type.String({ minLength: 1, maxLength: 256, description: 'write only' })

export const UserCreateSchema = Type.Object({
  username,
  password,
  name: Type.Optional(Type.String({ maxLength: 255 })),
  email: Type.Optional(Type.String({ maxLength: 255 })),
  enabled: Type.Optional(Type.Boolean()),
  groups: Type.Optional(Type.Array(IdInputSchema, { maxItems: 100, description: 'usergroup ids to join' }))
}, {
  additionalProperties: false,
  examples: [{ username: 'jane@example.com', password: 'changeme', name: 'Jane Doe', groups: ['2'] }]
})

export const UserUpdateSchema = Type.Object({
  username: Type.Optional(username),
  password: Type.Optional(password),
  name: Type.Optional(Type.String({ maxLength: 255 })),
  email: Type.Optional(Type.String({ maxLength: 255 })),
  enabled: Type.Optional(Type.Boolean())
}, {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ name: 'Read Only (audit)' }]
})

export const GroupSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  external_id: Type.String(),
  is_system: Type.Boolean()
})

const RightsSchema = Type.Object({
  create: Type.Boolean(),
  read: Type.Boolean(),
  update: Type.Boolean(),
  delete: Type.Boolean()
})

export const EffectivePermissionsSchema = Type.Object({
  user_id: Type.String(),
  resource_id: Type.String(),
  admin: Type.Boolean({ description: 'global administrator: every right everywhere' }),
  swip: Type.Boolean(),
  ipam: RightsSchema,
  dns: RightsSchema,
  dhcp: RightsSchema,
  resource: RightsSchema,
  user: RightsSchema
}, { description: "The user's rights on one resource, after inheritance, as the next request would see them" })

export const PermissionsQuerySchema = Type.Object({
  resource_id: Type.Optional(Type.Integer({
    ...IdIntegerSchema,
    minimum: 1,
    description: 'resource to evaluate on (default: the TLR, 1)'
  }))
})
