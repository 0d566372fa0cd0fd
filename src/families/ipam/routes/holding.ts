import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { formatCidr } from '../ip.js'
import { fidelity, responses } from '../../../core/schemas.js'
import { HoldingProcessSchema, HoldingResultSchema, NetblockListSchema } from '../schemas.js'
import { listHoldingTank, processHoldingTank } from '../store.js'
import { cidrOfRow } from '../tree.js'
import { readFlag, view, visibleTo, emptyBodyAsObject } from './common.js'

const tags = ['IPAM holding tank']
const source = 'ProVision documentation: Holding Tank and the Process Holding Tank task; no public v2 path'

export const holdingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/ipam/holding_tank', {
    schema: {
      operationId: 'get_holding_tank',
      summary: 'List blocks in the Holding Tank',
      description: 'Oldest first; `holding_release_time` says when each returns to Available.',
      tags,
      ...fidelity('modeled', source),
      response: responses({ 200: NetblockListSchema }, [401])
    }
  }, async (request) => {
    return listHoldingTank(request.instance.db).filter(visibleTo(request)).map((row) => view(request, row))
  })

  app.post('/api/v2/ipam/holding_tank/process', {
    schema: {
      operationId: 'process_holding_tank',
      summary: 'Process the Holding Tank now',
      description: 'Returns every block whose `holding_tank_days` have passed on the instance clock to Available ' +
        '(merging per the merge settings), as the scheduler task `process_holding_tank` does; `all` releases ' +
        'every held block. Needs IPAM update rights at the top level.',
      tags,
      ...fidelity('modeled', source),
      body: HoldingProcessSchema,
      response: responses({ 200: HoldingResultSchema }, [400, 401, 403])
    },
    preValidation: emptyBodyAsObject
  }, async (request) => {
    const all = readFlag((request.body as { all?: unknown } | undefined)?.all) === true

    request.perms.assert('ipam', 'update')

    const released = processHoldingTank(request.instance.db, request.instance.clock.now(), all)
    return { released: released.map((row) => formatCidr(cidrOfRow(row))), count: released.length }
  })
}
