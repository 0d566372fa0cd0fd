import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { Type, type TProperties } from 'typebox'
import type { Instance } from '../../core/instances.js'
import { DEFAULT_INSTANCE } from '../../core/instances.js'
import { MockError } from '../../core/errors.js'
import { responses } from '../../core/schemas.js'
import { InstanceNameSchema } from '../schemas.js'

type AnyRequest = FastifyRequest & { body: any, query: any, params: any }

export interface PerInstanceRoute {
  method: HTTPMethods
  /** The path after the instance part, e.g. `/reset` or `/snapshots/:snapshot`. */
  path: string
  /** The route schema without `params`; `params` lists the path's own parameters. */
  schema: Record<string, unknown> & { operationId: string }
  params?: TProperties
  handler: (request: AnyRequest, reply: FastifyReply, instance: Instance) => Promise<unknown>
}

/** Methods whose control routes make the instance they name on first use. */
function creates (method: HTTPMethods): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH'
}

/**
 * The instance a control request names. A write (POST, PUT, PATCH) creates it on first use, as
 * the vendor API does, so a suite can set faults or the clock before its first call. A read or
 * a DELETE of one that does not exist is a 404: a misspelt name must not quietly make an
 * instance (and use up the cap) just by being looked at. `default` is the exception.
 */
function instanceFor (app: FastifyInstance, method: HTTPMethods, name: string): Instance {
  // `default` always exists: after a DELETE the next use of it, read or write, makes it afresh.
  if (creates(method) || name === DEFAULT_INSTANCE) {
    return app.instances.get(name)
  }
  const instance = app.instances.find(name)
  if (instance === undefined) {
    throw new MockError('NOT_FOUND',
      `instance ${name} does not exist; its first API request or POST /_mock/instances creates it`, 'name')
  }
  return instance
}

/** The route's documented responses, with the 404 an unknown instance name gets. */
function withNotFound (schema: PerInstanceRoute['schema']): PerInstanceRoute['schema'] {
  const response = schema.response as Record<number, unknown> | undefined
  if (response === undefined || response[404] !== undefined) return schema
  return { ...schema, response: { ...response, ...responses({}, [404]) } }
}

/**
 * Registers a control route twice: `/_mock/instances/{name}<path>` (documented) and the
 * unprefixed `/_mock<path>` for the `default` instance (hidden from the document, same schema).
 */
export function perInstance (app: FastifyInstance, route: PerInstanceRoute): void {
  const own = route.params ?? {}
  app.route({
    method: route.method,
    url: `/_mock/instances/:name${route.path}`,
    schema: {
      ...(creates(route.method) ? route.schema : withNotFound(route.schema)),
      params: Type.Object({ name: InstanceNameSchema, ...own })
    },
    handler: async (request: AnyRequest, reply) =>
      await route.handler(request, reply, instanceFor(app, route.method, request.params.name as string))
  })
  const { operationId: _hidden, ...rest } = route.schema
  app.route({
    method: route.method,
    url: `/_mock${route.path}`,
    schema: { ...rest, hide: true, ...(route.params === undefined ? {} : { params: Type.Object(own) }) },
    handler: async (request: AnyRequest, reply) =>
      await route.handler(request, reply, instanceFor(app, route.method, DEFAULT_INSTANCE))
  })
}
