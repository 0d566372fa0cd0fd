import { Type } from 'typebox'
import { IdInputSchema, IdIntegerSchema, IdParamSchema } from '../../core/schemas.js'

/** Ids in bodies: a number, a digit string, "" or null ("not given"). */
const OptionalId = Type.Optional(Type.Union([IdInputSchema, Type.Null()]))

const Text = (description: string, maxLength = 255) =>
  Type.Optional(Type.Union([Type.String({ maxLength, description }), Type.Null()]))

const IntInput = (description: string) =>
  Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ maxLength: 20 }), Type.Null()],
    { description }))

export const ItemParamsSchema = Type.Object({ id: IdParamSchema })
export const ReservationParamsSchema = Type.Object({ id: IdParamSchema, rid: IdParamSchema })

export const GroupSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String({ description: 'resource the group hangs under' }),
  name: Type.String(),
  domain_name: Type.String({ description: 'option domain-name' }),
  dns_servers: Type.Array(Type.String(), { description: 'option domain-name-servers (IPv4 addresses)' }),
  lease_time: Type.String({ description: 'default lease time in seconds (max is twice that), a quoted integer' }),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DHCP group (modeled): global options shared by its servers and pools' })

export const GroupInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  domain_name: Text('domain name handed to clients'),
  dns_servers: Type.Optional(Type.Array(Type.String({ maxLength: 45 }), { maxItems: 16 })),
  lease_time: IntInput('seconds, at least 60')
})

export const ServerSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String(),
  name: Type.String(),
  group_id: Type.String({ description: 'DHCP group the server serves' }),
  hostname: Type.String(),
  address: Type.String({ description: 'address pushes go to' }),
  status: Type.String(),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DHCP server (modeled)' })

export const ServerInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  group_id: OptionalId,
  hostname: Text('FQDN of the server; default: the name'),
  address: Text('IPv4 or IPv6 address of the server'),
  status: Text('free text, default `active`')
})

export const PoolSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String({ description: 'resource the pool hangs under; its block is assigned to this resource' }),
  name: Type.String(),
  group_id: Type.String({ description: 'DHCP group whose servers serve the pool' }),
  pool_type: Type.String({ description: 'always `subnet` (host pools are not modeled)' }),
  netblock_id: Type.String({ description: 'the IPAM netblock holding the pool\'s block' }),
  cidr: Type.String({ description: 'the pool\'s block' }),
  netmask: Type.String(),
  range_start: Type.String({ description: 'first address of the dynamic range' }),
  range_end: Type.String({ description: 'last address of the dynamic range' }),
  router: Type.String({ description: 'option routers; outside the range' }),
  status: Type.String(),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DHCP subnet pool (modeled)' })

const PoolFieldsSchema = {
  id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  group_id: OptionalId,
  range_start: Text('IPv4 address inside the block; default: first host after the router', 45),
  range_end: Text('IPv4 address inside the block; default: the last host', 45),
  router: Text('IPv4 address inside the block, outside the range; default: the first host', 45),
  status: Text('free text, default `active`')
}

export const PoolCreateSchema = Type.Object({
  ...PoolFieldsSchema,
  name: Type.String({ minLength: 1, maxLength: 255 }),
  group_id: Type.Union([IdInputSchema, Type.Null()]),
  parent_id: OptionalId,
  cidr: Text('direct assign: this exact IPv4 block (a /30 or larger) from IPAM', 50),
  mask: IntInput('smart assign: a free block of this size (8-30) from IPAM'),
  top_aggregate: IntInput('smart or direct assign only inside this aggregate (netblock id)'),
  rir: Text('only aggregates of this RIR'),
  tags: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 100 }))],
    { description: 'smart assign: only blocks with these tags' }))
})

export const PoolUpdateSchema = Type.Object({
  ...PoolFieldsSchema,
  parent_id: OptionalId,
  cidr: Text('must stay the pool\'s block (a pool cannot move)', 50),
  mask: IntInput('not changeable (422)')
})

export const PoolQuerySchema = Type.Object({
  group_id: Type.Optional(IdIntegerSchema),
  parent_id: Type.Optional(IdIntegerSchema)
})

export const PoolDeleteQuerySchema = Type.Object({
  skip_holding: Type.Optional(Type.Boolean({ description: 'free the block at once instead of the Holding Tank' }))
})

export const ReservationSchema = Type.Object({
  id: Type.String(),
  pool_id: Type.String(),
  name: Type.String(),
  mac: Type.String({ description: 'lowercase, colon-separated' }),
  address: Type.String({ description: 'fixed address inside the pool\'s block, outside its range' }),
  hostname: Type.String({ description: 'option host-name, empty when none' }),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DHCP host reservation (modeled)' })

export const ReservationInputSchema = Type.Object({
  id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  mac: Text('MAC address: colons, dashes, Cisco dots or none, any case', 20),
  address: Text('IPv4 address inside the pool\'s block', 45),
  hostname: Text('host name label handed to the client', 63)
})

export const PushSchema = Type.Object({ pid: Type.String() }, { description: 'the push job id' })

export const PushStatusParamsSchema = Type.Object({ id: IdParamSchema, pid: IdParamSchema })

export const PushStatusSchema = Type.Array(Type.Object({
  msgid: Type.String(),
  message: Type.String(),
  state: Type.String({ description: 'running, finished, warning or error' }),
  date_created: Type.String()
}), { description: 'status messages, oldest first; the last one\'s state is the push state' })

export const ConfigSchema = Type.String({ description: 'ISC dhcpd.conf' })
