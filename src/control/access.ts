import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { MockError } from '../core/errors.js'

const open = new Set(['/_mock/health', '/_mock/ready'])

function digest (text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function presented (request: FastifyRequest): string | undefined {
  const header = request.headers['x-mock-token']
  if (typeof header === 'string') return header
  const authorization = request.headers.authorization
  if (authorization?.startsWith('Bearer ') === true) return authorization.slice(7).trim()
  return undefined
}

/**
 * With a control token configured, every /_mock/ route but health and readiness needs it in
 * `X-Mock-Token` (or `Authorization: Bearer`). Without one the control plane is open, which is
 * what the default loopback listener wants.
 */
export function installAccess (app: FastifyInstance): void {
  const token = app.config.controlToken
  if (token === '') return
  const expected = digest(token)
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS' || open.has(request.url.split('?')[0])) return
    const given = presented(request)
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new MockError('INVALID_CREDENTIALS',
        'the control API needs the control token in X-Mock-Token (or Authorization: Bearer)')
    }
  })
}
