import type { Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import type { App } from '../../src/app.js'
import { authAs, type UserName } from './app.js'

export const soaFields = ['zone_expire', 'zone_minimum', 'zone_refresh', 'zone_retry', 'zone_serial', 'zone_ttl']

/** A JSON request as the Go client sends it (Content-Type even without a body). */
export async function call (app: App, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown,
  user: UserName = 'admin'): Promise<LightMyRequestResponse> {
  const headers = { ...authAs(user), 'content-type': 'application/json' }
  return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) })
}

/** Checks every zone field's JSON type: ids and SOA integers are strings, SOA never empty. */
export function assertZoneTypes (t: Test, zone: Record<string, unknown>): void {
  const keys = ['id', 'parent_id', 'group_id', 'name', 'zone_type', 'status', 'zone_host', 'zone_mail', 'date',
    'modified']
  for (const key of keys) {
    t.type(zone[key], 'string', `${key} is a string`)
  }
  for (const key of soaFields) t.match(zone[key], /^[0-9]+$/, `${key} is a quoted integer`)
}

export function assertRecordTypes (t: Test, record: Record<string, unknown>): void {
  const keys = ['id', 'parent_id', 'name', 'status', 'record_type', 'record_host', 'record_value', 'date', 'modified']
  for (const key of keys) {
    t.type(record[key], 'string', `${key} is a string`)
  }
  if ('record_ttl' in record) t.match(record.record_ttl, /^[0-9]+$/, 'record_ttl is a quoted integer')
}
