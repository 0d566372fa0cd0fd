import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MockError } from '../../../core/errors.js'
import { fidelity, IdParamSchema, responses } from '../../../core/schemas.js'
import { formatCidr } from '../ip.js'
import { JobMessageSchema, PidSchema, SwipSchema } from '../schemas.js'
import { getNetblock, markSwipped, unswip } from '../store.js'
import { cidrOfRow } from '../tree.js'
import { ownerOf, tags as ipamTags, emptyBodyAsObject } from './common.js'

const tags = [...ipamTags, 'IPAM SWIP']
const source = 'ProVision documentation: SWIP to the RIR via a LIR; no public v2 path'
const actions = ['reassign', 'reallocate', 'remove']

export const swipRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put('/api/v2/ipam/netblocks/:ref/swip', {
    schema: {
      operationId: 'swip_netblock',
      summary: 'SWIP an assigned block to its RIR (a job)',
      description: '`action` reassign (default) or reallocate marks the block swipped with `net_handle`, ' +
        '`customer_handle` and the time; remove clears it. Needs the SWIP flag on the block\'s resource. ' +
        'Answers `{pid}`; poll `swip_status`.',
      tags,
      ...fidelity('modeled', source),
      params: Type.Object({ ref: IdParamSchema }),
      body: SwipSchema,
      response: responses({ 200: PidSchema }, [400, 401, 403, 404, 409])
    },
    preValidation: emptyBodyAsObject
  }, async (request) => {
    const body = (request.body ?? {}) as { net_handle?: string, customer_handle?: string, action?: string }
    const action = body.action ?? 'reassign'
    if (!actions.includes(action)) {
      throw new MockError('BAD_REQUEST', `action must be one of ${actions.join(', ')}`, 'action')
    }
    const row = getNetblock(request.instance.db, Number((request.params as { ref: string }).ref))

    if (!request.perms.canSwip(ownerOf(row))) {
      throw new MockError('PERMISSION_DENIED', 'Permission Denied: SWIP is not granted')
    }
    if (row.resource_id === null || row.status === 'holding') {
      throw new MockError('CONFLICT', `netblock ${row.id} is not assigned; only assigned blocks are SWIPped`)
    }

    const now = request.instance.clock.now()
    if (action === 'remove') unswip(request.instance.db, row.id, now)
    else markSwipped(request.instance.db, row.id, body, now)
    const cidr = formatCidr(cidrOfRow(row))
    const registry = row.rir === '' ? 'the RIR' : row.rir
    const pid = request.instance.jobs.start('swip', row.id, [
      { afterMs: 0, state: 'running', message: `SWIP ${action} of ${cidr} queued for ${registry}` },
      { afterMs: 2000, state: 'finished', message: `SWIP ${action} of ${cidr} completed` }
    ])
    return { pid }
  })

  app.get('/api/v2/ipam/netblocks/:ref/swip_status', {
    schema: {
      operationId: 'swip_status_netblock',
      summary: 'Status messages of a SWIP job',
      tags,
      ...fidelity('modeled', source),
      params: Type.Object({ ref: IdParamSchema }),
      querystring: Type.Object({ pid: Type.String() }),
      response: responses({ 200: Type.Array(JobMessageSchema) }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const { ref: id } = request.params as { ref: string }
    const row = getNetblock(request.instance.db, Number(id))

    request.perms.assert('ipam', 'read', ownerOf(row))

    const messages = request.instance.jobs.status((request.query as { pid: string }).pid, 'swip', row.id)
    if (messages === undefined) throw new MockError('NOT_FOUND', 'no such SWIP job for this netblock')
    return messages
  })
}
