import type { FastifyInstance } from 'fastify'
import { internalIdentityHeaders } from './auth.js'
import { MockError } from './errors.js'

/** One API v2 call made from inside the server. */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** A full path starting with `/api/v2/`, query string allowed. */
  path: string
  body?: unknown
}

export interface ApiResult {
  status: number
  /** The parsed JSON body, the text of a non-JSON body, or null when empty. */
  body: unknown
}

export type ApiCaller = (call: ApiCall) => Promise<ApiResult>

/** Whose rights a call runs with: a caller's own Authorization header, or a user id (scheduled work). */
export type CallIdentity = { authorization: string } | { userId: number }

/**
 * Calls this server's API v2 in one instance through `app.inject`, so every call passes the same
 * authentication, permission checks and validation as a client's request.
 */
export function apiCaller (app: FastifyInstance, instanceName: string, identity: CallIdentity): ApiCaller {
  const credentials = 'authorization' in identity
    ? { authorization: identity.authorization }
    : internalIdentityHeaders(identity.userId)
  return async (call) => {
    if (
      !call.path.startsWith('/api/v2/')
    ) throw new MockError('BAD_REQUEST', `${call.path} is not an API v2 path`, 'path')
    const response = await app.inject({
      method: call.method,
      url: `/${instanceName}${call.path}`,
      headers: { ...credentials, accept: 'application/json', 'content-type': 'application/json' },
      ...(call.body === undefined ? {} : { payload: JSON.stringify(call.body) })
    })
    return {
      status: response.statusCode,
      body: parseBody(response.body, String(response.headers['content-type'] ?? ''))
    }
  }
}

function parseBody (text: string, contentType: string): unknown {
  if (text === '') return null
  if (!contentType.includes('json')) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
