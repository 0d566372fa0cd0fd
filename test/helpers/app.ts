import type { LightMyRequestResponse } from 'fastify'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'

export const users = {
  admin: { username: 'admin@example.com', password: 'admin' },
  readonly: { username: 'readonly@example.com', password: 'readonly' },
  scoped: { username: 'acme@example.com', password: 'acme' }
} as const

export type UserName = keyof typeof users

export function basic (username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64')
}

/** The Authorization header of a default fixture user. */
export function authAs (user: UserName = 'admin'): { authorization: string } {
  return { authorization: basic(users[user].username, users[user].password) }
}

/** A fresh app on the default fixtures, silent, closed when the test ends. */
export async function buildTestApp (
  t: { teardown: (fn: () => unknown) => void },
  overrides: Record<string, string> = {}
): Promise<App> {
  const config: Config = loadConfig([], { LOG_LEVEL: 'silent', PROVISION_MOCK_JOB_SPEED: 'clock', ...overrides })
  const app = await buildApp(config, { logger: false })
  t.teardown(() => app.close())
  return app
}

/** The parsed JSON body of a response. */
export function json<T = any> (response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T
}
