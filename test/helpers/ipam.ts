import type { LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import type { App } from '../../src/app.js'
import { authAs, type UserName } from './app.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

type Assert = Pick<Test, 'type' | 'ok' | 'match'>

const ids = ['top_aggregate', 'sparse_allocation_id', 'lir_id', 'asn', 'child1', 'child2', 'resource_id', 'parent',
  'vlan_id', 'org_id', 'region_id', 'rule_id', 'reserved_by', 'dhcp_resource_id', 'cmnetblock_resource_id',
  'umbrella_resource_id']
const strings = ['type', 'cidr', 'address', 'end_address', 'last_update_time', 'netmask', 'resource_name',
  'description', 'notes', 'generic_code', 'rir', 'assign_time', 'swip_time', 'reserved_time', 'net_handle',
  'customer_handle', 'region', 'region_name', 'nat', 'host_count', 'utilization_status', 'allow_duplicate',
  'meta1', 'meta2', 'meta3', 'meta4', 'meta5', 'meta6', 'meta7', 'meta8', 'meta9', 'meta10']
const booleans = ['is_aggregate', 'assigned', 'is_important', 'swipped', 'allow_sub_assignments']
const arrays = ['range', 'tags', 'permissions']

/** Checks a netblock body against the types real clients decode (reference §4.2 / §6.1). */
export function assertNetblock (t: Assert, body: Record<string, unknown>): void {
  t.type(body.id, 'number', 'id is a number')
  t.type(body.mask, 'number', 'mask is a number')
  for (const key of ids) t.ok(body[key] === null || typeof body[key] === 'number', `${key} is an id or null`)
  for (const key of strings) t.type(body[key], 'string', `${key} is a string`)
  for (const key of booleans) t.type(body[key], 'boolean', `${key} is a boolean`)
  for (const key of arrays) {
    t.ok(Array.isArray(body[key]), `${key} is an array`)
    for (const item of body[key] as unknown[]) t.type(item, 'string', `${key} holds strings`)
  }
  t.match(body.address, /^\d+$/, 'address is decimal')
  t.match(body.end_address, /^\d+$/, 'end_address is decimal')
  t.match(body.host_count, /^\d+$/, 'host_count is decimal')
}

/** A short form of app.inject for the IPAM tests: method, url, fixture user, JSON body. */
export function sender (app: App): (method: Method, url: string, user?: UserName, payload?: unknown) =>
Promise<LightMyRequestResponse> {
  return async (method, url, user = 'admin', payload) => app.inject({
    method, url, headers: authAs(user), ...(payload === undefined ? {} : { payload: payload as object })
  })
}
