import { Type } from 'typebox'
import { IdInputSchema, IdIntegerSchema, IdParamSchema } from '../../core/schemas.js'

export const UsergroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  external_id: Type.String({ description: 'SAML group mapping' }),
  is_system: Type.Boolean({
    description: 'Global Admins and Global Read Only: not deletable, only external_id editable'
  })
})

export const UsergroupListSchema = Type.Array(UsergroupSchema)

export const GroupParamsSchema = Type.Object({ id: IdParamSchema })
export const MemberParamsSchema = Type.Object({ id: IdParamSchema, user_id: IdParamSchema })
export const GrantParamsSchema = Type.Object({ id: IdParamSchema, grant_id: IdParamSchema })

export const UsergroupQuerySchema = Type.Object({
  id: Type.Optional(IdIntegerSchema),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 }))
})

const name = Type.String({ minLength: 1, maxLength: 128 })
const description = Type.String({ maxLength: 1000 })
const externalId = Type.String({ maxLength: 255 })

export const UsergroupCreateSchema = Type.Object({
  name,
  description: Type.Optional(description),
  external_id: Type.Optional(externalId)
}, {
  additionalProperties: false,
  examples: [{ name: 'Globex NOC', description: 'Operators of the Globex subtree' }]
})

export const UsergroupUpdateSchema = Type.Object({
  name: Type.Optional(name),
  description: Type.Optional(description),
  external_id: Type.Optional(externalId)
}, {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ external_id: 'cn=provision-readers,ou=groups,dc=example,dc=com' }]
})

export const MemberSchema = Type.Object({
  group_id: Type.String(),
  user_id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean()
})

export const MemberAddSchema = Type.Object({
  user_id: IdInputSchema
}, { additionalProperties: false, examples: [{ user_id: '3' }] })

export const AreaSchema = Type.Union([
  Type.Literal('ipam'), Type.Literal('dns'), Type.Literal('dhcp'), Type.Literal('resource'), Type.Literal('user'),
  Type.Literal('admin'), Type.Literal('swip')
], { description: 'functional area; admin and swip are flags (holding the grant is the right)' })

export const GrantSchema = Type.Object({
  id: Type.String(),
  group_id: Type.String(),
  resource_id: Type.String({ description: 'the resource the grant applies to and below; 1 is the TLR (global)' }),
  area: Type.String(),
  create: Type.Boolean(),
  read: Type.Boolean(),
  update: Type.Boolean(),
  delete: Type.Boolean()
})

export const GrantCreateSchema = Type.Object({
  resource_id: IdInputSchema,
  area: AreaSchema,
  create: Type.Optional(Type.Boolean()),
  read: Type.Optional(Type.Boolean()),
  update: Type.Optional(Type.Boolean()),
  delete: Type.Optional(Type.Boolean())
}, {
  additionalProperties: false,
  examples: [{ resource_id: '3', area: 'ipam', create: true, read: true, update: true, delete: false }]
})

export const GrantUpdateSchema = Type.Object({
  create: Type.Optional(Type.Boolean()),
  read: Type.Optional(Type.Boolean()),
  update: Type.Optional(Type.Boolean()),
  delete: Type.Optional(Type.Boolean())
}, { additionalProperties: false, minProperties: 1, examples: [{ delete: true }] })
