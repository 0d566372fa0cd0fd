import type { FastifyPluginAsync } from 'fastify'
import { groupRoutes } from './groups.js'
import { poolRoutes } from './pools.js'
import { pushRoutes } from './push.js'
import { reservationRoutes } from './reservations.js'
import { serverRoutes } from './servers.js'

export const dhcpRoutes: FastifyPluginAsync = async (app) => {
  await app.register(serverRoutes)
  await app.register(groupRoutes)
  await app.register(poolRoutes)
  await app.register(reservationRoutes)
  await app.register(pushRoutes)
}
