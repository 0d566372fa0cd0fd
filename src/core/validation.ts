import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function makeAjv (options: Options): Ajv {
  const ajv = new Ajv({
    useDefaults: true,
    allErrors: false,
    strict: false,
    addUsedSchema: false,
    ...options
  })
  addFormats(ajv)
  // OpenAPI keywords the route schemas carry for the documents; validation ignores them.
  for (const keyword of ['example', 'x-fidelity', 'x-fidelity-source']) ajv.addKeyword(keyword)
  return ajv
}

// Bodies are JSON and keep their types: a number where a string is required is a 400, as a real
// client that sends the wrong type deserves to learn. Query strings, path parameters and headers
// are text by nature, so they are coerced to the declared types.
const bodyAjv = makeAjv({ coerceTypes: false })
const textAjv = makeAjv({ coerceTypes: 'array' })

/** The value at a JSON pointer (an ajv or TypeBox instancePath). */
export function valueAt (root: unknown, pointer: string): unknown {
  let value = root
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return value
}

/** Each error's `data`: the value as sent, before coercion turned "9223372036854775807" into 9223372036854776000. */
function withSentValues (errors: ErrorObject[], sent: unknown): ErrorObject[] {
  for (const error of errors) error.data = valueAt(sent, error.instancePath)
  return errors
}

/**
 * Compiles a route's validator on its first request, not at startup: ~170 routes' schemas cost
 * seconds of ajv code generation, which made cold start far slower than any client waits for.
 * ajv caches by schema object, so each schema is still compiled once per process.
 */
export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv
  const coerces = httpPart !== 'body'
  let compiled: ValidateFunction | undefined
  const validate = (data: unknown): boolean => {
    compiled ??= ajv.compile(schema as object)
    // Coercion rewrites the values in place; a shallow copy keeps the text an error message quotes.
    const sent = coerces && data !== null && typeof data === 'object' ? { ...data } : data
    const valid = compiled(data) as boolean
    validate.errors = valid ? compiled.errors : withSentValues(compiled.errors ?? [], sent)
    return valid
  }
  validate.errors = null as ValidateFunction['errors']
  return validate
}
