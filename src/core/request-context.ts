import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { DEFAULT_INSTANCE, RESERVED_NAMES, type Instance, type InstanceManager } from './instances.js'
import type { GrantRow } from './identity-store.js'
import { Permissions } from './permissions.js'

export interface AuthUser {
  id: number
  username: string
}

declare module 'fastify' {
  interface FastifyInstance {
    instances: InstanceManager
  }
  interface FastifyRequest {
    /** The instance this request addresses (`/{instance}/api/v2/...`; `default` without a prefix). */
    readonly instance: Instance
    /** The authenticated user; set on every /api/v2 request before its handler runs. */
    user: AuthUser
    /** The authenticated user's permissions in this instance. */
    readonly perms: Permissions
    readonly instanceName: string
  }
}

const kInstanceName = Symbol('provision-mock.instance-name')
const kInstance = Symbol('provision-mock.instance')
const kPerms = Symbol('provision-mock.perms')
const kGrants = Symbol('provision-mock.grants')

/** Sets the authenticated user and, when already known, their grants (saving the query `perms` makes). */
export function setIdentity (request: FastifyRequest, user: AuthUser, grants?: GrantRow[]): void {
  request.user = user
  ;(request as unknown as Record<symbol, GrantRow[] | undefined>)[kGrants] = grants
}

type TaggedRequest = IncomingMessage & { [kInstanceName]?: string }

const prefixed = /^\/([A-Za-z0-9_-]{1,64})(\/(?:api|dev)(?:[/?].*)?)$/

/**
 * Fastify's rewriteUrl: `/{instance}/api/v2/...` and `/{instance}/dev/...` are routed as the
 * unprefixed path, and the instance name is remembered on the raw request.
 */
export function rewriteInstanceUrl (req: IncomingMessage): string {
  const url = req.url ?? '/'
  const match = prefixed.exec(url)
  if (match === null || RESERVED_NAMES.has(match[1])) return url
  ;(req as TaggedRequest)[kInstanceName] = match[1]
  return match[2]
}

/** Adds `request.instance`, `request.instanceName`, `request.user` and `request.perms`. */
export const requestContext = fp(
  async function requestContext (app: FastifyInstance, opts: { instances: InstanceManager }) {
    app.decorate('instances', opts.instances)
    app.decorateRequest('instanceName', {
      getter () {
        return (this.raw as TaggedRequest)[kInstanceName] ?? DEFAULT_INSTANCE
      }
    })
    app.decorateRequest('instance', {
      getter () {
        const self = this as unknown as Record<symbol, Instance | undefined>
        return (self[kInstance] ??= app.instances.get(this.instanceName))
      }
    })
    app.decorateRequest('user', null as unknown as AuthUser)
    app.decorateRequest('perms', {
      getter () {
        const self = this as unknown as { [kPerms]?: Permissions, [kGrants]?: GrantRow[] }
        return (self[kPerms] ??= new Permissions(this.instance.db, this.user.id, self[kGrants]))
      }
    })
  },
  { name: 'request-context' }
)
