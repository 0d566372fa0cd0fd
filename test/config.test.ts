import { spawnSync } from 'node:child_process'
import { isAbsolute, join } from 'node:path'
import t from 'tap'
import { ConfigError, helpText, loadConfig, packageRoot } from '../src/config.js'

t.test('loadConfig', async (t) => {
  t.test('has the documented defaults', async (t) => {
    const config = loadConfig([], {})
    t.match(config, {
      port: 8080, host: '127.0.0.1', dbPath: ':memory:', logLevel: 'info', maxInstances: 64, jobSpeed: 'clock'
    })
    t.match(config.fixtures, /fixtures\/default$/)
    t.ok(Object.isFrozen(config))
  })

  t.test('reads the environment, and flags win over it', async (t) => {
    const env = { PORT: '9001', HOST: '0.0.0.0', PROVISION_MOCK_DB: '/tmp/x.db', LOG_LEVEL: 'debug' }
    t.match(loadConfig([], env), { port: 9001, host: '0.0.0.0', dbPath: '/tmp/x.db', logLevel: 'debug' })
    t.match(loadConfig(['--port', '9002', '--log-level=warn'], env), { port: 9002, logLevel: 'warn' })
  })

  t.test('refuses invalid values with a ConfigError that names the option', async (t) => {
    t.throws(
      () => loadConfig([], { PORT: 'eighty' }),
      new ConfigError('invalid port (PORT): "eighty" is not an integer from 0 to 65535')
    )
    t.throws(() => loadConfig(['--port', '70000'], { PORT: '80' }),
      new ConfigError('invalid port (--port): "70000" is not an integer from 0 to 65535'),
      'a bad flag is named as the flag the user typed')
    t.throws(() => loadConfig(['--db', ''], {}), { message: 'invalid db (--db): empty' })
    t.throws(() => loadConfig([], { LOG_LEVEL: 'loud' }), { message: /log-level/ })
    t.throws(() => loadConfig([], { PROVISION_MOCK_MAX_INSTANCES: '0' }), { message: /max-instances/ })
    t.throws(() => loadConfig([], { PROVISION_MOCK_JOB_SPEED: 'warp' }), { message: /job-speed/ })
    t.throws(() => loadConfig(['--no-such-flag']), ConfigError)
  })

  t.test('the default fixture set resolves inside the package, whatever the working directory', async (t) => {
    const config = loadConfig([], {})
    t.ok(isAbsolute(config.fixtures))
    t.equal(config.fixtures, join(packageRoot(), 'fixtures', 'default'))
  })

  t.test('a fixture path the user gives stays relative to the working directory', async (t) => {
    t.equal(loadConfig(['--fixtures', 'my/set'], {}).fixtures, 'my/set')
    t.equal(loadConfig([], { PROVISION_MOCK_FIXTURES: 'other' }).fixtures, 'other')
  })

  t.test('help lists every option with its environment variable', async (t) => {
    const help = helpText()
    for (const word of ['--port', 'PORT', '--host', 'HOST', '--db', 'PROVISION_MOCK_DB', '--fixtures',
      'PROVISION_MOCK_FIXTURES', '--log-level', 'LOG_LEVEL']) {
      t.match(help, word)
    }
  })
})

t.test('src/server.ts', async (t) => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts', ...args], {
      encoding: 'utf8',
      timeout: 30000,
      env: { ...process.env, ...env }
    })

  t.test('invalid configuration: one clear line on stderr and exit code 2', async (t) => {
    const result = run([], { PORT: 'nope' })
    t.equal(result.status, 2)
    t.equal(result.stderr, 'provision-mock: invalid port (PORT): "nope" is not an integer from 0 to 65535\n')
  })

  t.test('--help prints the options and exits 0', async (t) => {
    const result = run(['--help'])
    t.equal(result.status, 0)
    t.match(result.stdout, /Usage: provision-mock/)
  })
})
