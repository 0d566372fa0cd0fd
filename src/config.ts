import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  readonly port: number
  readonly host: string
  /** `:memory:` (default) or a file path; a file persists across restarts (WAL mode). */
  readonly dbPath: string
  readonly fixtures: string
  readonly logLevel: LogLevel
  readonly maxInstances: number
  readonly bodyLimit: number
  readonly attachmentLimit: number
  readonly journalSize: number
  /** When set, /_mock/ requests must carry `X-Mock-Token: <token>` (or Bearer). */
  readonly controlToken: string
  readonly jobSpeed: 'immediate' | 'clock'
}

/** Each option: its CLI flag, environment variable, default and parser. */
const options = {
  port: { env: 'PORT', flag: 'port', default: '8080', help: 'TCP port to listen on (0 picks a free one)' },
  host: { env: 'HOST', flag: 'host', default: '127.0.0.1', help: 'address to listen on' },
  dbPath: {
    env: 'PROVISION_MOCK_DB',
    flag: 'db',
    default: ':memory:',
    help: 'database file; the default keeps everything in memory'
  },
  fixtures: {
    env: 'PROVISION_MOCK_FIXTURES',
    flag: 'fixtures',
    default: 'fixtures/default',
    help: 'fixture-set directory seeded into every new instance (default: the one in the package)'
  },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    help: 'fatal, error, warn, info, debug, trace or silent'
  },
  maxInstances: {
    env: 'PROVISION_MOCK_MAX_INSTANCES',
    flag: 'max-instances',
    default: '64',
    help: 'how many instances may exist at once'
  },
  bodyLimit: {
    env: 'PROVISION_MOCK_BODY_LIMIT',
    flag: 'body-limit',
    default: '1048576',
    help: 'largest JSON request body, in bytes'
  },
  attachmentLimit: {
    env: 'PROVISION_MOCK_ATTACHMENT_LIMIT',
    flag: 'attachment-limit',
    default: '5242880',
    help: 'largest attachment upload, in bytes'
  },
  journalSize: {
    env: 'PROVISION_MOCK_JOURNAL_SIZE',
    flag: 'journal-size',
    default: '1000',
    help: 'requests kept in each instance journal'
  },
  controlToken: {
    env: 'PROVISION_MOCK_CONTROL_TOKEN',
    flag: 'control-token',
    default: '',
    help: 'token required on /_mock/ requests (default: none, open)'
  },
  jobSpeed: {
    env: 'PROVISION_MOCK_JOB_SPEED',
    flag: 'job-speed',
    default: 'clock',
    help: 'clock (jobs take a few seconds of mock time) or immediate'
  }
} as const

type Key = keyof typeof options

/** The package's own directory (where package.json is), from src/ or dist/src/. */
export function packageRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('provision-mock: cannot find its package.json')
    dir = up
  }
  return dir
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const logLevels = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export function helpText (): string {
  const lines = ['Usage: provision-mock [options]', '', 'Options (each also read from an environment variable):']
  for (const option of Object.values(options)) {
    lines.push(`  --${option.flag.padEnd(18)} ${option.env.padEnd(32)} ${option.help} [${option.default || 'none'}]`)
  }
  lines.push('  --help' + ' '.repeat(13) + 'print this help')
  return lines.join('\n')
}

/** Reads configuration once: CLI flags win over environment variables, which win over defaults. */
export function loadConfig (argv: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Config {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.values(options).map((o) => [o.flag, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false
    })
  } catch (error) {
    throw new ConfigError((error as Error).message.split('\n')[0])
  }
  const raw = (key: Key): string => {
    const option = options[key]
    return (parsed.values[option.flag] as string | undefined) ?? env[option.env] ?? option.default
  }
  /** `port (--port)` or `port (PORT)`: the option, and where the bad value came from. */
  const named = (key: Key): string => {
    const option = options[key]
    return `${option.flag} (${parsed.values[option.flag] === undefined ? option.env : `--${option.flag}`})`
  }
  const integer = (key: Key, min: number, max: number): number => {
    const value = raw(key)
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new ConfigError(`invalid ${named(key)}: "${value}" is not an integer from ${min} to ${max}`)
    }
    return Number(value)
  }
  const logLevel = raw('logLevel')
  if (!logLevels.has(logLevel)) {
    throw new ConfigError(`invalid ${named('logLevel')}: "${logLevel}" is not one of ${[...logLevels].join(', ')}`)
  }
  const jobSpeed = raw('jobSpeed')
  if (jobSpeed !== 'clock' && jobSpeed !== 'immediate') {
    throw new ConfigError(`invalid ${named('jobSpeed')}: "${jobSpeed}" is not clock or immediate`)
  }
  const host = raw('host')
  if (host === '') throw new ConfigError(`invalid ${named('host')}: empty`)
  const dbPath = raw('dbPath')
  if (dbPath === '') throw new ConfigError(`invalid ${named('dbPath')}: empty`)
  let fixtures = raw('fixtures')
  if (fixtures === '') throw new ConfigError(`invalid ${named('fixtures')}: empty`)
  // The default set ships inside the package, so `npx provision-mock` works from any directory;
  // a path the user gives stays relative to the working directory.
  if (parsed.values[options.fixtures.flag] === undefined && env[options.fixtures.env] === undefined) {
    fixtures = join(packageRoot(), options.fixtures.default)
  }
  return Object.freeze({
    port: integer('port', 0, 65535),
    host,
    dbPath,
    fixtures,
    logLevel: logLevel as LogLevel,
    maxInstances: integer('maxInstances', 1, 100000),
    bodyLimit: integer('bodyLimit', 1024, 1 << 30),
    attachmentLimit: integer('attachmentLimit', 1, 1 << 30),
    journalSize: integer('journalSize', 0, 1000000),
    controlToken: raw('controlToken'),
    jobSpeed
  })
}

export function wantsHelp (argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h')
}
