import type { FastifyPluginAsync } from 'fastify'
import { runRoutes } from './runs.js'
import { workflowRoutes } from './workflows.js'

export const acpRoutes: FastifyPluginAsync = async (app) => {
  await app.register(workflowRoutes)
  await app.register(runRoutes)
}
