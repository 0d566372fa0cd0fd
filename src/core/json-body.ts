import type { FastifyRequest } from 'fastify'
import { MockError } from './errors.js'
import { unsafeIntegerLiterals } from './ids.js'

export const maxDepth = 64

/** Whether arrays and objects in a JSON text nest deeper than `limit` (brackets in strings do not count). */
export function nestsDeeperThan (text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // a backslash escapes the next character
      else if (c === 34) inString = false
    } else if (c === 34) {
      inString = true
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return true
    } else if (c === 93 || c === 125) {
      depth--
    }
  }
  return false
}

/**
 * JSON bodies; an empty body is "no body", since real clients send the header on bodiless calls.
 * Integer literals JSON.parse cannot hold exactly are kept as sent on the request, so an error
 * about them quotes 9223372036854775807 rather than the 9223372036854776000 it became.
 */
export function parseJson (request: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void):
void {
  if (body.length === 0 || body.trim() === '') return done(null, undefined)
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return done(new MockError('BAD_REQUEST', 'request body is not valid JSON', 'body'))
  }
  // JSON.parse takes thousands of levels, but everything that walks a body afterwards (the journal,
  // validation, templating) would overflow the stack on it; no ProVision body nests past a few.
  if (nestsDeeperThan(body, maxDepth)) {
    return done(new MockError('BAD_REQUEST', `request body nests deeper than ${maxDepth} levels`, 'body'))
  }
  const numbers = unsafeIntegerLiterals(body)
  if (numbers !== undefined) request.sentNumbers = numbers
  done(null, value)
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's integer literals past 2^53 - 1, by the number JSON.parse made of them. */
    sentNumbers?: ReadonlyMap<number, string>
  }
}
