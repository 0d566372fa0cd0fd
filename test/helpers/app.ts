import tap from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { Violation } from '../../src/core/conformance.js'

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

interface TestLike {
  teardown: (fn: () => unknown) => void
}

/**
 * A fresh app on the default fixtures, silent, closed when the test ends. Every response it gives
 * is checked against the route's documented response schema; a mismatch fails the test.
 */
export async function buildTestApp (t: TestLike, overrides: Record<string, string> = {}): Promise<App> {
  const config: Config = loadConfig([], { LOG_LEVEL: 'silent', PROVISION_MOCK_JOB_SPEED: 'clock', ...overrides })
  const violations: Violation[] = []
  const app = await buildApp(config, { logger: false, onConformanceViolation: (v) => violations.push(v) })
  t.teardown(async () => {
    await app.close()
    for (const v of violations) {
      // Reported on the file's root test: the subtest that owns the app has already ended.
      tap.fail(`response conformance: ${v.method} ${v.url} (${v.route}) ${v.status}: ${v.problem}`)
    }
  })
  return app
}

/** The parsed JSON body of a response. */
export function json<T = any> (response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T
}
