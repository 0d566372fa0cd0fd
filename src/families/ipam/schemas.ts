import { Type, type TSchema } from 'typebox'
import { IdInputSchema, IdParamSchema } from '../../core/schemas.js'

const Id = Type.Union([Type.Integer(), Type.Null()])
const metaNames = ['meta1', 'meta2', 'meta3', 'meta4', 'meta5', 'meta6', 'meta7', 'meta8', 'meta9', 'meta10']

function metaOutput (): Record<string, TSchema> {
  return Object.fromEntries(metaNames.map((name) => [name, Type.String({ description: 'user metadata column' })]))
}

function metaInput (): Record<string, TSchema> {
  return Object.fromEntries(metaNames.map((name) => [name, Type.Optional(Type.String())]))
}

/** The netblock object. Types are what the official Go client decodes (reference §4.2, §6.1). */
export const NetblockSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'ipv4 or ipv6' }),
  top_aggregate: Type.Union([Type.Integer(), Type.Null()], { description: 'root of the tree; null on the root' }),
  cidr: Type.String(),
  address: Type.String({ description: 'first address as a decimal integer' }),
  end_address: Type.String({ description: 'last address as a decimal integer' }),
  is_aggregate: Type.Boolean({ description: 'true for a whole block (no children), false for a split parent' }),
  assigned: Type.Boolean(),
  sparse_allocation_id: Id,
  is_important: Type.Boolean(),
  swipped: Type.Boolean(),
  last_update_time: Type.String(),
  lir_id: Id,
  mask: Type.Integer({ description: 'prefix length, a JSON number' }),
  netmask: Type.String(),
  asn: Id,
  allow_sub_assignments: Type.Boolean(),
  child1: Id,
  child2: Id,
  resource_id: Id,
  resource_name: Type.String({ description: 'Available, Holding Tank, or the resource name' }),
  description: Type.String(),
  notes: Type.String(),
  generic_code: Type.String(),
  parent: Id,
  rir: Type.String(),
  assign_time: Type.String(),
  swip_time: Type.String(),
  reserved_time: Type.String(),
  net_handle: Type.String(),
  customer_handle: Type.String(),
  vlan_id: Id,
  org_id: Id,
  region_id: Id,
  rule_id: Id,
  reserved_by: Id,
  region: Type.String({ description: 'region name' }),
  region_name: Type.String(),
  permissions: Type.Array(Type.String(), { description: "the caller's rights on the block" }),
  dhcp_resource_id: Id,
  cmnetblock_resource_id: Id,
  umbrella_resource_id: Id,
  ...metaOutput(),
  nat: Type.String(),
  host_count: Type.String({ description: 'number of addresses, decimal' }),
  range: Type.Array(Type.String(), { description: '[first address, last address]' }),
  tags: Type.Array(Type.String()),
  utilization_status: Type.String({ description: 'free, used or partial' }),
  allow_duplicate: Type.String({ description: '"true" or "false"' }),
  status: Type.String({ description: 'mock extension: available, assigned, holding or split' }),
  sparse_scheme: Type.String({ description: 'mock extension: IPv6 scheme of an aggregate (empty: the setting)' }),
  holding_release_time: Type.String({ description: 'mock extension: when a held block returns to Available' })
}, { description: 'Netblock' })

export const NetblockListSchema = Type.Array(NetblockSchema)

const OptionalId = Type.Optional(Type.Union([IdInputSchema, Type.Null()]))
const Flag = Type.Union([Type.Boolean(), Type.String({ pattern: '^(true|false|1|0|)$' })])
const TagsInput = Type.Union([Type.String(), Type.Array(Type.String())])

const netblockFields = {
  rir: Type.Optional(Type.String()),
  tags: Type.Optional(TagsInput),
  allow_duplicate: Type.Optional(Flag),
  allow_sub_assignments: Type.Optional(Flag),
  is_important: Type.Optional(Flag),
  resource_id: OptionalId,
  region_id: OptionalId,
  vlan_id: OptionalId,
  lir_id: OptionalId,
  rule_id: OptionalId,
  asn: OptionalId,
  org_id: OptionalId,
  description: Type.Optional(Type.String()),
  notes: Type.Optional(Type.String()),
  generic_code: Type.Optional(Type.String()),
  net_handle: Type.Optional(Type.String()),
  customer_handle: Type.Optional(Type.String()),
  nat: Type.Optional(Type.String()),
  sparse_scheme: Type.Optional(Type.String({ description: 'leftmost, center or rightmost (IPv6 aggregates)' })),
  ...metaInput()
}

