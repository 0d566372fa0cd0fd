import { createHash } from 'node:crypto'
import basicAuth from '@fastify/basic-auth'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { MockError } from './errors.js'
import { getUserByName } from './identity-store.js'
import { verifyPassword } from './passwords.js'

const cacheLimit = 2048

/**
 * HTTP Basic on every /api/v2 route, against the instance's users. A verified password is
 * remembered together with the stored hash it matched, and reused only while the user's stored
 * hash is still that one and the user is enabled, so a password change or a disabled account
 * takes effect on the very next request while the steady state costs one indexed lookup.
 */
export const authentication = fp(async function authentication (app: FastifyInstance) {
  const verified = new Map<string, string>()

  async function validate (username: string, password: string, request: FastifyRequest): Promise<void> {
    const db = request.instance.db
    const user = getUserByName(db, username)
    if (user === undefined || user.enabled !== 1) throw new MockError('INVALID_CREDENTIALS')
    const key = createHash('sha256').update(`${request.instanceName}\0${username}\0${password}`).digest('base64')
    if (verified.get(key) !== user.password_hash) {
      if (!verifyPassword(password, user.password_hash)) throw new MockError('INVALID_CREDENTIALS')
      if (verified.size >= cacheLimit) verified.delete(verified.keys().next().value as string)
      verified.set(key, user.password_hash)
    }
    request.user = { id: user.id, username: user.username }
  }

  await app.register(basicAuth, { validate, authenticate: { realm: 'ProVision' } })

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'OPTIONS') return done()
    if (!request.url.startsWith('/api/v2/') && request.url !== '/api/v2') return done()
    app.basicAuth(request, reply, done)
  })
}, { name: 'authentication', dependencies: ['request-context'] })
