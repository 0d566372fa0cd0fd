import { Type, type TSchema } from 'typebox'
import { IdInputSchema, IdIntegerSchema, IdParamSchema } from '../../core/schemas.js'
import { relations } from './links-store.js'

const str = (description: string) => Type.String({ description })
const opt = <T extends TSchema>(schema: T) => Type.Optional(schema)

/** `{id}` where the vendor types it as a string (6 operations). */
export const IdStringParamSchema = IdParamSchema
/** `{id}` where the vendor types it integer(int64) (the other 27). */
export const IdIntParamSchema = Type.Integer({ ...IdIntegerSchema, format: 'int64', description: 'resource id' })

export const StringMapSchema = Type.Record(Type.String(), Type.String())

export const LinkageSchema = Type.Object({
  id: Type.String(),
  resource_id1: Type.String(),
  resource_id2: Type.String(),
  relation: Type.String(),
  data: Type.String({ description: 'link data as text (JSON text when it was sent as an object)' })
})

/** The resource as ProVision sends it: ids as strings, attrs/permissions/section objects of strings. */
export const ResourceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  type: Type.String(),
  parent_id: str('"0" for the top level resource'),
  category_id: str('"0" when the resource has no category'),
  custom_id: Type.String(),
  date: Type.String(),
  modified: Type.String(),
  attrs: opt(Type.Record(Type.String(), Type.String(), {
    description: 'attribute values, always strings; in lists only with load_attributes (and always for dnsrecord ' +
      'results of POST /resources/query)'
  })),
  section: Type.Record(Type.String(), Type.String(), { description: '{id, name, slug} of the section, or {}' }),
  gadgets: Type.Array(Type.String()),
  permissions: opt(Type.Record(Type.String(), Type.String(), {
    description: 'with load_permissions: the caller\'s create/read/update/delete rights on it, "1" or "0"'
  })),
  linkages: opt(Type.Array(LinkageSchema, { description: 'with load_links' }))
}, { description: 'a resource' })

export const ResourceListSchema = Type.Array(ResourceSchema)

const boolParam = (description: string) => Type.Boolean({ description: `${description} (true/false/1/0)` })

/** Filters shared by GET /resources and GET /resources/{id}/children. */
const listFilters = {
  type: opt(str('resource type (comma-separated for several)')),
  slug: opt(Type.String()),
  name: opt(str('exact name, case-insensitive')),
  output: opt(str('accepted, ignored')),
  letter: opt(str('first letter of the name; # for digits')),
  sort: opt(Type.Union([Type.Literal('ASC'), Type.Literal('DESC')])),
  order_by: opt(str('id, name (default), slug, type, parent_id, category_id, custom_id, date, modified or ' +
    'resource__in')),
  offset: opt(Type.Integer({ format: 'int64', minimum: 0 })),
  limit: opt(Type.Integer({ format: 'int64', minimum: 0 })),
  page: opt(Type.Integer({ format: 'int64', minimum: 0 })),
  q: opt(str('LIKE search over name, slug, custom_id and attribute values')),
  parent_id: opt(Type.Integer({ ...IdIntegerSchema, format: 'int64' })),
  resource__in: opt(str('comma-separated ids')),
  zone_type: opt(str('attribute zone_type equals')),
  modified: opt(str('timestamp (YYYY-MM-DD HH:MM:SS or unix seconds)')),
  modified_compare: opt(str('=, !=, <, <=, >, >= (default >=)')),
  modified_between: opt(str('two timestamps separated by a comma')),
  load_permissions: opt(boolParam('add the caller\'s rights')),
  load_attributes: opt(boolParam('add attrs')),
  query: opt(Type.Array(Type.String(), { description: 'accepted, ignored' })),
  permissions__true: opt(str('comma-separated rights the caller must have: create, read, update, delete')),
  permissions__false: opt(str('comma-separated rights the caller must lack')),
  load_links: opt(str('true/1 for every relation, or comma-separated relations')),
  export: opt(Type.Unknown({ description: 'CSV export: not emulated, ignored' }))
}

export const ListQuerySchema = Type.Object({
  id: opt(Type.Integer({ ...IdIntegerSchema, format: 'int64' })),
  ...listFilters
})

export const ChildrenQuerySchema = Type.Object({
  orig_id: opt(Type.Integer({ ...IdIntegerSchema, format: 'int64', description: 'accepted, ignored' })),
  ...listFilters
})

const name = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S', description: 'not blank' })
const anyId = IdInputSchema
const attrsInput = Type.Record(Type.String(), Type.String({ maxLength: 65535 }), {
  description: 'attribute name -> value; values must be strings'
})
const sectionRef = Type.Union([Type.String(), IdIntegerSchema, Type.Object({})], {
  description: 'section name, slug or id (an object, as a client echoes from a GET, is ignored)'
})
const categoryRef = Type.Union([Type.String(), IdIntegerSchema])

