import { Type } from 'typebox'
import { IdInputSchema, IdIntegerSchema, IdParamSchema } from '../../core/schemas.js'
import { recordTypes } from './names.js'
import { serverTypes, transferTypes } from './infra-store.js'

/** A quoted unsigned integer: the Go client rejects SOA values and TTLs that are numbers or "". */
const QuotedInt = (description: string) => Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$', description }))

/** Ids in bodies: a number, a digit string, "" or null ("not given"). */
const OptionalId = Type.Optional(Type.Union([IdInputSchema, Type.Null()]))

/** SOA values and TTLs in bodies: a number or a string (checked by the DNS rules, 422 when wrong). */
const IntInput = Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 20 }), Type.Null()]))

const Text = (description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: 4096, description }), Type.Null()]))

export const ZoneSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String({ description: 'resource the zone hangs under (the TLR, 1, when created without one)' }),
  group_id: Type.String({ description: 'DNS group holding the zone' }),
  name: Type.String({ description: 'zone name, absolute (trailing dot)' }),
  zone_type: Type.String({ description: '`f` forward, `r` reverse' }),
  status: Type.String(),
  zone_host: Type.String({ description: 'SOA MNAME: primary nameserver' }),
  zone_mail: Type.String({ description: 'SOA RNAME: responsible mailbox as a domain name' }),
  zone_expire: QuotedInt('SOA expire, seconds'),
  zone_minimum: QuotedInt('SOA minimum (negative-caching TTL), seconds'),
  zone_refresh: QuotedInt('SOA refresh, seconds'),
  zone_retry: QuotedInt('SOA retry, seconds'),
  zone_serial: QuotedInt('SOA serial; advances on every change'),
  zone_ttl: QuotedInt('default TTL ($TTL), seconds'),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DNS zone. SOA integers are quoted strings, never empty.' })

export const ZoneListSchema = Type.Array(ZoneSchema)

export const ZoneInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  group_id: OptionalId,
  name: Type.Optional(Type.String({ maxLength: 300, description: 'zone name; a trailing dot is added' })),
  zone_type: Text('`f`/`forward` or `r`/`reverse`; must match the endpoint'),
  status: Text('free text, default `active`'),
  zone_host: Text('primary nameserver; default: the group\'s first nameserver'),
  zone_mail: Text('mailbox (hostmaster@example.com or hostmaster.example.com.)'),
  zone_expire: IntInput,
  zone_minimum: IntInput,
  zone_refresh: IntInput,
  zone_retry: IntInput,
  zone_serial: IntInput,
  zone_ttl: IntInput
})

export const ZoneCreateSchema = Type.Object({
  ...ZoneInputSchema.properties,
  name: Type.String({ minLength: 1, maxLength: 300, description: 'zone name; a trailing dot is added' })
})

export const ZoneQuerySchema = Type.Object({
  id: Type.Optional(IdIntegerSchema),
  name: Type.Optional(Type.String()),
  zone_type: Type.Optional(Type.String()),
  group_id: Type.Optional(IdIntegerSchema),
  parent_id: Type.Optional(IdIntegerSchema),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 }))
})

export const ZoneParamsSchema = Type.Object({ id: IdParamSchema })
export const RecordParamsSchema = Type.Object({ zid: IdParamSchema })
export const RecordItemParamsSchema = Type.Object({ zid: IdParamSchema, rid: IdParamSchema })

export const RecordSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String({ description: 'the zone id' }),
  name: Type.String({ description: 'free-text label (defaults to record_host)' }),
  status: Type.String(),
  record_type: Type.String(),
  record_host: Type.String({ description: 'owner name, absolute (trailing dot)' }),
  record_value: Type.String(),
  record_ttl: QuotedInt('TTL in seconds; absent when the record inherits the zone TTL'),
  date: Type.String(),
  modified: Type.String(),
  attrs: Type.Optional(Type.Record(Type.String(), Type.String(), {
    description: 'every attribute of the dnsrecord resource (with load_attributes)'
  }))
}, { description: 'DNS record; record_ttl is a quoted string, never empty.' })

export const RecordListSchema = Type.Array(RecordSchema)

