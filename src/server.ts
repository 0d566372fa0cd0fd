#!/usr/bin/env node
import { buildApp } from './app.js'
import { ConfigError, helpText, loadConfig, wantsHelp } from './config.js'
import { FixtureError } from './core/fixtures.js'

async function main (): Promise<void> {
  const argv = process.argv.slice(2)
  if (wantsHelp(argv)) {
    process.stdout.write(helpText() + '\n')
    return
  }
  let app
  try {
    const config = loadConfig(argv, process.env)
    app = await buildApp(config)
    const address = await app.listen({ port: config.port, host: config.host })
    app.log.info({ swagger: `${address}/dev/swagger` }, 'swagger ui ready; default users are listed in the README')
  } catch (error) {
    if (error instanceof ConfigError || error instanceof FixtureError) {
      process.stderr.write(`provision-mock: ${error.message}\n`)
      process.exit(2)
    }
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) {
      process.stderr.write(`provision-mock: cannot listen: ${(error as Error).message}\n`)
      process.exit(2)
    }
    throw error
  }
  const running = app
  const close = (signal: string): void => {
    running.log.info({ signal }, 'shutting down')
    running.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
}

main().catch((error: unknown) => {
  process.stderr.write(`provision-mock: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
