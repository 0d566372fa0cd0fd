import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { readId } from '../../../core/ids.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import { readableIn } from '../access.js'
import { zoneFile } from '../push.js'
import {
  ZoneCreateSchema, ZoneFileSchema, ZoneInputSchema, ZoneListSchema, ZoneParamsSchema, ZoneQuerySchema, ZoneSchema
} from '../schemas.js'
import {
  createZone, deleteZone, getZone, listZones, updateZone, zoneParentFor, zoneView, type Input
} from '../store.js'

const tags = ['DNS zones']
const source = 'golangclient dns_methods.go (GetZones, GetZoneByID, CreateZone, UpdateZone, DeleteZone)'

const forwardExample = {
  id: '', parent_id: '2', name: 'acme.example', zone_mail: 'hostmaster@acme.example', zone_ttl: '3600'
}
const patchExample = { id: '310', parent_id: '2', name: 'example.com', zone_refresh: '7200' }
const reverseExample = { id: '', parent_id: '2', name: '100.51.198.in-addr.arpa', zone_type: 'r' }

export const zoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dns/zones', {
    schema: {
      operationId: 'get_zones',
      summary: 'List DNS zones',
      description: 'A bare array; `?id=N` answers an array of zero or one zone. Only zones the caller may read.',
      tags,
      ...fidelity('confirmed', source),
      querystring: ZoneQuerySchema,
      response: responses({ 200: ZoneListSchema }, [400, 401])
    }
  }, async (request) => {
    return listZones(request.instance.db, request.query, readableIn(request))
  })

  for (const kind of ['forward', 'reverse'] as const) {
    const reverse = kind === 'reverse'
    app.post(`/api/v2/dns/zones/${kind}`, {
      schema: {
        operationId: `post_zone_${kind}`,
        summary: `Create a ${kind} zone`,
        description: reverse
          ? 'The name must lie under in-addr.arpa. or ip6.arpa.; stored with zone_type `r`.'
          : 'Stored with zone_type `f`. Without `parent_id` the zone hangs under the TLR; without `group_id` ' +
            'it joins the default DNS group, whose SOA defaults and first nameserver fill what the body omits.',
        tags,
        ...fidelity('confirmed', `${source}; zone_type r selects /reverse`),
        body: { ...ZoneCreateSchema, examples: [reverse ? reverseExample : forwardExample] },
        response: responses({ 200: ZoneSchema }, [400, 401, 403, 409, 422])
      }
    }, async (request) => {
      const db = request.instance.db
      const input = request.body as Input

      const parentId = zoneParentFor(db, input)
      request.perms.assert('dns', 'create', parentId)

      return inTransaction(db, () => createZone(db, input, reverse, parentId, request.instance.clock.now()))
    })
  }

  app.get('/api/v2/dns/zones/:id', {
    schema: {
      operationId: 'get_zone',
      summary: 'Read one DNS zone',
      tags,
      ...fidelity('modeled', 'clients read a zone with GET /dns/zones?id=N; this path form is a convenience'),
      params: ZoneParamsSchema,
      response: responses({ 200: ZoneSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const zone = getZone(request.instance.db, Number(request.params.id))

    request.perms.assert('dns', 'read', zone.row.id)

    return zoneView(zone)
  })

  app.patch('/api/v2/dns/zones/:id', {
    schema: {
      operationId: 'patch_zone',
      summary: 'Change a DNS zone',
      description: 'Partial: fields left out keep their value. The name and kind cannot change. The serial ' +
        'advances (to the given zone_serial when that is larger). Moving it to another `parent_id` needs dns create ' +
        'there too.',
      tags,
      ...fidelity('confirmed', source),
      params: ZoneParamsSchema,
      body: { ...ZoneInputSchema, examples: [patchExample] },
      response: responses({ 200: ZoneSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const zone = getZone(db, Number(request.params.id))
    const input = (request.body ?? {}) as Input

    request.perms.assert('dns', 'update', zone.row.parent_id)
    const target = zoneParentFor(db, input)
    const moving = readId(input.parent_id, 'parent_id') !== undefined && target !== zone.row.parent_id
    if (moving) request.perms.assert('dns', 'create', target)

    return inTransaction(db, () => updateZone(db, zone.row.id, input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dns/zones/:id', {
    schema: {
      operationId: 'delete_zone',
      summary: 'Delete a DNS zone and its records',
      tags,
      ...fidelity('confirmed', `${source}; the client ignores the body`),
      params: ZoneParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const zone = getZone(db, Number(request.params.id))

    request.perms.assert('dns', 'delete', zone.row.parent_id)

    inTransaction(db, () => deleteZone(db, zone.row.id))
    return reply.code(204).send()
  })

  app.get('/api/v2/dns/zones/:id/zonefile', {
    schema: {
      operationId: 'get_zone_file',
      summary: 'The zone file a push would deploy',
      description: 'RFC 1035 master-file text: SOA, the group\'s nameservers and every record. Not a ProVision call.',
      tags,
      ...fidelity('modeled', 'provision-mock: shows what a push would send to the DNS server'),
      params: ZoneParamsSchema,
      response: responses({ 200: ZoneFileSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const zone = getZone(db, Number(request.params.id))

    request.perms.assert('dns', 'read', zone.row.id)

    return reply.type('text/plain; charset=utf-8').send(zoneFile(db, zone.row.id))
  })
}