export const LinkSetSchema = Type.Record(Type.String(), Type.Array(Type.Union([
  IdInputSchema,
  Type.Object({ resource_id: IdInputSchema, data: opt(Type.Unknown()) })
])), { description: `relation -> linked resources (ids, or {resource_id, data}); relations: ${relations.join(', ')}` })

export const CreateResourceBodySchema = Type.Object({
  id: opt(Type.Union([Type.Literal(''), Type.Null()], { description: 'ignored; clients send ""' })),
  name,
  type: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'entry, dnszone, dnsrecord, ...; section and ' +
    'category create a section or category instead of a resource'
  }),
  slug: opt(Type.String({ maxLength: 255 })),
  parent_id: opt(anyId),
  custom_id: opt(Type.String({ maxLength: 255 })),
  field_type: opt(Type.String()),
  help_block: opt(Type.String()),
  fields: opt(Type.Unknown({ description: 'for type section: {field name: field type}' })),
  attrs: opt(attrsInput),
  links: opt(LinkSetSchema),
  section: opt(sectionRef),
  section_id: opt(anyId),
  resource_id1: opt(anyId),
  resource_id2: opt(anyId),
  relation: opt(Type.String()),
  clone_zone: opt(anyId),
  category: opt(categoryRef),
  category_id: opt(anyId),
  hook_data: opt(Type.Unknown()),
  ui_data: opt(Type.Unknown()),
  date: opt(Type.String()),
  modified: opt(Type.String())
}, {
  examples: [{ name: 'Acme Datacenter North', type: 'entry', parent_id: '2', attrs: { city: 'Chicago' } }]
})

const changeFields = {
  id: opt(Type.Union([anyId, Type.Null()], { description: 'ignored (the path names the resource)' })),
  name: opt(Type.String({ maxLength: 255, description: 'an empty string leaves the name unchanged' })),
  type: opt(Type.String({ maxLength: 64, description: 'an empty string leaves the type unchanged' })),
  slug: opt(Type.String({ maxLength: 255 })),
  attrs: opt(attrsInput),
  parent_id: opt(Type.Union([anyId, Type.Null()])),
  custom_id: opt(Type.String({ maxLength: 255 })),
  fields: opt(Type.Unknown({ description: 'accepted, ignored' })),
  section: opt(sectionRef),
  section_id: opt(Type.Union([anyId, Type.Null()])),
  resource_id1: opt(anyId),
  resource_id2: opt(anyId),
  relation: opt(Type.String()),
  category: opt(categoryRef),
  category_id: opt(Type.Union([anyId, Type.Null()])),
  date: opt(Type.String()),
  modified: opt(Type.String())
}

export const PatchResourceBodySchema = Type.Object(changeFields, {
  examples: [{ attrs: { city: 'Reston' } }]
})

export const PutResourceBodySchema = Type.Object({
  ...changeFields,
  name,
  links: opt(Type.Union([LinkSetSchema, Type.Array(Type.Object({
    resource_id: IdInputSchema, relation: Type.String(), data: opt(Type.Unknown())
  }))]))
}, {
  examples: [{ name: 'Acme Datacenter East', parent_id: '2', attrs: { city: 'Ashburn', rack_count: '40' } }]
})

export const PatchMultipleBodySchema = Type.Object({
  ...changeFields,
  id: Type.Array(anyId, { minItems: 1, description: 'the resources to change' })
}, { examples: [{ id: ['4', '5'], attrs: { tier: 'gold' } }] })

export const AttrFilterSchema = Type.Object({
  key: Type.String({ minLength: 1 }),
  value: Type.Union([Type.String(), Type.Number()]),
  compare: opt(Type.String({ description: '=, !=, <, <=, >, >=, like (default =)' })),
  rule: opt(Type.String({ description: 'AND (default) or OR: how this filter joins the ones before it' }))
})

const idList = Type.Union([Type.Array(anyId), Type.String({ description: 'comma-separated ids' })])

export const QueryBodySchema = Type.Object({
  id: opt(anyId),
  name: opt(Type.String()),
  resource__in: opt(idList),
  resource__not_in: opt(idList),
  parent_id: opt(anyId),
  parent__in: opt(idList),
  parent__not_in: opt(idList),
  custom_id: opt(Type.String()),
  category_id: opt(anyId),
  category__in: opt(idList),
  category__not_in: opt(idList),
  sort: opt(Type.Union([Type.Literal('ASC'), Type.Literal('DESC')])),
  order_by: opt(Type.String()),
  offset: opt(Type.Integer({ minimum: 0 })),
  limit: opt(Type.Integer({ minimum: 0 })),
  page: opt(Type.Integer({ minimum: 0 })),
  type: opt(Type.String({ description: 'comma-separated for several' })),
  attrs: opt(Type.Array(AttrFilterSchema)),
  q: opt(Type.String()),
  links: opt(Type.Array(Type.String(), { description: 'only resources with links of these relations' })),
  load_permissions: opt(Type.Boolean()),
  load_attributes: opt(Type.Boolean()),
  load_links: opt(Type.Union([Type.Array(Type.String()), Type.Boolean()])),
  load_children: opt(Type.Boolean({ description: 'accepted, ignored' })),
  resolve: opt(Type.Array(Type.String(), { description: 'accepted, ignored' }))
}, {
  examples: [{
    type: 'entry',
    attrs: [{ key: 'city', value: 'Ashburn', compare: '=', rule: 'AND' }],
    load_attributes: true
  }]
})

