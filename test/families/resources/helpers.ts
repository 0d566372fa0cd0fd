import type { Test } from 'tap'
import type { App } from '../../../src/app.js'
import { authAs, json, type UserName } from '../../helpers/app.js'

/** One request as a default fixture user; answers status and parsed body (undefined when empty). */
export async function call (app: App, method: string, url: string, payload?: unknown, user: UserName = 'admin'):
Promise<{ status: number, body: any, headers: Record<string, unknown> }> {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: authAs(user),
    ...(payload === undefined ? {} : { payload: payload as object })
  })
  return { status: res.statusCode, body: res.body === '' ? undefined : json(res), headers: res.headers }
}

/** Asserts the wire types of a resource object: ids strings, objects of strings. */
export function assertResourceShape (t: Test, resource: Record<string, unknown>): void {
  for (const key of ['id', 'name', 'slug', 'type', 'parent_id', 'category_id', 'custom_id', 'date', 'modified']) {
    t.type(resource[key], 'string', `${key} is a string`)
  }
  t.ok(Array.isArray(resource.gadgets), 'gadgets is an array')
  for (const key of ['attrs', 'section', 'permissions']) {
    const value = resource[key]
    if (value === undefined) continue
    t.equal(typeof value, 'object', `${key} is an object`)
    t.notOk(Array.isArray(value), `${key} is not an array`)
    for (const inner of Object.values(value as object)) t.type(inner, 'string', `${key} values are strings`)
  }
}

/** The Resources family's base path. */
export const R = '/api/v2/resources'

/** Only the status of one request as a default fixture user. */
export async function status (app: App, method: string, url: string, payload?: unknown, user: UserName = 'admin'):
Promise<number> {
  return (await call(app, method, url, payload, user)).status
}

/**
 * Only the plain entries (type `entry`) of a list, in the order given. Other families keep their own
 * objects in the resource tree too (DNS zones and records sit under Acme Corp in the default fixtures),
 * so a test about the Resources family's own fixture entries looks at those alone.
 */
export function entries<T extends { type: string }> (body: T[]): T[] {
  return body.filter((r) => r.type === 'entry')
}
