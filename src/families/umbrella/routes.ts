import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MockError } from '../../core/errors.js'
import { fidelity, responses } from '../../core/schemas.js'
import { getAttrs, getResource, type ResourceRow } from '../resources/store.js'
import { parseCidr } from './cidr.js'
import {
  LinkQuerySchema, ModuleParamsSchema, ModuleQuerySchema, NetblockQuerySchema, UmbrellaLinkSchema,
  UmbrellaModuleSchema, UmbrellaNetblockSchema
} from './schemas.js'
import { rightsList, toLink, toModule, toNetblock } from './shape.js'
import { getModule, listLinks, listModules, listNetblocks, netblockContext } from './store.js'

const tags = ['Umbrella']
const source = 'golangclient umbrella_methods.go / umbrella_models.go (Oct 2025)'

export const umbrellaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/umbrella/modules', {
    schema: {
      operationId: 'get_umbrella_modules',
      summary: 'List Umbrella modules',
      description: 'Bare array of the external IPAM back-ends the caller may read (IPAM read on the module\'s ' +
        'parent resource). Passwords and tokens are masked.',
      tags,
      ...fidelity('confirmed', `${source}: GetModules`),
      querystring: ModuleQuerySchema,
      response: responses({ 200: Type.Array(UmbrellaModuleSchema) }, [400, 401])
    }
  }, async (request) => {
    const filters = request.query

    const perms = request.perms

    const modules = listModules(request.instance.db, filters, perms.readable('ipam'))
    return modules.map((module) => toModule(module, rightsList(perms.rights('ipam', module.parent_id))))
  })

  app.get('/api/v2/umbrella/netblocks', {
    schema: {
      operationId: 'get_umbrella_netblocks',
      summary: 'List blocks mirrored from Umbrella modules',
      description: 'Bare array, IPv4 first, of the blocks of modules the caller may read. Filters combine with AND; ' +
        '`cidr` matches one block exactly (host bits ignored, so `192.168.0.1/24` finds 192.168.0.0/24). Every ' +
        'field is a string.',
      tags,
      ...fidelity('confirmed', `${source}: GetNetblocks`),
      querystring: NetblockQuerySchema,
      response: responses({ 200: Type.Array(UmbrellaNetblockSchema) }, [400, 401])
    }
  }, async (request) => {
    const { cidr, ...filters } = request.query
    const range = cidr === undefined ? undefined : parseCidr(cidr)
    if (cidr !== undefined && range === undefined) {
      throw new MockError('BAD_REQUEST',
      `${cidr} is not a CIDR block`, 'cidr')
    }

    const perms = request.perms

    const db = request.instance.db
    return listNetblocks(db, { ...filters, cidr: range?.cidr }, perms.readable('ipam')).map((block) => {
      const context = netblockContext(db, block)
      return toNetblock(block, context, rightsList(perms.rights('ipam', context.module.parent_id)))
    })
  })

  app.get('/api/v2/umbrella/modules/:id/links', {
    schema: {
      operationId: 'get_umbrella_modules_id_links',
      summary: 'List the resources linked to an Umbrella module',
      description: 'Always an array (empty when there are no links), each link with the linked resource and its ' +
        'attributes. 403 when the caller may not read the module.',
      tags,
      ...fidelity('confirmed', `${source}: GetModuleLinks`),
      params: ModuleParamsSchema,
      querystring: LinkQuerySchema,
      response: responses({ 200: Type.Array(UmbrellaLinkSchema) }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)
    const db = request.instance.db
    const module = getModule(db, id)

    request.perms.assert('ipam', 'read', module.parent_id)

    return listLinks(db, id, request.query).map((link) =>
      toLink(link, getResource(db, link.resource_id) as ResourceRow, getAttrs(db, link.resource_id)))
  })
}
