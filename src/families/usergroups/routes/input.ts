import { MockError } from '../../../core/errors.js'
import { readId } from '../../../core/ids.js'

/** An id a body must carry: '' or an id past 2^53 - 1 is a 400 naming the field. */
export function requireId (value: unknown, field: string): number {
  const id = readId(value, field)
  if (id === undefined) throw new MockError('BAD_REQUEST', `${field} must be a resource-style id (digits)`, field)
  return id
}
