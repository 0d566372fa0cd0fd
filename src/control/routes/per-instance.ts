import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { Type, type TProperties } from 'typebox'
import type { Instance } from '../../core/instances.js'
import { DEFAULT_INSTANCE } from '../../core/instances.js'
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

/**
 * Registers a control route twice: `/_mock/instances/{name}<path>` (documented) and the
 * unprefixed `/_mock<path>` for the `default` instance (hidden from the document, same schema).
 * The instance is created on first use, as the vendor API does.
 */
export function perInstance (app: FastifyInstance, route: PerInstanceRoute): void {
  const own = route.params ?? {}
  app.route({
    method: route.method,
    url: `/_mock/instances/:name${route.path}`,
    schema: { ...route.schema, params: Type.Object({ name: InstanceNameSchema, ...own }) },
    handler: async (request: AnyRequest, reply) =>
      await route.handler(request, reply, app.instances.get(request.params.name as string))
  })
  const { operationId: _hidden, ...rest } = route.schema
  app.route({
    method: route.method,
    url: `/_mock${route.path}`,
    schema: { ...rest, hide: true, ...(route.params === undefined ? {} : { params: Type.Object(own) }) },
    handler: async (request: AnyRequest, reply) =>
      await route.handler(request, reply, app.instances.get(DEFAULT_INSTANCE))
  })
}
