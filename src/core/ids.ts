import { MockError } from './errors.js'

/**
 * The one id rule every family shares. JavaScript numbers, and so this mock and any JavaScript
 * client, hold whole numbers exactly only up to 2^53 - 1: past it 9223372036854775807 silently
 * becomes 9223372036854776000. So an id in a path, a query or a body is a decimal whole number from
 * 0 to MAX_ID, at most 16 digits; anything longer or larger is a 400 that names the field and echoes the text exactly
 * as the client sent it. 0, and "" in bodies, keep the meaning each operation gives them ("not
 * given", "the top level", or simply not found).
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER

/**
 * The alternatives of a regular expression for the digit strings of at most max.length digits
 * whose value is at most max (leading zeros allowed, as before: "007" is 7): any shorter string,
 * or one that follows max's first i digits with a smaller digit; the last digit may equal max's.
 */
function decimalsUpTo (max: string): string {
  const range = (high: number): string => high === 0 ? '0' : `[0-${high}]`
  const alternatives = [`[0-9]{1,${max.length - 1}}`]
  for (let i = 0; i < max.length; i++) {
    const digit = Number(max[i])
    const rest = max.length - i - 1
    const any = rest === 1 ? '[0-9]' : `[0-9]{${rest}}`
    if (rest === 0) alternatives.push(max.slice(0, i) + range(digit))
    else if (digit > 0) alternatives.push(max.slice(0, i) + range(digit - 1) + any)
  }
  return alternatives.join('|')
}

const decimals = decimalsUpTo(String(MAX_ID))

/** An id as text (path, query): 0 to MAX_ID in decimal. */
export const ID_PATTERN = `^(?:${decimals})$`

/** An id as a body string: the same, or "" (not given). */
export const ID_INPUT_PATTERN = `^(?:${decimals})?$`

const idText = new RegExp(ID_PATTERN)

/** What every id error says after the field and the value sent. */
export const ID_RULE = `must be a whole number from 0 to ${MAX_ID}`

/**
 * A value as the client sent it, for a message: strings quoted, numbers as their JSON text. A
 * number JSON.parse rounded is quoted from `numbers` (the body's literals); without them it is
 * described, never shown rounded.
 */
export function sentText (value: unknown, numbers?: ReadonlyMap<number, string>): string {
  if (typeof value !== 'number') return JSON.stringify(value) ?? String(value)
  const literal = numbers?.get(value)
  if (literal !== undefined) return literal
  if (value > MAX_ID) return `(a number larger than ${MAX_ID})`
  if (value < -MAX_ID) return `(a number smaller than -${MAX_ID})`
  return String(value)
}

/** The 400 for a value that breaks the id rule. */
export function idError (field: string, value: unknown, numbers?: ReadonlyMap<number, string>): MockError {
  return new MockError('BAD_REQUEST', `${field} ${sentText(value, numbers)} ${ID_RULE}`, field)
}

/** Text that must be an id (a path segment, a filter): its number, or a 400 naming the field. */
export function idFromText (text: string, field: string): number {
  if (!idText.test(text)) throw idError(field, text)
  return Number(text)
}

/**
 * An id a handler reads by hand: a number or a digit string. undefined when not given (undefined,
 * null, ""); a 400 naming the field when it breaks the rule. Schemas reject JSON numbers past MAX_ID
 * before a handler runs, so a number here is never a rounded one.
 */
export function readId (value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  if (typeof value === 'string' && idText.test(value)) return Number(value)
  throw idError(field, value)
}

/** Whether a schema-validation error (ajv's) is the id rule's: an id schema's pattern or maximum. */
export function breaksIdRule (error: { keyword: string, params: Record<string, unknown> }): boolean {
  if (error.keyword === 'pattern') {
    return error.params.pattern === ID_PATTERN || error.params.pattern === ID_INPUT_PATTERN
  }
  return error.keyword === 'maximum' && error.params.limit === MAX_ID
}

/**
 * The integer literals of a JSON text that JSON.parse cannot hold exactly, by the number they
 * become, so that an error can quote what the client sent. undefined when there are none (the
 * usual case, settled by one scan for 16 digits in a row).
 */
export function unsafeIntegerLiterals (json: string): Map<number, string> | undefined {
  if (!/[0-9]{16}/.test(json)) return undefined
  let found: Map<number, string> | undefined
  // Strings are matched whole, so digits inside them are skipped.
  for (const [token] of json.matchAll(/"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g)) {
    if (token.startsWith('"') || /[.eE]/.test(token)) continue
    const value = Number(token)
    if (!Number.isSafeInteger(value) && found?.has(value) !== true) (found ??= new Map()).set(value, token)
  }
  return found
}
