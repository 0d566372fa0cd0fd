import type { FastifyPluginAsync } from 'fastify'
import { groupRoutes } from './groups.js'
import { pushRoutes } from './push.js'
import { recordRoutes } from './records.js'
import { serverRoutes } from './servers.js'
import { zoneRoutes } from './zones.js'

export const dnsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(zoneRoutes)
  await app.register(recordRoutes)
  await app.register(groupRoutes)
  await app.register(serverRoutes)
  await app.register(pushRoutes)
}
