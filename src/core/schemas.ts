import { Type, type TSchema } from 'typebox'
import { ID_INPUT_PATTERN, ID_PATTERN, MAX_ID } from './ids.js'

export const ErrorSchema = Type.Object({
  message: Type.String(),
  code: Type.String(),
  field: Type.Optional(Type.String())
}, { description: 'Error' })

const errorDescriptions: Record<number, string> = {
  400: 'Bad Request',
  401: 'Invalid credentials',
  403: 'Permission Denied',
  404: 'Object not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body is too large',
  415: 'Unsupported content type',
  422: 'Unprocessable entity',
  501: 'Not implemented by the mock',
  503: 'Instance limit reached'
}

/** The error statuses every authenticated API operation can answer. */
export const standardErrors = [400, 401, 403, 404, 422] as const

/**
 * A route's `response` map: the success schema(s) plus an ErrorSchema entry for every error status
 * (the standard set unless given).
 */
export function responses (success: Record<number, TSchema>, errors: readonly number[] = standardErrors):
Record<number, TSchema> {
  const map: Record<number, TSchema> = { ...success }
  for (const status of errors) {
    map[status] = { ...ErrorSchema, description: errorDescriptions[status] ?? 'Error' }
  }
  return map
}

/** An empty 204 response. */
export const NoContentSchema = Type.Null({ description: 'No content' })

/** An id in a body: a number or a string of digits (the Go client sends strings), at most MAX_ID. */
export const IdInputSchema = Type.Union([
  Type.Integer({ minimum: 0, maximum: MAX_ID }),
  Type.String({ pattern: ID_INPUT_PATTERN, description: `digits, 0 to ${MAX_ID}; "" is not given` })
])

/** An id in a path: digits, 0 to MAX_ID. */
export const IdParamSchema = Type.String({ pattern: ID_PATTERN, description: `numeric id, 0 to ${MAX_ID}` })

/** An id in a query string, or a path the vendor types as an integer: 0 to MAX_ID. */
export const IdIntegerSchema = Type.Integer({ minimum: 0, maximum: MAX_ID })

export type Fidelity = 'confirmed' | 'inferred' | 'modeled'

/** The `x-fidelity` annotation every operation carries: how sure we are that it matches ProVision. */
export function fidelity (level: Fidelity, source: string): { 'x-fidelity': Fidelity, 'x-fidelity-source': string } {
  return { 'x-fidelity': level, 'x-fidelity-source': source }
}

/** A list offset: a whole number a database can bind (past 2^53 JavaScript loses precision). */
export const OffsetSchema = Type.Integer({ minimum: 0, maximum: MAX_ID, default: 0 })
