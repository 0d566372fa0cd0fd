import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Type } from 'typebox'
import { MockError } from './errors.js'
import type { FamilyName } from './family.js'
import { ErrorSchema } from './schemas.js'

type OpenApiDocument = Record<string, any> & { paths: Record<string, Record<string, any>> }

export interface DocumentInfo {
  name: FamilyName
  title: string
  description: string
  prefixes: string[]
}

const methodsInPaths = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/**
 * Splits the one document @fastify/swagger generates from the route schemas into one OpenAPI 3.0
 * document per family, by path prefix. `serverUrl` is where "Try it out" sends requests: the
 * instance the page was loaded from.
 */
export function familyDocument (whole: OpenApiDocument, info: DocumentInfo, serverUrl: string): OpenApiDocument {
  const paths: Record<string, Record<string, any>> = {}
  for (const [path, item] of Object.entries(whole.paths ?? {})) {
    if (!info.prefixes.some((prefix) => path === prefix || path.startsWith(prefix + '/'))) continue
    const operations = Object.fromEntries(Object.entries(item).filter(([method]) => methodsInPaths.has(method)))
    if (Object.keys(operations).length > 0) paths[path] = operations
  }
  const tags = new Map<string, string>()
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      for (const tag of operation.tags ?? []) tags.set(tag, tag)
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: `ProVision APIv2 mock: ${info.title}`,
      version: '2.0.0',
      description: info.description,
      contact: { name: 'provision-mock' }
    },
    servers: [{ url: serverUrl, description: 'this provision-mock instance' }],
    tags: [...tags.keys()].sort().map((name) => ({ name })),
    paths,
    components: whole.components ?? {},
    security: info.name === 'control' ? [] : [{ basicAuth: [] }]
  }
}

export function serverUrlFor (instanceName: string): string {
  return instanceName === 'default' ? '/' : `/${instanceName}`
}

/**
 * Registers @fastify/swagger (before any route) and, after the routes, serves the per-family
 * documents at /dev/openapi/{family}.json, an index at /dev/openapi, and Swagger UI at
 * /dev/swagger with a selector over the documents.
 */
export const openapi = fp(async function openapi (app: FastifyInstance, opts: { documents: DocumentInfo[] }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'provision-mock', version: '2.0.0' },
      components: {
        securitySchemes: {
          basicAuth: { type: 'http', scheme: 'basic', description: 'a ProVision user, e.g. admin@example.com / admin' }
        }
      }
    },
    hideUntagged: false
  })

  const byName = new Map(opts.documents.map((doc) => [doc.name, doc]))

  function serve (request: FastifyRequest, name: string): OpenApiDocument {
    const info = byName.get(name as FamilyName)
    if (info === undefined) throw new MockError('NOT_FOUND', `no OpenAPI document named ${name}`)
    return familyDocument(app.swagger() as OpenApiDocument, info, serverUrlFor(request.instanceName))
  }

  const hidden = { hide: true }
  app.get('/dev/openapi', {
    schema: {
      ...hidden,
      response: {
        200: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), url: Type.String() }))
      }
    }
  }, async (request) => opts.documents.map((doc) => ({
    name: doc.name,
    title: doc.title,
    url: `${serverUrlFor(request.instanceName).replace(/\/$/, '')}/dev/openapi/${doc.name}.json`
  })))

  const documentRoute = {
    schema: { ...hidden, params: Type.Object({ family: Type.String() }), response: { 404: ErrorSchema } }
  }
  const documentHandler = async (request: FastifyRequest<{ Params: { family: string } }>) =>
    serve(request, request.params.family.replace(/\.json$/, ''))
  app.get('/dev/openapi/:family', documentRoute, documentHandler)
  // Swagger UI resolves the selector's relative URLs against its own page, with or without a
  // trailing slash; serving both places keeps the selector working under any instance prefix.
  app.get('/dev/swagger/openapi/:family', documentRoute, documentHandler)

  // The plugin's assets are named explicitly: the server bundle holds the plugin's code, so the
  // plugin cannot find them next to itself.
  const assets = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static')
  await app.register(swaggerUi, {
    routePrefix: '/dev/swagger',
    baseDir: assets,
    logo: { type: 'image/svg+xml', content: readFileSync(join(assets, 'logo.svg')) },
    // Swagger UI reads the dotted key 'urls.primaryName'; the plugin's types do not list it.
    uiConfig: {
      urls: opts.documents.map((doc) => ({ name: doc.title, url: `openapi/${doc.name}.json` })),
      'urls.primaryName': opts.documents[0]?.title,
      persistAuthorization: true,
      displayOperationId: true,
      tryItOutEnabled: false
    } as Record<string, unknown>,
    staticCSP: false
  })
}, { name: 'openapi' })
