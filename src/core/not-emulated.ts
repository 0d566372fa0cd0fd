import type { FastifyInstance } from 'fastify'
import { MockError } from './errors.js'

/**
 * API families the product documents but the mock does not emulate (no public record of their
 * paths): every method under them answers 501, never 404, so a client learns the call is known.
 */
export const notEmulatedPrefixes = ['/api/v2/views', '/api/v2/resource_views', '/api/v2/peering', '/api/v2/contacts',
  '/api/v2/ssh']

export async function notEmulated (app: FastifyInstance): Promise<void> {
  const handler = async (): Promise<never> => {
    throw new MockError('NOT_IMPLEMENTED', 'this ProVision API family is not emulated by provision-mock')
  }
  for (const prefix of notEmulatedPrefixes) {
    for (const url of [prefix, `${prefix}/*`]) {
      app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url, schema: { hide: true }, handler })
    }
  }
}
