/**
 * The one registry of error codes. Call sites throw by name:
 *   throw new MockError('NOT_FOUND', `resource ${id} not found`)
 * The error handler turns every MockError into `{ message, code }` with the registered status.
 */
export const errorCodes = {
  BAD_REQUEST: { status: 400, message: 'Bad Request' },
  INVALID_CREDENTIALS: { status: 401, message: 'Invalid credentials' },
  PERMISSION_DENIED: { status: 403, message: 'Permission Denied' },
  NOT_FOUND: { status: 404, message: 'Object not found' },
  ROUTE_NOT_FOUND: { status: 404, message: 'Route not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  CONFLICT: { status: 409, message: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  UNPROCESSABLE: { status: 422, message: 'Unprocessable entity' },
  INTERNAL: { status: 500, message: 'Internal server error' },
  NOT_IMPLEMENTED: { status: 501, message: 'Not implemented by the mock' },
  INSTANCE_LIMIT: { status: 503, message: 'Instance limit reached' }
} as const

export type ErrorCode = keyof typeof errorCodes

export class MockError extends Error {
  readonly code: ErrorCode
  readonly statusCode: number
  readonly field: string | undefined

  constructor (code: ErrorCode, message?: string, field?: string) {
    super(message ?? errorCodes[code].message)
    this.name = 'MockError'
    this.code = code
    this.statusCode = errorCodes[code].status
    this.field = field
  }
}

/** The JSON body every error response carries. */
export interface ErrorBody {
  message: string
  code: string
  field?: string
}