export const NetblockCreateSchema = Type.Object({
  id: Type.Optional(Type.Union([Type.String({ maxLength: 0 }), Type.Null()])),
  cidr: Type.String({ description: 'the aggregate to add' }),
  ...netblockFields
}, {
  examples: [{ cidr: '100.64.0.0/16', rir: '1918', tags: ['lab'], region_id: 1 }]
})

export const NetblockPatchSchema = Type.Object({
  id: Type.Optional(Type.Union([IdInputSchema, Type.Null()])),
  ...netblockFields
}, { examples: [{ description: 'core routers', meta1: 'rack 12', tags: ['production'] }] })

const AssignFields = {
  resource_id: IdInputSchema,
  rir: Type.Optional(Type.String()),
  tags: Type.Optional(TagsInput),
  top_aggregate: OptionalId,
  vlan: OptionalId,
  region_id: OptionalId,
  ...metaInput()
}

export const SmartAssignSchema = Type.Object({
  ...AssignFields,
  type: Type.String({ description: 'ipv4 or ipv6' }),
  mask: Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]{1,3}$' })]),
  tags_mode: Type.Optional(Type.String({ description: 'default (at least these tags), strict (exactly), exclude' })),
  assigned_resource_id: OptionalId
}, {
  examples: [
    { resource_id: '4', type: 'ipv4', rir: 'ARIN', mask: 28 },
    { resource_id: 3, type: 'ipv6', rir: 'RIPE', mask: 64, tags: 'production' }
  ]
})

export const DirectAssignSchema = Type.Object(AssignFields, {
  examples: [{ resource_id: '4', tags: 'production' }]
})

export const UnassignSchema = Type.Object({
  skip_holding: Type.Optional(Flag)
}, { examples: [{ skip_holding: true }] })

export const FirstAvailableSchema = Type.Object({
  cidr: Type.String(),
  address: Type.String(),
  netblock_id: Type.String(),
  netblock_cidr: Type.String()
}, { description: 'first free address; every value is a string' })

export const HoldingProcessSchema = Type.Object({
  all: Type.Optional(Flag)
}, { examples: [{}] })

export const HoldingResultSchema = Type.Object({
  released: Type.Array(Type.String(), { description: 'CIDRs returned to Available' }),
  count: Type.Integer()
})

export const UnassignAllSchema = Type.Object({
  resource_ids: Type.Array(IdInputSchema),
  skip_holding: Type.Optional(Flag)
}, { examples: [{ resource_ids: ['6'] }] })

export const UnassignAllResultSchema = Type.Object({
  message: Type.String(),
  unassigned: Type.Array(Type.String(), { description: 'ids of the blocks unassigned' })
})

export const SwipSchema = Type.Object({
  net_handle: Type.Optional(Type.String()),
  customer_handle: Type.Optional(Type.String()),
  action: Type.Optional(Type.String({ description: 'reassign (default), reallocate or remove' }))
}, { examples: [{ net_handle: 'NET-192-0-2-0-1', customer_handle: 'C01234567' }] })

export const PidSchema = Type.Object({ pid: Type.String() })

export const JobMessageSchema = Type.Object({
  msgid: Type.String(),
  message: Type.String(),
  state: Type.String(),
  date_created: Type.String()
})

export const NetblockListQuerySchema = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  id: Type.Optional(Type.String()),
  cidr: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  rir: Type.Optional(Type.String()),
  mask: Type.Optional(Type.String()),
  resource_id: Type.Optional(Type.String()),
  top_aggregate: Type.Optional(Type.String()),
  parent: Type.Optional(Type.String()),
  assigned: Type.Optional(Type.String()),
  is_aggregate: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  region_id: Type.Optional(Type.String()),
  vlan_id: Type.Optional(Type.String()),
  tags: Type.Optional(Type.String()),
  address: Type.Optional(Type.String())
}, { additionalProperties: true })

export const RefParamsSchema = Type.Object({
  ref: Type.String({ description: 'netblock id, or a URL-encoded CIDR (10.1.0.0%2F24)' })
})