export const RecordInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  name: Text('free-text label'),
  status: Text('free text, default `active`'),
  record_type: Type.Optional(Type.String({ maxLength: 10, description: recordTypes.join(', ') })),
  record_host: Type.Optional(Type.String({
    maxLength: 300, description: 'absolute (trailing dot), relative to the zone, or @'
  })),
  record_value: Type.Optional(Type.String({ maxLength: 8192 })),
  record_ttl: IntInput,
  attrs: Type.Optional(Type.Record(Type.String(), Type.String(), {
    description: 'extra attributes kept on the resource'
  }))
})

export const RecordCreateSchema = Type.Object({
  ...RecordInputSchema.properties,
  record_type: Type.String({ minLength: 1, maxLength: 10, description: recordTypes.join(', ') }),
  record_host: Type.String({ maxLength: 300, description: 'absolute (trailing dot), relative to the zone, or @' }),
  record_value: Type.String({ maxLength: 8192 })
})

const truthy = Type.Optional(Type.String({ description: '1 or true adds `attrs` to every record' }))

export const RecordQuerySchema = Type.Object({
  id: Type.Optional(IdIntegerSchema),
  name: Type.Optional(Type.String()),
  record_type: Type.Optional(Type.String()),
  record_host: Type.Optional(Type.String()),
  record_value: Type.Optional(Type.String()),
  load_attributes: truthy,
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 }))
})

export const GroupSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String(),
  name: Type.String(),
  is_default: Type.Boolean({ description: 'zones created without group_id land here' }),
  nameservers: Type.Array(Type.String(), {
    description: 'NS names added to every zone of the group; the first is the default SOA MNAME'
  }),
  acl_ids: Type.Array(Type.String()),
  zone_ttl: Type.String({ description: 'default for new zones' }),
  zone_refresh: Type.String({ description: 'default for new zones' }),
  zone_retry: Type.String({ description: 'default for new zones' }),
  zone_expire: Type.String({ description: 'default for new zones' }),
  zone_minimum: Type.String({ description: 'default for new zones' }),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DNS group (modeled)' })

export const GroupInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  is_default: Type.Optional(Type.Boolean()),
  nameservers: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 32 })),
  acl_ids: Type.Optional(Type.Array(IdInputSchema, { maxItems: 64 })),
  zone_ttl: IntInput,
  zone_refresh: IntInput,
  zone_retry: IntInput,
  zone_expire: IntInput,
  zone_minimum: IntInput
})

export const ServerSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String(),
  name: Type.String(),
  group_id: Type.String(),
  hostname: Type.String(),
  address: Type.String(),
  server_type: Type.String({ description: serverTypes.join(' or ') }),
  transfer_type: Type.String({ description: transferTypes.join(', ') }),
  status: Type.String(),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DNS server (modeled)' })

export const ServerInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  group_id: OptionalId,
  hostname: Text('FQDN of the server'),
  address: Text('IPv4 or IPv6 address pushes go to'),
  server_type: Text(serverTypes.join(' or ')),
  transfer_type: Text(transferTypes.join(', ')),
  status: Text('free text')
})

export const AclSchema = Type.Object({
  id: Type.String(),
  parent_id: Type.String(),
  name: Type.String(),
  entries: Type.Array(Type.String(), { description: 'addresses, prefixes, any/none/localhost/localnets, ! negates' }),
  date: Type.String(),
  modified: Type.String()
}, { description: 'DNS ACL (modeled)' })

export const AclInputSchema = Type.Object({
  id: OptionalId,
  parent_id: OptionalId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  entries: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 256 }))
})

export const ItemParamsSchema = Type.Object({ id: IdParamSchema })

export const PushSchema = Type.Object({ pid: Type.String() }, { description: 'the push job id' })

export const PushStatusParamsSchema = Type.Object({ id: IdParamSchema, pid: IdParamSchema })

export const PushStatusSchema = Type.Array(Type.Object({
  msgid: Type.String(),
  message: Type.String(),
  state: Type.String({ description: 'running, finished, warning or error' }),
  date_created: Type.String()
}), { description: 'status messages, oldest first; the last one\'s state is the push state' })

export const ZoneFileSchema = Type.String({ description: 'RFC 1035 master file' })
