import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { aggregateRoutes } from './aggregates.js'
import { assignRoutes } from './assign.js'
import { catalogRoutes } from './catalogs.js'
import { holdingRoutes } from './holding.js'
import { netblockRoutes } from './netblocks.js'
import { swipRoutes } from './swip.js'

/** Every IPAM route, in the order of the family's OpenAPI document. */
export const ipamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(netblockRoutes)
  await app.register(assignRoutes)
  await app.register(holdingRoutes)
  await app.register(swipRoutes)
  await app.register(aggregateRoutes)
  await app.register(catalogRoutes)
}
