import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { MockError } from '../../../core/errors.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  createCatalogRow, deleteCatalogRow, getCatalogRow, listCatalog, updateCatalogRow, type CatalogName, type CatalogRow
} from '../catalog-store.js'
import { parsePositions } from '../rules.js'
import { emptyBodyAsObject } from './common.js'
import {
  CatalogIdParamsSchema, LirInputSchema, LirSchema, RegionInputSchema, RegionSchema, RuleInputSchema, RuleSchema,
  TagInputSchema, TagSchema, VlanDomainInputSchema, VlanDomainSchema, VlanInputSchema, VlanSchema
} from '../schemas.js'

interface CatalogRoute {
  name: CatalogName
  path: string
  singular: string
  plural: string
  tag: string
  schema: TSchema
  input: TSchema
  about: string
}

const routes: CatalogRoute[] = [
  {
    name: 'regions',
    path: 'regions',
    singular: 'region',
    plural: 'regions',
    tag: 'IPAM regions',
    schema: RegionSchema,
    input: RegionInputSchema,
    about: 'A region has a code, a long name (used in API calls) and an address.'
  },
  {
    name: 'tags',
    path: 'tags',
    singular: 'tag',
    plural: 'tags',
    tag: 'IPAM tags',
    schema: TagSchema,
    input: TagInputSchema,
    about: 'The admin-managed, ordered list of tag names blocks carry.'
  },
  {
    name: 'vlan_domains',
    path: 'vlan_domains',
    singular: 'vlan_domain',
    plural: 'vlan_domains',
    tag: 'IPAM VLANs',
    schema: VlanDomainSchema,
    input: VlanDomainInputSchema,
    about: 'VLANs are grouped in domains.'
  },
  {
    name: 'vlans',
    path: 'vlans',
    singular: 'vlan',
    plural: 'vlans',
    tag: 'IPAM VLANs',
    schema: VlanSchema,
    input: VlanInputSchema,
    about: 'A VLAN number (1-4094) inside a domain; blocks refer to it by `vlan_id`.'
  },
  {
    name: 'lirs',
    path: 'lirs',
    singular: 'lir',
    plural: 'lirs',
    tag: 'IPAM LIRs',
    schema: LirSchema,
    input: LirInputSchema,
    about: 'Local Internet Registries used for SWIP; blocks refer to them by `lir_id`.'
  },
  {
    name: 'rules',
    path: 'rules',
    singular: 'rule',
    plural: 'rules',
    tag: 'IPAM rules',
    schema: RuleSchema,
    input: RuleInputSchema,
    about: 'An IP rule reserves address positions (1, 2, ... from the first address; 0, -1, ... from the last) ' +
      'inside every block it is set on (`rule_id` on a netblock); smart and direct assign never hand them out.'
  }
]

/** Rules keep positions as a comma list; the API shows and takes an array of strings. */
function shape (name: CatalogName, row: CatalogRow): CatalogRow | Record<string, unknown> {
  if (name !== 'rules') return row
  return { ...row, positions: String(row.positions).split(',').filter((part) => part !== '') }
}

function input (name: CatalogName, body: Record<string, unknown>): Record<string, unknown> {
  if (name !== 'rules' || body.positions === undefined) return body
  const raw = body.positions as string | Array<string | number>
  const positions = parsePositions(typeof raw === 'string' ? raw : raw.map(String))
  if (typeof positions === 'string') throw new MockError('BAD_REQUEST', positions, 'positions')
  return { ...body, positions: positions.join(',') }
}

const source = 'ProVision documentation names this IPAM area; no public client shows its v2 paths'

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const route of routes) {
    const base = `/api/v2/ipam/${route.path}`
    const common = { tags: [route.tag], ...fidelity('modeled', source) }

    app.get(base, {
      schema: {
        operationId: `get_${route.plural}`,
        summary: `List ${route.plural.replace('_', ' ')}`,
        description: route.about,
        ...common,
        response: responses({ 200: Type.Array(route.schema) }, [401])
      }
    }, async (request) => {
      return listCatalog(request.instance.db, route.name).map((row) => shape(route.name, row))
    })

    app.post(base, {
      schema: {
        operationId: `add_${route.singular}`,
        summary: `Add a ${route.singular.replace('_', ' ')}`,
        ...common,
        body: route.input,
        response: responses({ 200: route.schema }, [400, 401, 403, 409, 422])
      }
    }, async (request) => {
      const body = input(route.name, (request.body ?? {}) as Record<string, unknown>)

      request.perms.assert('ipam', 'create')

      return shape(route.name, createCatalogRow(request.instance.db, route.name, body))
    })

    app.get(`${base}/:id`, {
      schema: {
        operationId: `get_${route.singular}`,
        summary: `Get one ${route.singular.replace('_', ' ')}`,
        ...common,
        params: CatalogIdParamsSchema,
        response: responses({ 200: route.schema }, [400, 401, 404])
      }
    }, async (request) => {
      const { id } = request.params as { id: string }

      return shape(route.name, getCatalogRow(request.instance.db, route.name, Number(id)))
    })

    app.patch(`${base}/:id`, {
      schema: {
        operationId: `patch_${route.singular}`,
        summary: `Change a ${route.singular.replace('_', ' ')}`,
        ...common,
        params: CatalogIdParamsSchema,
        body: route.input,
        response: responses({ 200: route.schema }, [400, 401, 403, 404, 409, 422])
      },
      preValidation: emptyBodyAsObject
    }, async (request) => {
      const { id } = request.params as { id: string }
      const body = input(route.name, (request.body ?? {}) as Record<string, unknown>)

      request.perms.assert('ipam', 'update')

      return shape(route.name, updateCatalogRow(request.instance.db, route.name, Number(id), body))
    })

    app.delete(`${base}/:id`, {
      schema: {
        operationId: `delete_${route.singular}`,
        summary: `Delete a ${route.singular.replace('_', ' ')}`,
        description: 'Blocks that referred to it lose the reference. Answers 204.',
        ...common,
        params: CatalogIdParamsSchema,
        response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
      }
    }, async (request, reply) => {
      const { id } = request.params as { id: string }

      request.perms.assert('ipam', 'delete')

      deleteCatalogRow(request.instance.db, route.name, Number(id))
      return reply.code(204).send()
    })
  }
}
