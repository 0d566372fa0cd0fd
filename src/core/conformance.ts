import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export interface Violation {
  method: string
  url: string
  route: string
  status: number
  problem: string
}

// Statuses any route can answer without listing them: they come from the server as a whole.
const globalStatuses = new Set([405, 413, 415, 501, 503])

/**
 * Checks every response against the response schema its route documents: the status must be
 * listed and the JSON body must validate (no coercion). Used by the test suite, so a route whose
 * documents and behaviour drift apart fails there. Off in normal operation.
 */
export function installConformanceCheck (app: FastifyInstance, report: (violation: Violation) => void): void {
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false })
  addFormats(ajv)
  for (const keyword of ['example', 'x-fidelity', 'x-fidelity-source']) ajv.addKeyword(keyword)
  const compiled = new WeakMap<object, ValidateFunction>()

  const check = (request: FastifyRequest, reply: FastifyReply, payload: unknown): void => {
    const route = request.routeOptions
    const schema = route.schema as { response?: Record<string, object>, hide?: boolean } | undefined
    const status = reply.statusCode
    const where = { method: request.method, url: request.url, route: route.url ?? '(no route)', status }
    // A response the control plane's fault rules injected is off-schema on purpose.
    if (reply.getHeader('x-mock-fault') !== undefined) return
    if (status >= 500 && status !== 501 && status !== 503) {
      report({ ...where, problem: 'server error' })
      return
    }
    if (route.url === undefined || schema === undefined || schema.hide === true) return
    const documented = schema.response?.[String(status)] ?? schema.response?.[`${String(status)[0]}xx`]
    if (documented === undefined) {
      if (!globalStatuses.has(status)) report({ ...where, problem: `status ${status} is not documented` })
      return
    }
    if (status === 204) {
      if (payload !== undefined && payload !== null && payload !== '') report({ ...where, problem: '204 with a body' })
      return
    }
    const type = String(reply.getHeader('content-type') ?? '')
    if (!type.startsWith('application/json') || typeof payload !== 'string') return
    let body: unknown
    try {
      body = JSON.parse(payload)
    } catch {
      report({ ...where, problem: 'body is not JSON' })
      return
    }
    let validate = compiled.get(documented)
    if (validate === undefined) {
      validate = ajv.compile(documented)
      compiled.set(documented, validate)
    }
    if (!validate(body)) {
      const first = validate.errors?.[0]
      report({ ...where, problem: `body${first?.instancePath ?? ''} ${first?.message ?? 'does not match'}` })
    }
  }

  app.addHook('onSend', async (request, reply, payload) => {
    check(request, reply, payload)
    return payload
  })
}
