import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import FindMyWay from 'find-my-way'
import { errorCodes, MockError, type ErrorBody, type ErrorCode } from './errors.js'
import { breaksIdRule, idError } from './ids.js'

// Fastify's own error codes, mapped onto the registry.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_BASIC_AUTH_MISSING_OR_BAD_AUTHORIZATION_HEADER: 'INVALID_CREDENTIALS',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE'
}

function validationBody (error: FastifyError, request: FastifyRequest): ErrorBody {
  // An id that breaks the rule may fail inside one branch of a union (a digit string that is too
  // long fails the string branch's pattern and the number branch's type): the id error says more.
  const first = error.validation?.find(breaksIdRule) ?? error.validation?.[0]
  const context = error.validationContext ?? 'body'
  let path = (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.')
  const params = (first?.params ?? {}) as Record<string, unknown>
  if (
    typeof params.missingProperty === 'string'
  ) path = path === '' ? params.missingProperty : `${path}.${params.missingProperty}`
  if (typeof params.additionalProperty === 'string') {
    path = path === '' ? params.additionalProperty : `${path}.${params.additionalProperty}`
  }
  const field = path === '' ? context : `${context}.${path}`
  if (first !== undefined && breaksIdRule(first)) {
    // data: the value as sent (src/core/validation.ts); sentNumbers: JSON numbers as sent (app.ts).
    const { message, code } = idError(field, (first as { data?: unknown }).data, request.sentNumbers)
    return { message, code, field }
  }
  let rule = first?.message ?? 'is invalid'
  // A union of literals fails once per literal: name them all instead of the first.
  const allowed = error.validation
    ?.filter((e) => e.instancePath === first?.instancePath && e.keyword === 'const')
    .map((e) => String((e.params as { allowedValue?: unknown }).allowedValue))
  if (first?.keyword === 'enum') {
    rule = `must be one of ${((params.allowedValues ?? []) as unknown[]).map(String).join(', ')}`
  } else if (allowed !== undefined && allowed.length > 1) rule = `must be one of ${allowed.join(', ')}`
  if (typeof params.additionalProperty === 'string') rule = 'is not a known field'
  if (typeof params.missingProperty === 'string') rule = 'is required'
  return { message: `${field} ${rule}`, code: 'BAD_REQUEST', field }
}

/** Maps every error to `{ message, code }` JSON with the right status; 5xx details stay in the log. */
export function errorHandler (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply):
FastifyReply {
  const misrouted = literalElsewhere(this, request, error)
  if (misrouted !== undefined) return methodNotAllowed(reply, request.method, misrouted.path, misrouted.methods)
  if (error instanceof MockError) {
    const body: ErrorBody = { message: error.message, code: error.code }
    if (error.field !== undefined) body.field = error.field
    return reply.code(error.statusCode).send(body)
  }
  if (error.validation !== undefined) return reply.code(400).send(validationBody(error, request))
  const mapped = error.code === undefined ? undefined : fastifyCodes[error.code]
  if (mapped !== undefined) {
    const status = errorCodes[mapped].status
    const message = mapped !== 'INVALID_CREDENTIALS'
      ? error.message
      : request.headers.authorization === undefined ? 'HTTP Basic credentials are required' : 'Invalid credentials'
    return reply.code(status).send({ message, code: mapped } satisfies ErrorBody)
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    return reply.code(status).send({ message: error.message, code: 'BAD_REQUEST' } satisfies ErrorBody)
  }
  request.log.error({ err: error }, 'unhandled error')
  return reply.code(500).send({ message: errorCodes.INTERNAL.message, code: 'INTERNAL' } satisfies ErrorBody)
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

function methodNotAllowed (reply: FastifyReply, method: string, path: string, allowed: readonly string[]):
FastifyReply {
  return reply.code(405).header('allow', allowed.join(', ')).send({
    message: `${method} is not allowed on ${path}; use ${allowed.join(', ')}`,
    code: 'METHOD_NOT_ALLOWED'
  } satisfies ErrorBody)
}

const kLiteral = Symbol('provision-mock.literal-routes')

type WithLiteral = FastifyInstance & { [kLiteral]?: Map<string, string[]> }

/**
 * A 400 or 404 on a parameter route whose path is, word for word, another method's route
 * (`GET /resources/query`, `GET /ipam/netblocks/smart_assign`): the client used the wrong
 * method, so the answer is the 405 the literal route implies, not "query is not an id".
 */
function literalElsewhere (app: FastifyInstance, request: FastifyRequest, error: FastifyError):
{ path: string, methods: string[] } | undefined {
  const status = error instanceof MockError ? error.statusCode : error.validation === undefined ? 0 : 400
  if (status !== 400 && status !== 404) return undefined
  const path = request.url.split('?')[0]
  const literal = (app as WithLiteral)[kLiteral]?.get(path)
  if (literal === undefined || literal.includes(request.method)) return undefined
  return { path, methods: literal }
}

/**
 * 404 for an unknown path, 405 when the path exists under another method. Fastify's router
 * only answers "no route", so a mirror of the route table tells the two apart. The mirror is
 * built on the first miss, not at startup: inserting every route into a second router was a
 * noticeable part of cold start, and many processes never see an unknown route.
 */
export function installNotFound (app: FastifyInstance): void {
  const routes: Array<[string, string]> = []
  let mirror: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined
  // Paths without parameters, with their methods: what a 405 names first.
  const literal = new Map<string, string[]>()
  ;(app as WithLiteral)[kLiteral] = literal
  app.addHook('onRoute', (route) => {
    const routeMethods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of routeMethods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue
      routes.push([method, route.url])
      if (!/[:*]/.test(route.url)) literal.set(route.url, [...(literal.get(route.url) ?? []), method])
    }
  })
  const router = (): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> => {
    if (mirror === undefined) {
      mirror = FindMyWay({ ignoreDuplicateSlashes: true })
      for (const [method, url] of routes) {
        if (mirror.find(method as 'GET', url) === null) mirror.on(method as 'GET', url, () => {})
      }
    }
    return mirror
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    // A literal route's methods win over parameter routes that also match the path.
    const allowed = literal.get(path) ??
      methods.filter((method) => method !== request.method && router().find(method, path) !== null)
    if (allowed.length > 0) return methodNotAllowed(reply, request.method, path, allowed)
    return reply
      .code(404)
      .send({ message: `no route ${request.method} ${path}`, code: 'ROUTE_NOT_FOUND' } satisfies ErrorBody)
  })
}
