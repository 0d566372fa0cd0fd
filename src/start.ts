import { buildApp, type App } from './app.js'
import { loadConfig, type Config } from './config.js'

/** Options for an in-process mock; anything left out takes its usual default (log level: silent). */
export interface StartOptions {
  /** Fixture-set directory (relative to the working directory). Default: the package's own. */
  fixtures?: string
  host?: string
  port?: number
  logLevel?: Config['logLevel']
  journalSize?: number
  maxInstances?: number
  controlToken?: string
  jobSpeed?: Config['jobSpeed']
  dbPath?: string
}

export interface RunningMock {
  /** Base URL of the `default` instance, e.g. `http://127.0.0.1:41234` (append `/api/v2/...`). */
  url: string
  /** Base URL of a named instance: `${url}/${name}`. Clients append `/api/v2/...`. */
  instanceUrl: (name: string) => string
  /** Resets one instance (default: `default`) to its fixture state. */
  reset: (name?: string) => Promise<void>
  /** Creates a fresh instance from the fixtures and returns its base URL. */
  createInstance: (name: string) => Promise<string>
  close: () => Promise<void>
  /** The Fastify app, for `app.inject` or anything the helpers do not cover. */
  app: App
}

const flags: Record<keyof StartOptions, string> = {
  fixtures: 'fixtures',
  host: 'host',
  port: 'port',
  logLevel: 'log-level',
  journalSize: 'journal-size',
  maxInstances: 'max-instances',
  controlToken: 'control-token',
  jobSpeed: 'job-speed',
  dbPath: 'db'
}

/**
 * Starts a mock inside this process on 127.0.0.1 and a free port, for tests:
 *   const mock = await startMock()
 *   // point the client at mock.url (or mock.instanceUrl('suite-a')), then mock.close()
 */
export async function startMock (options: StartOptions = {}): Promise<RunningMock> {
  const argv = Object.entries({ host: '127.0.0.1', port: 0, logLevel: 'silent', ...options })
    .filter(([, value]) => value !== undefined)
    .flatMap(([key, value]) => [`--${flags[key as keyof StartOptions]}`, String(value)])
  const config = loadConfig(argv, {})
  const app = await buildApp(config)
  const address = await app.listen({ host: config.host, port: config.port })
  const url = address.replace('[::1]', 'localhost')
  const headers: Record<string, string> = config.controlToken === '' ? {} : { 'x-mock-token': config.controlToken }

  async function control (method: 'POST', path: string, payload?: Record<string, unknown>): Promise<void> {
    const response = await app.inject({ method, url: path, headers, ...(payload === undefined ? {} : { payload }) })
    if (response.statusCode >= 400) {
      throw new Error(`provision-mock: ${method} ${path} answered ${response.statusCode}: ${response.body}`)
    }
  }

  return {
    url,
    instanceUrl: (name) => `${url}/${name}`,
    reset: async (name = 'default') => { await control('POST', `/_mock/instances/${encodeURIComponent(name)}/reset`) },
    createInstance: async (name) => {
      await control('POST', '/_mock/instances', { name })
      return `${url}/${name}`
    },
    close: async () => { await app.close() },
    app
  }
}
