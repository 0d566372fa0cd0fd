import type { FastifyRequest } from 'fastify'
import { MockError } from './errors.js'
import { unsafeIntegerLiterals } from './ids.js'

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
