import { Type } from 'typebox'
import { IdIntegerSchema, IdParamSchema } from '../../core/schemas.js'

const text = (description?: string): ReturnType<typeof Type.String> =>
  Type.String(description === undefined ? {} : { description })

export const UmbrellaModuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parent_id: Type.String({ description: 'resource the module hangs under; its IPAM rights decide who sees it' }),
  category_id: Type.String(),
  date: Type.String(),
  modified: Type.String(),
  ipam_backend: text('kind of external IPAM: infoblox, netbox, phpipam, ...'),
  username: Type.String(),
  token: text('masked when set'),
  url: Type.String(),
  password: text('masked when set'),
  permissions: Type.Array(Type.String(), {
    description: 'the caller\'s IPAM rights on the module: create, read, update, delete'
  }),
  acp_id: Type.String(),
  utilization_type: Type.String(),
  acp_workflow_slug: Type.Array(Type.String())
}, { description: 'An external IPAM back-end Umbrella mirrors' })

const netblockFields = [
  'id', 'name', 'description', 'parent_id', 'category_id', 'date', 'modified', 'remote_id', 'address',
  'end_address', 'all_addresses', 'cidr', 'is_assigned', 'rir', 'customer', 'supported_actions', 'module_type',
  'used_addresses', 'has_children', 'is_aggregate', 'address_human', 'end_address_human', 'mask', 'module_id',
  'utilization', 'is_syncing', 'status', 'last_sync_time', 'last_error'
] as const

const aggregateFields = [
  'aggregate_module', 'module_type_aggregate', 'used_addresses_aggregate', 'asn', 'remote_type', 'data',
  'allocated_addresses', 'module_id_aggregate'
] as const

export const UmbrellaNetblockSchema = Type.Object({
  ...Object.fromEntries(netblockFields.map((key) => [key, Type.String()])),
  permissions: Type.Array(Type.String(), { description: 'the caller\'s IPAM rights on the block\'s module' }),
  ...Object.fromEntries(aggregateFields.map((key) => [key, Type.String()]))
}, {
  description: 'A block mirrored from an external IPAM. Every field is a string (the Go client decodes them so): ' +
    'addresses in decimal, flags "1"/"0", counts and the mask as digits.'
})

export const UmbrellaLinkSchema = Type.Object({
  id: Type.String(),
  resource_id: Type.String(),
  relation: Type.String(),
  data: Type.String(),
  resource: Type.Object({
    id: Type.String(),
    parent_id: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    type: Type.String(),
    date: Type.String(),
    modified: Type.String(),
    attrs: Type.Record(Type.String(), Type.String())
  })
})

const paging = {
  offset: Type.Optional(Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: '0-based index of the first item'
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 }))
}

export const ModuleQuerySchema = Type.Object({
  id: Type.Optional(IdIntegerSchema),
  name: Type.Optional(Type.String({ maxLength: 255 })),
  ipam_backend: Type.Optional(Type.String({ maxLength: 64 })),
  ...paging
})

export const NetblockQuerySchema = Type.Object({
  id: Type.Optional(IdIntegerSchema),
  cidr: Type.Optional(Type.String({
    maxLength: 64,
    description: 'exact block; host bits are ignored',
    examples: ['10.0.0.0/8']
  })),
  module_id: Type.Optional(IdIntegerSchema),
  parent_id: Type.Optional(IdIntegerSchema),
  ...paging
})

export const LinkQuerySchema = Type.Object({
  relation: Type.Optional(Type.String({ maxLength: 64 })),
  ...paging
})

export const ModuleParamsSchema = Type.Object({ id: IdParamSchema })

export const UmbrellaFixtureSchema = Type.Object({
  modules: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1 }),
    parent_id: Type.Optional(Type.Integer({ minimum: 1 })),
    ipam_backend: Type.String({ minLength: 1 }),
    url: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    token: Type.Optional(Type.String()),
    acp_id: Type.Optional(Type.String()),
    utilization_type: Type.Optional(Type.String()),
    acp_workflow_slug: Type.Optional(Type.Array(Type.String()))
  }, { additionalProperties: false })),
  netblocks: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    module_id: Type.Integer({ minimum: 1 }),
    cidr: Type.String(),
    parent_id: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    remote_id: Type.Optional(Type.String()),
    remote_type: Type.Optional(Type.String()),
    is_aggregate: Type.Optional(Type.Boolean()),
    is_assigned: Type.Optional(Type.Boolean()),
    rir: Type.Optional(Type.String()),
    customer: Type.Optional(Type.String()),
    asn: Type.Optional(Type.String()),
    supported_actions: Type.Optional(Type.String()),
    used_addresses: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
    status: Type.Optional(Type.String()),
    is_syncing: Type.Optional(Type.Boolean()),
    last_sync_time: Type.Optional(Type.String()),
    last_error: Type.Optional(Type.String()),
    data: Type.Optional(Type.String())
  }, { additionalProperties: false })),
  links: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    module_id: Type.Integer({ minimum: 1 }),
    resource_id: Type.Integer({ minimum: 1 }),
    relation: Type.String({ minLength: 1 }),
    data: Type.Optional(Type.String())
  }, { additionalProperties: false }))
}, { additionalProperties: false })
