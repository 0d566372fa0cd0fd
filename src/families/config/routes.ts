import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { fidelity, responses } from '../../core/schemas.js'
import { ConfigPatchSchema, ConfigSchema } from './schemas.js'
import { getConfig, patchConfig } from './store.js'

const tags = ['Config']

export const configRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/config', {
    schema: {
      operationId: 'get_config',
      summary: 'Read the instance settings',
      description: 'Every setting with its current value, as strings. Any authenticated user may read them.',
      tags,
      ...fidelity('inferred', 'docs.6connect.com APIv2 pages show the config endpoint; keys from the IPAM admin page'),
      response: responses({ 200: ConfigSchema }, [401])
    }
  }, async (request) => {
    return getConfig(request.instance.db)
  })

  app.patch('/api/v2/config', {
    schema: {
      operationId: 'patch_config',
      summary: 'Change settings',
      description: 'Admin only. Unknown keys and wrong types are a 400. Answers every setting after the change.',
      tags,
      ...fidelity('confirmed', 'vendor documentation example: PATCH /api/v2/config {"auto_merge_limits":"10"}'),
      body: ConfigPatchSchema,
      response: responses({ 200: ConfigSchema }, [400, 401, 403])
    }
  }, async (request) => {
    const changes = request.body as Record<string, unknown>

    request.perms.assertAdmin()

    return patchConfig(request.instance.db, changes)
  })
}
