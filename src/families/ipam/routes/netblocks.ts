import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MockError } from '../../../core/errors.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  CidrParamsSchema, NetblockCreateSchema, NetblockListQuerySchema, NetblockListSchema, NetblockPatchSchema,
  NetblockSchema, RefParamsSchema
} from '../schemas.js'
import { formatCidr, parseCidr } from '../ip.js'
import { createNetblock, deleteNetblock, findNetblock, listNetblocks, updateNetblock } from '../store.js'
import { netblockInput, ownerOf, refOf, tags, view, visibleTo, emptyBodyAsObject } from './common.js'

/** The two path shapes of a netblock: `{id}` (or an encoded CIDR) and a raw `{address}/{length}`. */
export const shapes = [
  { path: '/:ref', params: RefParamsSchema, suffix: '' },
  { path: '/:ref/:len', params: CidrParamsSchema, suffix: '_by_cidr' }
] as const

const base = '/api/v2/ipam/netblocks'

/** Fields that place a block; they cannot change in place, whatever else a PATCH does. */
const rangeFields = ['cidr', 'mask', 'address', 'end_address', 'type'] as const

/**
 * A PATCH may carry the block's own range fields back (clients send whole objects); a different
 * value is a 422, since silently ignoring it would let the client believe the block moved.
 */
function refuseRangeChange (body: Record<string, unknown> | undefined, current: Record<string, unknown>): void {
  for (const field of rangeFields) {
    const given = body?.[field]
    if (given === undefined || given === null || given === '') continue
    if (comparable(field, String(given)) !== comparable(field, String(current[field]))) {
      throw new MockError('UNPROCESSABLE', `${field} cannot change by PATCH (it is ${String(current[field])}); ` +
        'split, merge or add a block instead', field)
    }
  }
}

/** A range field's value written one way: CIDRs in canonical form, the rest case-insensitive. */
function comparable (field: string, value: string): string {
  if (field === 'cidr') {
    const cidr = parseCidr(value)
    return typeof cidr === 'string' ? value : formatCidr(cidr)
  }
  return value.toLowerCase()
}

export const netblockRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(base, {
    schema: {
      operationId: 'get_netblocks',
      summary: 'List netblocks',
      description: 'A bare array. Every given filter must match (AND): id, cidr, type, rir, mask, resource_id, ' +
        'top_aggregate, parent, assigned, is_aggregate, status, region_id, vlan_id, tags, address, meta1..10 and ' +
        'other columns; `offset` (0-based) and `limit` page. Only blocks the caller may read are listed.',
      tags,
      ...fidelity('confirmed', 'golangclient GetNetblocks; terraform-provider netblocks data source'),
      querystring: NetblockListQuerySchema,
      response: responses({ 200: NetblockListSchema }, [400, 401])
    }
  }, async (request) => {
    const { offset, limit, ...filters } = request.query as Record<string, string | undefined> &
      { offset?: number, limit?: number }

    const visible = visibleTo(request)

    const rows = listNetblocks(request.instance.db, filters, visible, Number(offset ?? 0),
      limit === undefined ? undefined : Number(limit))
    return rows.map((row) => view(request, row))
  })

  app.post(base, {
    schema: {
      operationId: 'add_netblock',
      summary: 'Add a netblock (a top-level aggregate)',
      description: 'Needs `cidr`; `rir` names the registry (ARIN, RIPE, APNIC, AfriNIC, LACNIC, 1918). A CIDR ' +
        'overlapping an existing aggregate is a 409 unless `allow_duplicate` is "true". `tags` is an array ' +
        '(stray quotes around names are removed; unknown tags are created). With `resource_id` the whole block ' +
        'is assigned to that resource.',
      tags,
      ...fidelity('confirmed', 'golangclient AddNetblock; terraform-provider netblock resource'),
      body: NetblockCreateSchema,
      response: responses({ 200: NetblockSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const input = netblockInput(request.body as Record<string, unknown>)

    request.perms.assert('ipam', 'create', input.resource_id ?? null)

    const row = createNetblock(request.instance.db, input, request.instance.clock.now())
    return view(request, row)
  })

  for (const shape of shapes) {
    const url = base + shape.path
    const by = shape.suffix === '' ? 'id (or a URL-encoded CIDR)' : 'CIDR written raw in the path'

    app.get(url, {
      schema: {
        operationId: 'get_netblock' + shape.suffix,
        summary: `Get one netblock by ${by}`,
        tags,
        ...fidelity('confirmed', 'golangclient GetNetblock / GetNetblockByCIDR'),
        params: shape.params,
        response: responses({ 200: NetblockSchema }, [400, 401, 403, 404])
      }
    }, async (request) => {
      const row = findNetblock(request.instance.db, refOf(request.params as { ref: string, len?: string }))

      request.perms.assert('ipam', 'read', ownerOf(row))

      return view(request, row)
    })

    app.patch(url, {
      schema: {
        operationId: 'patch_netblock' + shape.suffix,
        summary: `Change a netblock by ${by}`,
        description: 'Partial: only the given fields change. `resource_id` moves an assigned block; ' +
          '`allow_sub_assignments` opens an assigned block for sub-assignment; `rule_id` sets an IP rule on the ' +
          'block and the blocks below it; `tags` replaces the tag list. `cidr`, `mask`, `address`, ' +
          '`end_address` and `type` may be sent back as they are (clients send whole objects); a different value ' +
          'is a 422 naming the field, since a block cannot move in place. Moving a block that backs a DHCP pool to ' +
          'another resource, or opening it for sub-assignment, is a 409 naming the pool (the pool stays under ' +
          'its block\'s resource; a sub-assignment would split the block).',
        tags,
        ...fidelity('confirmed', 'golangclient UpdateNetblock (PATCH since 964ddf2); terraform-provider update'),
        params: shape.params,
        body: NetblockPatchSchema,
        response: responses({ 200: NetblockSchema }, [400, 401, 403, 404, 409, 422])
      },
      preValidation: emptyBodyAsObject
    }, async (request) => {
      const body = request.body as Record<string, unknown> | undefined
      const input = netblockInput(body)
      const row = findNetblock(request.instance.db, refOf(request.params as { ref: string, len?: string }))

      request.perms.assert('ipam', 'update', ownerOf(row))
      refuseRangeChange(body, view(request, row))
      if (input.resource_id !== undefined && input.resource_id !== null) {
        request.perms.assert('ipam', 'update', input.resource_id)
      }

      return view(request, updateNetblock(request.instance.db, row.id, input, request.instance.clock.now()))
    })

    app.delete(url, {
      schema: {
        operationId: 'delete_netblock' + shape.suffix,
        summary: `Delete a top-level aggregate by ${by}`,
        description: 'Deletes the aggregate and its tree. Refused (409) while anything inside is assigned or in ' +
          'the Holding Tank, for blocks that are not top-level (unassign those instead), and for a block that backs ' +
          'a DHCP pool (the message names the pool; delete the pool first). Answers 204.',
        tags,
        ...fidelity('confirmed', 'golangclient DeleteNetblock (body ignored); terraform-provider delete'),
        params: shape.params,
        response: responses({ 204: NoContentSchema }, [400, 401, 403, 404, 409])
      }
    }, async (request, reply) => {
      const row = findNetblock(request.instance.db, refOf(request.params as { ref: string, len?: string }))

      request.perms.assert('ipam', 'delete', ownerOf(row))

      deleteNetblock(request.instance.db, row.id)
      return reply.code(204).send()
    })
  }
}
