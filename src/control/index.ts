import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { DocumentInfo } from '../core/openapi.js'
import { fidelity } from '../core/schemas.js'

export const controlDocument: DocumentInfo = {
  name: 'control',
  title: 'Mock control',
  description: 'The mock\'s own API under /_mock/: health and readiness. Not part of ProVision.',
  prefixes: ['/_mock']
}

const tags = ['Mock control']

const HealthSchema = Type.Object({
  status: Type.String(),
  instances: Type.Integer(),
  uptime_s: Type.Number()
})

/** The mock's own API. Everything lives under /_mock/, outside the vendor paths. */
export const controlPlane: FastifyPluginAsyncTypebox = async (app) => {
  const started = Date.now()
  const health = async (): Promise<{ status: string, instances: number, uptime_s: number }> => ({
    status: 'ok',
    instances: app.instances.list().length,
    uptime_s: Math.round((Date.now() - started) / 10) / 100
  })

  app.get('/_mock/health', {
    schema: {
      operationId: 'mock_health',
      summary: 'Liveness: 200 once migrations and seeding are done',
      tags,
      ...fidelity('modeled', 'provision-mock control API'),
      response: { 200: HealthSchema }
    }
  }, health)

  app.get('/_mock/ready', {
    schema: {
      operationId: 'mock_ready',
      summary: 'Readiness: migrated, seeded, ready to serve',
      tags,
      ...fidelity('modeled', 'provision-mock control API'),
      response: { 200: HealthSchema }
    }
  }, health)
}
