import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import type PinoPretty from 'pino-pretty'
import type { PrettyStream } from 'pino-pretty'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { authentication } from './core/auth.js'
import { installConformanceCheck, type Violation } from './core/conformance.js'
import type { Migration } from './core/db.js'
import { errorHandler, installNotFound } from './core/error-handler.js'
import type { Family, Seeder } from './core/family.js'
import type { TaskDefinition } from './core/tasks.js'
import { parseJson } from './core/json-body.js'
import { coreMigrations } from './core/migrations.js'
import { notEmulated } from './core/not-emulated.js'
import { InstanceManager } from './core/instances.js'
import { TemplateCache } from './core/template-cache.js'
import { openapi, type DocumentInfo } from './core/openapi.js'
import { requestContext, rewriteInstanceUrl } from './core/request-context.js'
import { lazyChildLogger } from './core/request-logger.js'
import { serializerCompiler } from './core/serialization.js'
import { validatorCompiler } from './core/validation.js'
import { controlHooks, controlPlane, controlDocument } from './control/index.js'
import { families } from './families/index.js'

export type App = FastifyInstance

export interface BuildOptions {
  /** Overrides Fastify's logger (tests pass `false`). */
  logger?: FastifyServerOptions['logger']
  /** Checks every response against its documented schema and reports each mismatch (tests). */
  onConformanceViolation?: (violation: Violation) => void
}

function loggerFor (config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false
  return {
    level: config.logLevel,
    redact: ['req.headers.authorization', 'headers.authorization'],
    // Anything but a terminal gets JSON lines buffered and written asynchronously: up to 8 KiB
    // go out in one write, and nothing waits more than 100 ms; pino flushes what is left when the
    // process exits. One write per line cost more than the rest of a GET by id.
    stream: process.stdout.isTTY
      ? prettyStream()
      : pino.destination({ dest: 1, sync: false, minLength: 8192, periodicFlush: 100 })
  }
}

/**
 * A terminal gets pretty lines, formatted in the main thread: a pino transport would start a
 * worker that loads pino's own files from beside pino's code, which the server bundle does not
 * have. Loaded here, not imported, so a start without a terminal never reads pino-pretty.
 */
function prettyStream (): PrettyStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty
  return pretty({ ignore: 'pid,hostname' })
}

/**
 * The bundled server's template cache, in a directory beside the bundle. scripts/bundle.ts
 * replaces PROVISION_MOCK_BUILD_ID with the build's hash; from source it is unset.
 */
function templateCache (): TemplateCache | undefined {
  const build = process.env.PROVISION_MOCK_BUILD_ID
  if (build === undefined || build === '') return undefined
  return new TemplateCache(join(dirname(fileURLToPath(import.meta.url)), 'templates'), build)
}

export function allMigrations (list: readonly Family[] = families): Migration[] {
  return [...coreMigrations, ...list.flatMap((family) => family.migrations ?? [])]
}

export function allTasks (list: readonly Family[] = families): TaskDefinition[] {
  return list.flatMap((family) => family.tasks ?? [])
}

export function allSeeders (list: readonly Family[] = families): Seeder[] {
  return list.flatMap((family) => family.seeders ?? [])
}

const documentOrder = ['ipam', 'resources', 'dns', 'dhcp', 'users', 'usergroups', 'scheduler', 'acp', 'umbrella',
  'config', 'control']

/** The OpenAPI documents in the Swagger selector's order: IPAM first, the mock's own API last. */
function documentList (): DocumentInfo[] {
  const all: DocumentInfo[] = [
    ...families.map(({ name, title, description, prefixes }) => ({ name, title, description, prefixes })),
    controlDocument
  ]
  return all.sort((a, b) => documentOrder.indexOf(a.name) - documentOrder.indexOf(b.name))
}

/** Whether the logger writes info lines (Fastify's stand-in logger for `logger: false` has no levels). */
function logsRequests (app: FastifyInstance): boolean {
  const log = app.log as { isLevelEnabled?: (level: string) => boolean }
  return log.isLevelEnabled?.('info') === true
}

/**
 * Builds the whole server: core plugins, then every family from the explicit list in
 * src/families/index.ts, then the mock's control plane, docs and handlers. Seeds the default
 * fixture set's template before returning, so a broken fixture refuses to build.
 */
export async function buildApp (config: Config, options: BuildOptions = {}): Promise<App> {
  const instances = new InstanceManager({
    fixtures: config.fixtures,
    dbPath: config.dbPath,
    maxInstances: config.maxInstances,
    migrations: allMigrations(),
    seeders: allSeeders(),
    jobSpeed: config.jobSpeed,
    templateCache: templateCache()
  })
  instances.template()

  const app = Fastify({
    logger: options.logger ?? loggerFor(config),
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: config.bodyLimit,
    rewriteUrl: rewriteInstanceUrl,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 200 },
    // No automatic HEAD twin for every GET: the vendor API documents none, and each twin is one
    // more route to build at startup. HEAD on an API path answers 405 naming GET; the health
    // routes keep theirs for probes that use HEAD.
    exposeHeadRoutes: false,
    forceCloseConnections: true,
    // Errors Fastify raises before routing (a malformed percent-encoding) get the same JSON shape.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      reply.code(400).send({ message: error.message, code: 'BAD_REQUEST' })
    }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'application/*+json'], { parseAs: 'string' }, parseJson)
  installNotFound(app)
  if (options.onConformanceViolation !== undefined) installConformanceCheck(app, options.onConformanceViolation)

  app.decorate('config', config)
  app.decorate('tasks', new Map(allTasks().map((task) => [task.type, task])))
  await app.register(requestContext, { instances })
  await app.register(cors, {
    origin: true,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-Mock-Token'],
    exposedHeaders: ['WWW-Authenticate', 'Allow'],
    // An OPTIONS without Origin (curl, probes) gets the same 204, not the library's text/plain 400.
    strictPreflight: false
  })
  await app.register(authentication)
  await app.register(openapi, { documents: documentList() })

  // One line per request at info; no hook at all when that level is off (tests, --log-level warn).
  if (logsRequests(app)) {
    app.addHook('onResponse', (request, reply, done) => {
      app.log.info({
        reqId: request.id,
        method: request.method,
        url: request.raw.originalUrl ?? request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        instance: request.instanceName
      }, 'request')
      done()
    })
  }

  // Before the families, so the journal and fault hooks cover their routes.
  await app.register(controlHooks)
  for (const family of families) {
    if (family.routes !== undefined) await app.register(family.routes)
  }
  await app.register(notEmulated)
  await app.register(controlPlane)

  app.addHook('onClose', async () => instances.close())
  await app.ready()
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** Every task type the families offer, for the scheduler. */
    tasks: Map<string, TaskDefinition>
  }
}

declare module 'node:http' {
  interface IncomingMessage {
    originalUrl?: string
  }
}
