import type { FastifyInstance } from 'fastify'
import { responses } from '../../core/schemas.js'
import { resetInstance } from '../reset.js'
import { controlRoute, ResetSchema } from '../schemas.js'
import { perInstance } from './per-instance.js'

export async function resetRoutes (app: FastifyInstance): Promise<void> {
  perInstance(app, {
    method: 'POST',
    path: '/reset',
    schema: {
      operationId: 'mock_reset',
      summary: 'Reset an instance to its fixture state',
      description: 'The database becomes a fresh copy of the fixture set\'s template image (seeded once at ' +
        'start, never replayed), so a reset takes a millisecond or two. The clock goes back to real time, job ' +
        'speed to the configured one, and the journal and fault rules are emptied; snapshots are kept. ' +
        '`POST /_mock/reset` resets `default`. `ms` says how long it took.',
      ...controlRoute,
      response: responses({ 200: ResetSchema }, [400, 401, 503])
    },
    handler: async (_request, _reply, instance) =>
      resetInstance(app.instances, instance, app.config.jobSpeed, app.config.journalSize)
  })
}
