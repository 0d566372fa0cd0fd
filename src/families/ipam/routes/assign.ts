import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MockError } from '../../../core/errors.js'
import { readId } from '../../../core/ids.js'
import { fidelity, responses } from '../../../core/schemas.js'
import { formatAddress, formatCidr } from '../ip.js'
import {
  DirectAssignSchema, FirstAvailableSchema, NetblockListSchema, NetblockSchema, SmartAssignSchema,
  UnassignAllResultSchema, UnassignAllSchema, UnassignSchema
} from '../schemas.js'
import type { TagsMode } from '../tags.js'
import { cidrOfRow } from '../tree.js'
import {
  directAssign, findNetblock, firstAvailable, smartAssign, unassign, unassignAllIps, type SmartAssignRequest
} from '../store.js'
import { metaOf, ownerOf, readFlag, refOf, requireId, tags, view, emptyBodyAsObject } from './common.js'
import { shapes } from './netblocks.js'

const base = '/api/v2/ipam/netblocks'

export const assignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(`${base}/smart_assign`, {
    schema: {
      operationId: 'smart_assign_netblock',
      summary: 'Smart assign: pick a free block of the given size and assign it',
      description: 'Needs `resource_id` (the resource the block goes to), `type` (ipv4/ipv6) and `mask`; `rir` ' +
        'narrows the aggregates. Optional filters: `tags` (comma-separated; stray quotes tolerated) with ' +
        '`tags_mode` (default: the block has at least these tags; strict: exactly these; exclude: none of them), ' +
        '`top_aggregate` (only inside that block), `vlan` (VLAN id), `region_id`, and `assigned_resource_id` ' +
        '(take the block from space assigned to that resource with sub-assignment allowed, instead of the ' +
        'Available pool). `meta1..meta10` are stored on the new block. Selection order: the smallest free ' +
        'block that fits, across matching aggregates in id order, then by position: IPv4 lowest address; IPv6 ' +
        'by the aggregate\'s sparse scheme (leftmost: lowest; rightmost: highest; center: nearest the middle of ' +
        'the aggregate; the `ipv6_sparse_scheme` setting when the aggregate sets none). Addresses reserved by ' +
        'IP rules and blocks in the Holding Tank are never chosen. Nothing fits: 404 ' +
        '`{"message":"No suitable blocks found for mask size /N"}`.',
      tags,
      ...fidelity('confirmed', 'golangclient SmartAssignNetblock; terraform-provider; a TS client (404 message)'),
      body: SmartAssignSchema,
      response: responses({ 200: NetblockSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const body = request.body as Record<string, unknown>
    const input: SmartAssignRequest = {
      resource_id: requireId(body.resource_id, 'resource_id'),
      type: String(body.type),
      mask: Number(body.mask),
      rir: typeof body.rir === 'string' ? body.rir : undefined,
      tags: body.tags as string | string[] | undefined,
      tags_mode: (body.tags_mode === undefined || body.tags_mode === '' ? undefined : body.tags_mode) as TagsMode,
      top_aggregate: readId(body.top_aggregate, 'top_aggregate'),
      vlan: readId(body.vlan, 'vlan'),
      region_id: readId(body.region_id, 'region_id'),
      assigned_resource_id: readId(body.assigned_resource_id, 'assigned_resource_id'),
      ...metaOf(body)
    }

    request.perms.assert('ipam', 'create', input.resource_id)
    if (input.assigned_resource_id !== undefined) request.perms.assert('ipam', 'update', input.assigned_resource_id)

    const row = smartAssign(request.instance.db, input, request.instance.clock.now())
    return view(request, row)
  })

  for (const shape of shapes) {
    const by = shape.suffix === '' ? '{cidr} URL-encoded (or a block id)' : 'a CIDR written raw in the path'

    app.put(`${base}${shape.path}/direct_assign`, {
      schema: {
        operationId: 'direct_assign_netblock' + shape.suffix,
        summary: `Direct assign ${by} to a resource`,
        description: 'Assigns exactly that CIDR, splitting the free block that holds it (or joining free blocks ' +
          'it spans). A block in the Holding Tank may be assigned as it is. Overlap with assigned or held space, or ' +
          'with addresses an IP rule reserves, is a 409 naming the block; a CIDR outside every aggregate is a 422. ' +
          '`tags`, `vlan` and `region_id` are set on the assigned block; `rir` and `top_aggregate` pick the tree ' +
          'when aggregates are duplicated. Answers an array holding the assigned block.',
        tags,
        ...fidelity('confirmed', 'golangclient DirectAssignNetblock (array response, 08d139f); terraform-provider'),
        params: shape.params,
        body: DirectAssignSchema,
        response: responses({ 200: NetblockListSchema }, [400, 401, 403, 404, 409, 422])
      }
    }, async (request) => {
      const body = request.body as Record<string, unknown>
      const ref = refOf(request.params as { ref: string, len?: string })
      const cidr = /^\d+$/.test(ref) ? formatCidr(cidrOfRow(findNetblock(request.instance.db, ref))) : ref
      const resourceId = requireId(body.resource_id, 'resource_id')

      request.perms.assert('ipam', 'create', resourceId)

      const rows = directAssign(request.instance.db, cidr, {
        resource_id: resourceId,
        rir: typeof body.rir === 'string' ? body.rir : undefined,
        tags: body.tags as string | string[] | undefined,
        top_aggregate: readId(body.top_aggregate, 'top_aggregate'),
        vlan: readId(body.vlan, 'vlan'),
        region_id: readId(body.region_id, 'region_id'),
        ...metaOf(body)
      }, request.instance.clock.now())
      return rows.map((row) => view(request, row))
    })

    app.put(`${base}${shape.path}/unassign`, {
      schema: {
        operationId: 'unassign_netblock' + shape.suffix,
        summary: `Unassign a netblock by ${shape.suffix === '' ? 'id' : 'CIDR'}`,
        description: 'Without `skip_holding` the block goes to the Holding Tank for `holding_tank_days` (config); ' +
          'with it (or at 0 days) straight back to Available, where it merges with its free buddy when ' +
          '`merge_after_unassign` is on (stopping where tags or regions differ when ' +
          '`auto_merge_respects_tags_regions` is on, and after `auto_merge_limits` levels when that is not 0). ' +
          'Space sub-assigned out of another resource\'s block returns to that resource. Answers the block after ' +
          'the unassign (the merged block when it merged). 409: the block is not assigned, still has ' +
          'sub-assignments, or backs a DHCP pool (the message names the pool; delete the pool first).',
        tags,
        ...fidelity('confirmed', 'golangclient UnassignNetblock; a TS client (skip_holding true)'),
        params: shape.params,
        body: UnassignSchema,
        response: responses({ 200: NetblockSchema }, [400, 401, 403, 404, 409])
      },
      preValidation: emptyBodyAsObject
    }, async (request) => {
      const body = request.body as Record<string, unknown> | undefined
      const row = findNetblock(request.instance.db, refOf(request.params as { ref: string, len?: string }))

      request.perms.assert('ipam', 'update', ownerOf(row))

      const after = unassign(request.instance.db, row.id, { skip_holding: readFlag(body?.skip_holding) },
        request.instance.clock.now())
      return view(request, after)
    })

    app.get(`${base}${shape.path}/first_available`, {
      schema: {
        operationId: 'first_available_netblock' + shape.suffix,
        summary: 'First free address inside a block given by ' +
          (shape.suffix === '' ? 'id or encoded CIDR' : 'raw CIDR'),
        description: 'The lowest address not inside an assigned or held block below it and not reserved by an IP ' +
          'rule; IPv4 blocks up to /30 skip network and broadcast, IPv6 blocks up to /126 the first address. ' +
          'Nothing is reserved by asking. Every value is a string. A full block is a 404.',
        tags,
        ...fidelity('confirmed', 'golangclient GetFirstAvailable (58ba57a); terraform-provider data source'),
        params: shape.params,
        response: responses({ 200: FirstAvailableSchema }, [400, 401, 403, 404])
      }
    }, async (request) => {
      const row = findNetblock(request.instance.db, refOf(request.params as { ref: string, len?: string }))

      request.perms.assert('ipam', 'read', ownerOf(row))

      const free = firstAvailable(request.instance.db, row)
      const blockCidr = formatCidr(cidrOfRow(row))
      if (free === undefined) throw new MockError('NOT_FOUND', `No available address in ${blockCidr}`)
      return {
        cidr: formatCidr(free),
        address: formatAddress(free.version, free.start),
        netblock_id: String(row.id),
        netblock_cidr: blockCidr
      }
    })
  }

  app.post('/api/v2/resources/unassign_all_ips', {
    schema: {
      operationId: 'resource_unassign_all_ips',
      summary: 'Unassign every netblock of the given resources',
      description: 'Each block goes the way `unassign` sends it (Holding Tank unless `skip_holding`). Needs IPAM ' +
        'update rights on every listed resource. All or nothing: when one block is refused (409, e.g. a block ' +
        'backing a DHCP pool, named in the message) no block of any listed resource is unassigned. The vendor ' +
        'documents no response body; the mock answers the ids it unassigned.',
      tags: ['Resources'],
      ...fidelity('confirmed', 'vendor OpenAPI (Resources document): resource_unassign_all_ips, body resource_ids'),
      body: UnassignAllSchema,
      response: responses({ 200: UnassignAllResultSchema }, [400, 401, 403, 404, 409])
    }
  }, async (request) => {
    const body = (request.body ?? {}) as { resource_ids?: unknown[], skip_holding?: unknown }
    const ids = (body.resource_ids ?? []).map((value, index) => requireId(value, `resource_ids.${index}`))

    for (const id of ids) request.perms.assert('ipam', 'update', id)

    const done = unassignAllIps(request.instance.db, ids, { skip_holding: readFlag(body.skip_holding) },
      request.instance.clock.now())
    return { message: `${done.length} netblock(s) unassigned`, unassigned: done.map(String) }
  })
}