export const TopOfTreeQuerySchema = Type.Object({
  section_id: opt(Type.Integer({ ...IdIntegerSchema, format: 'int64', description: 'either this or section' })),
  section: opt(Type.String({ description: 'section name or slug; either this or section_id' })),
  limit: opt(Type.Integer({ format: 'int64', minimum: 0 }))
})

export const LimitQuerySchema = Type.Object({ limit: opt(Type.Integer({ format: 'int64', minimum: 0 })) })

export const AttrsSchema = Type.Record(Type.String(), Type.String(), {
  description: 'attribute name -> value; _section is the section name (system metadata)'
})

export const AttrsBodySchema = Type.Object({
  id: opt(anyId),
  attrs: opt(attrsInput)
}, {
  additionalProperties: Type.String({ maxLength: 65535 }),
  description: 'attributes as name -> string, flat or under "attrs"; "id" repeats the path id',
  examples: [{ rack_count: '40' }]
})

export const LinkSchema = Type.Object({
  id: Type.String(),
  resource_id: str('the linked resource'),
  relation: Type.String(),
  data: Type.String(),
  resource: opt(ResourceSchema)
})

export const LinkListSchema = Type.Union([
  Type.Array(LinkSchema),
  Type.Object({}, { additionalProperties: false, description: 'no links: an empty object, as the vendor documents' })
])

export const LinkListQuerySchema = Type.Object({
  load_resource_data: opt(boolParam('embed the linked resource')),
  order_by: opt(Type.String({ description: 'id (default), relation or resource_id' })),
  sort: opt(Type.Union([Type.Literal('ASC'), Type.Literal('DESC')])),
  limit: opt(Type.Integer({ format: 'int64', minimum: 0 })),
  offset: opt(Type.Integer({ format: 'int64', minimum: 0 })),
  q: opt(Type.String({ description: 'LIKE search over relation, data and the linked resource name' }))
})

export const CreateLinkBodySchema = Type.Object({
  id: opt(anyId),
  resource_id: anyId,
  relation: Type.String(),
  data: opt(Type.Unknown({ description: 'object or string; stored and sent back as text' }))
}, { examples: [{ resource_id: '3', relation: 'contact', data: { role: 'billing' } }] })

export const LinkSetBodySchema = Type.Object({
  id: opt(anyId),
  relation: opt(Type.String()),
  data: LinkSetSchema,
  load_resource_data: opt(Type.Boolean())
}, { examples: [{ data: { contact: ['3'] } }] })

export const UpdateLinkBodySchema = Type.Object({
  resource_id: opt(anyId),
  data: opt(Type.Unknown())
}, { examples: [{ data: { role: 'technical' } }] })

export const AttachmentSchema = Type.Object({
  id: Type.String(),
  resource_id: Type.String(),
  name: Type.String(),
  file_name: Type.String(),
  content_type: Type.String(),
  size: Type.String({ description: 'bytes' }),
  date: Type.String()
})

export const BackupSchema = Type.Object({
  id: Type.String(),
  resource_id: Type.String(),
  date: Type.String(),
  resource: ResourceSchema,
  linkages: Type.Array(LinkageSchema)
})

export const PidSchema = Type.Object({ pid: Type.String() })

export const JobMessagesSchema = Type.Array(Type.Object({
  msgid: Type.String(),
  message: Type.String(),
  state: Type.String({ description: 'running, finished, warning or error' }),
  date_created: Type.String()
}))

export const SectionDetailSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.String(),
  fields: Type.Array(Type.Object({
    id: Type.String(),
    name: Type.String(),
    field_type: Type.String(),
    help_block: Type.String()
  })),
  categories: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }))
})

export const AttrsAllQuerySchema = Type.Object({
  name: opt(Type.String({ description: 'only resources with this name (LIKE)' })),
  load_children: opt(boolParam('include the descendants of the matching resources'))
})

export const AttrsAllSchema = Type.Array(Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  section_id: Type.String(),
  category_id: Type.String(),
  attrs: Type.Record(Type.String(), Type.String())
}))

export const EmptyBodySchema = Type.Union([Type.Object({}), Type.Null()], { description: 'no body needed' })
