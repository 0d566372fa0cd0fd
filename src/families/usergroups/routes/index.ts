import type { FastifyPluginAsync } from 'fastify'
import { grantRoutes } from './grants.js'
import { groupRoutes } from './groups.js'
import { memberRoutes } from './members.js'

export const usergroupRoutes: FastifyPluginAsync = async (app) => {
  await app.register(groupRoutes)
  await app.register(memberRoutes)
  await app.register(grantRoutes)
}