export const CidrParamsSchema = Type.Object({
  ref: Type.String({ description: 'network address of a CIDR written raw in the path' }),
  len: Type.String({ pattern: '^[0-9]{1,3}$', description: 'prefix length' })
})

// ---------------------------------------------------------------------------------------------
// Catalogues (modeled)

export const RegionSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), address: Type.String()
})
export const RegionInputSchema = Type.Object({
  code: Type.Optional(Type.String()), name: Type.Optional(Type.String()), address: Type.Optional(Type.String())
}, { examples: [{ code: 'EU-W', name: 'Europe West', address: 'Amsterdam, NL' }] })

export const TagSchema = Type.Object({ id: Type.Integer(), name: Type.String(), sort_order: Type.Integer() })
export const TagInputSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })), sort_order: Type.Optional(Type.Integer())
}, { examples: [{ name: 'staging' }] })

export const VlanDomainSchema = Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String() })
export const VlanDomainInputSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })), description: Type.Optional(Type.String())
}, { examples: [{ name: 'Campus', description: 'office VLANs' }] })

export const VlanSchema = Type.Object({
  id: Type.Integer(), domain_id: Type.Integer(), vlan: Type.Integer(), name: Type.String(), resource_id: Id
})
export const VlanInputSchema = Type.Object({
  domain_id: Type.Optional(IdInputSchema),
  vlan: Type.Optional(Type.Integer({ minimum: 1, maximum: 4094 })),
  name: Type.Optional(Type.String()),
  resource_id: OptionalId
}, { examples: [{ domain_id: 1, vlan: 300, name: 'voice' }] })

export const LirSchema = Type.Object({
  id: Type.Integer(), name: Type.String(), rir: Type.String(), org_handle: Type.String(), resource_id: Id
})
export const LirInputSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  rir: Type.Optional(Type.String({ minLength: 1 })),
  org_handle: Type.Optional(Type.String()),
  resource_id: OptionalId
}, { examples: [{ name: 'Example LIR', rir: 'RIPE', org_handle: 'ORG-EX1-RIPE' }] })

export const RuleSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  positions: Type.Array(Type.String(), { description: '1, 2, ... from the first address; 0, -1, ... from the last' })
})
export const RuleInputSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  description: Type.Optional(Type.String()),
  positions: Type.Optional(Type.Union([Type.String(), Type.Array(Type.Union([Type.String(), Type.Integer()]))]))
}, { examples: [{ name: 'routers', description: 'first and last address', positions: ['1', '0'] }] })

export const CatalogIdParamsSchema = Type.Object({ id: IdParamSchema })

// ---------------------------------------------------------------------------------------------
// Fixture file fixtures/<set>/ipam.json

const FixtureBlock = Type.Object({
  cidr: Type.String(),
  rir: Type.Optional(Type.String()),
  resource_id: Type.Optional(Type.Integer()),
  allow_duplicate: Type.Optional(Type.Boolean()),
  allow_sub_assignments: Type.Optional(Type.Boolean()),
  region_id: Type.Optional(Type.Integer()),
  vlan_id: Type.Optional(Type.Integer()),
  rule_id: Type.Optional(Type.Integer()),
  lir_id: Type.Optional(Type.Integer()),
  tags: Type.Optional(Type.Array(Type.String())),
  description: Type.Optional(Type.String()),
  sparse_scheme: Type.Optional(Type.String()),
  swipped: Type.Optional(Type.Boolean()),
  net_handle: Type.Optional(Type.String()),
  holding_since: Type.Optional(Type.String({ description: 'ISO time; the block sits in the Holding Tank' })),
  ...metaInput()
}, { additionalProperties: false })

export const IpamFixtureSchema = Type.Object({
  regions: Type.Optional(Type.Array(RegionSchema)),
  tags: Type.Optional(Type.Array(TagSchema)),
  vlan_domains: Type.Optional(Type.Array(VlanDomainSchema)),
  vlans: Type.Optional(Type.Array(VlanSchema)),
  lirs: Type.Optional(Type.Array(LirSchema)),
  rules: Type.Optional(Type.Array(RuleSchema)),
  aggregates: Type.Optional(Type.Array(FixtureBlock)),
  assignments: Type.Optional(Type.Array(FixtureBlock))
}, { additionalProperties: false })
