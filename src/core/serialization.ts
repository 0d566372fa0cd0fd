import fastJsonStringify from 'fast-json-stringify'
import type { FastifySerializerCompiler } from 'fastify/types/schema.js'

/**
 * Builds a route's response serializer on the first response that uses it, not at startup:
 * fast-json-stringify's code generation over ~170 routes and their status codes was the largest
 * part of cold start, and most processes (a test suite's server) touch a fraction of the routes.
 * Each serializer is still built once and then reused, so steady-state speed is unchanged.
 */
export const serializerCompiler: FastifySerializerCompiler<any> = ({ schema }) => {
  let compiled: ((data: unknown) => string) | undefined
  return (data: unknown): string => {
    compiled ??= fastJsonStringify(schema as object)
    return compiled(data)
  }
}
