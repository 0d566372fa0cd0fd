import { Type, type TSchema } from 'typebox'

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

/** An id as clients send it: a number or a string of digits (the Go client sends strings). */
export const IdInputSchema = Type.Union([
  Type.Integer({ minimum: 0 }),
  Type.String({ pattern: '^[0-9]*$', maxLength: 19 })
])

/** An id in a path: digits only. */
export const IdParamSchema = Type.String({ pattern: '^[0-9]{1,18}$', description: 'numeric id' })

export type Fidelity = 'confirmed' | 'inferred' | 'modeled'

/** The `x-fidelity` annotation every operation carries: how sure we are that it matches ProVision. */
export function fidelity (level: Fidelity, source: string): { 'x-fidelity': Fidelity, 'x-fidelity-source': string } {
  return { 'x-fidelity': level, 'x-fidelity-source': source }
}

/** Reads an optional id input ('' and null mean "not given"). */
export function readId (value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const id = Number(value)
  return Number.isSafeInteger(id) && id >= 0 ? id : undefined
}

/** A list offset: a whole number a database can bind (past 2^53 JavaScript loses precision). */
export const OffsetSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })
