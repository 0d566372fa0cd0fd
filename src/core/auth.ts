import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { Socket } from 'node:net'
import basicAuth from '@fastify/basic-auth'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { MockError } from './errors.js'
import { getUserById, getUserByName } from './identity-store.js'
import { verifyPassword } from './passwords.js'

const cacheLimit = 2048

/** Header that lets the server call itself as a given user (scheduled ACP runs have no caller). */
export const INTERNAL_IDENTITY_HEADER = 'x-provision-mock-internal'
const internalSecret = randomBytes(32)

/**
 * Headers for a request the server injects into itself on behalf of `userId`. The secret is made
 * per process and never leaves it; the header is honoured only on injected requests (no network
 * socket), so nothing sent over the wire can use it.
 */
export function internalIdentityHeaders (userId: number): Record<string, string> {
  return { [INTERNAL_IDENTITY_HEADER]: `${internalSecret.toString('hex')}:${userId}` }
}

/** The user id an internal identity header names, or a 401 for anything else. */
function readInternalIdentity (request: FastifyRequest, value: string | string[]): number {
  const refuse = (message: string): MockError => new MockError('INVALID_CREDENTIALS', message)
  if (request.raw.socket instanceof Socket) throw refuse('internal identity headers are not accepted from the network')
  const match = typeof value === 'string' ? /^([0-9a-f]{64}):([0-9]{1,18})$/.exec(value) : null
  if (match === null) throw refuse('Invalid credentials')
  const secret = Buffer.from(match[1], 'hex')
  if (!timingSafeEqual(secret, internalSecret)) throw refuse('Invalid credentials')
  return Number(match[2])
}

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

  function authenticateInternally (request: FastifyRequest, value: string | string[]): void {
    const user = getUserById(request.instance.db, readInternalIdentity(request, value))
    if (user === undefined || user.enabled !== 1) throw new MockError('INVALID_CREDENTIALS')
    request.user = { id: user.id, username: user.username }
  }

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'OPTIONS') return done()
    if (!request.url.startsWith('/api/v2/') && request.url !== '/api/v2') return done()
    const internal = request.headers[INTERNAL_IDENTITY_HEADER]
    if (internal === undefined) return app.basicAuth(request, reply, done)
    try {
      authenticateInternally(request, internal)
    } catch (error) {
      return done(error as MockError)
    }
    done()
  })
}, { name: 'authentication', dependencies: ['request-context'] })
