import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { attachmentRoutes } from './attachments.js'
import { attrRoutes } from './attrs.js'
import { backupRoutes } from './backups.js'
import { booleanParams } from './common.js'
import { jobRoutes } from './jobs.js'
import { linkRoutes } from './links.js'
import { resourceRoutes } from './resources.js'
import { treeRoutes } from './tree.js'

/** Every Resources operation. Literal paths win over `{id}` and `{action}` by Fastify's router. */
export const resourcesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Clients send 1/0 for boolean query switches (the Terraform provider sends load_attributes=1).
  app.addHook('preValidation', (request, _reply, done) => {
    // Bodiless POST/PUT/PATCH (the Go client sends Content-Type: application/json with no body) is an empty object.
    if (request.body === undefined && request.method !== 'GET' && request.method !== 'DELETE') request.body = {}
    const query = request.query as Record<string, unknown>
    for (const key of booleanParams) {
      if (query[key] === '1') query[key] = 'true'
      else if (query[key] === '0') query[key] = 'false'
    }
    done()
  })
  await app.register(resourceRoutes)
  await app.register(treeRoutes)
  await app.register(attrRoutes)
  await app.register(linkRoutes)
  await app.register(attachmentRoutes)
  await app.register(backupRoutes)
  await app.register(jobRoutes)
}
