import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { controlState } from './state.js'

const kFault = Symbol('provision-mock.fault')

type MarkedRequest = FastifyRequest & { [kFault]?: string }

/** The vendor API, as routed (the instance prefix already removed): what is journaled and faulted. */
function isApi (url: string): boolean {
  return url === '/api' || url.startsWith('/api/')
}

function operationIdOf (request: FastifyRequest): string | null {
  const id = (request.routeOptions.schema as { operationId?: unknown } | undefined)?.operationId
  return typeof id === 'string' ? id : null
}

/** Bodies past this size are journaled as a note of their size, so the journal's memory stays bounded. */
export const journalBodyLimit = 65536

function bodyOf (request: FastifyRequest): unknown {
  if (request.body === undefined || request.body === null) return null
  const length = Number(request.headers['content-length'] ?? 0)
  return length > journalBodyLimit ? { truncated: true, bytes: length } : request.body
}

function pathOf (request: FastifyRequest): string {
  const url = request.url
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/**
 * The journal and fault hooks over every vendor API request. Registered before the families so
 * their routes get the hooks. Faults are decided after authentication, so a request with bad
 * credentials still gets its 401; an injected answer skips the handler and carries
 * `X-Mock-Fault: <rule id>`.
 */
export const controlHooks = fp(async function controlHooks (app: FastifyInstance) {
  // The operationIds fault rules may name: every vendor API route registered after this plugin.
  const operationIds = new Set<string>()
  app.decorate('vendorOperationIds', operationIds)
  app.addHook('onRoute', (route) => {
    const id = (route.schema as { operationId?: unknown } | undefined)?.operationId
    if (typeof id === 'string' && isApi(route.url)) operationIds.add(id)
  })

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'OPTIONS' || !isApi(request.url)) return done()
    const instance = app.instances.find(request.instanceName)
    if (instance === undefined) return done()
    const faults = controlState(instance, app.config.journalSize).faults
    if (faults.size === 0) return done()
    const decision = faults.decide(request.method, pathOf(request), operationIdOf(request))
    if (decision === undefined) return done()
    ;(request as MarkedRequest)[kFault] = decision.rule.id
    const answer = (): void => {
      if (decision.status === undefined) return done()
      reply.code(decision.status)
        .headers({ ...decision.headers, 'x-mock-fault': decision.rule.id })
        .type('application/json; charset=utf-8')
        .serializer((payload: unknown) => JSON.stringify(payload))
        .send(decision.body)
    }
    if (decision.delayMs > 0) setTimeout(answer, decision.delayMs)
    else answer()
  })

  app.addHook('onResponse', (request, reply, done) => {
    if (!isApi(request.url)) return done()
    const instance = app.instances.find(request.instanceName)
    if (instance === undefined) return done()
    controlState(instance, app.config.journalSize).journal.add({
      time: instance.clock.now(),
      method: request.method,
      path: pathOf(request),
      query: request.query ?? {},
      body: bodyOf(request),
      status: reply.statusCode,
      user: request.user?.username ?? null,
      operationId: operationIdOf(request),
      duration_ms: Math.round(reply.elapsedTime * 100) / 100,
      fault: (request as MarkedRequest)[kFault] ?? null
    })
    done()
  })
}, { name: 'control-hooks', dependencies: ['request-context'] })

declare module 'fastify' {
  interface FastifyInstance {
    /** operationIds of the vendor API routes, for checking fault rules. */
    vendorOperationIds: ReadonlySet<string>
  }
}
