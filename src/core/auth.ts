import { randomBytes, timingSafeEqual } from 'node:crypto'
import { Socket } from 'node:net'
import basicAuth from '@fastify/basic-auth'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { MockError } from './errors.js'
import { getUserById, getUserByName, identityVersion, listGrantsOfUser, type GrantRow } from './identity-store.js'
import { verifyPassword } from './passwords.js'
import { setIdentity, type AuthUser } from './request-context.js'

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

interface Session {
  db: unknown
  version: number
  user: AuthUser
  grants: GrantRow[]
}

/**
 * HTTP Basic on every /api/v2 route, against the instance's users. Verifying a password costs a
 * scrypt hash, so a verified Authorization header is remembered per instance together with the
 * user, their grants and the instance's identity version (which every change to users, groups,
 * memberships and grants moves). A hit needs one one-row read; a password change, a disabled
 * account or a changed grant moves the version, so it takes effect on the very next request.
 */
export const authentication = fp(async function authentication (app: FastifyInstance) {
  const sessions = new Map<string, Session>()

  function sessionKey (request: FastifyRequest): string | undefined {
    const header = request.headers.authorization
    return header === undefined ? undefined : `${request.instanceName}\0${header}`
  }

  /** The full check: user, password hash, grants. Synchronous, so requests keep their order. */
  function verify (username: string, password: string, request: FastifyRequest): void {
    const db = request.instance.db
    const version = identityVersion(db)
    const user = getUserByName(db, username)
    if (user === undefined || user.enabled !== 1) throw new MockError('INVALID_CREDENTIALS')
    if (!verifyPassword(password, user.password_hash)) throw new MockError('INVALID_CREDENTIALS')
    const grants = listGrantsOfUser(db, user.id)
    const session = { db, version, user: { id: user.id, username: user.username }, grants }
    const key = sessionKey(request)
    if (key !== undefined) {
      if (sessions.size >= cacheLimit) sessions.delete(sessions.keys().next().value as string)
      sessions.set(key, session)
    }
    setIdentity(request, session.user, session.grants)
  }

  function validate (
    username: string, password: string, request: FastifyRequest, _reply: unknown, done: (error?: Error) => void
  ): void {
    try {
      verify(username, password, request)
    } catch (error) {
      return done(error as Error)
    }
    done()
  }

  await app.register(basicAuth, { validate, authenticate: { realm: 'ProVision' } })

  function authenticateInternally (request: FastifyRequest, value: string | string[]): void {
    const user = getUserById(request.instance.db, readInternalIdentity(request, value))
    if (user === undefined || user.enabled !== 1) throw new MockError('INVALID_CREDENTIALS')
    setIdentity(request, { id: user.id, username: user.username })
  }

  /** The remembered identity for this request's credentials, while nothing about identities has changed. */
  function remembered (request: FastifyRequest): Session | undefined {
    const key = sessionKey(request)
    if (key === undefined) return undefined
    const session = sessions.get(key)
    if (session === undefined) return undefined
    const db = request.instance.db
    if (session.db === db && session.version === identityVersion(db)) return session
    sessions.delete(key)
    return undefined
  }

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'OPTIONS') return done()
    if (!request.url.startsWith('/api/v2/') && request.url !== '/api/v2') return done()
    const internal = request.headers[INTERNAL_IDENTITY_HEADER]
    if (internal === undefined) {
      const session = remembered(request)
      if (session === undefined) return app.basicAuth(request, reply, done)
      setIdentity(request, session.user, session.grants)
      return done()
    }
    try {
      authenticateInternally(request, internal)
    } catch (error) {
      return done(error as MockError)
    }
    done()
  })
}, { name: 'authentication', dependencies: ['request-context'] })
