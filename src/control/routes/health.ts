import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { responses } from '../../core/schemas.js'
import { DEFAULT_INSTANCE } from '../../core/instances.js'
import { controlRoute, HealthSchema } from '../schemas.js'

/** Liveness and readiness, open even when a control token is set. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const started = Date.now()
  const health = (): { status: string, instances: number, uptime_s: number } => ({
    status: 'ok',
    instances: app.instances.list().length,
    uptime_s: Math.round((Date.now() - started) / 10) / 100
  })

  app.get('/_mock/health', {
    exposeHeadRoute: true,
    schema: {
      operationId: 'mock_health',
      summary: 'Liveness: 200 while the process serves requests',
      description: 'For container health checks. Never needs the control token.',
      ...controlRoute,
      response: { 200: HealthSchema }
    }
  }, async () => health())

  app.get('/_mock/ready', {
    exposeHeadRoute: true,
    schema: {
      operationId: 'mock_ready',
      summary: 'Readiness: migrated, seeded and answering queries',
      description: 'Runs a query against the `default` instance (creating it from the template if needed), ' +
        'so a 200 means the API will answer. For compose `healthcheck` and Testcontainers-style waits. ' +
        'Never needs the control token.',
      ...controlRoute,
      response: responses({ 200: HealthSchema }, [503])
    }
  }, async () => {
    app.instances.get(DEFAULT_INSTANCE).db.prepare('SELECT 1').get()
    return health()
  })
}
