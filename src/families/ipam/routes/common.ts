import type { FastifyRequest } from 'fastify'
import { MockError } from '../../../core/errors.js'
import { idFromText, readId } from '../../../core/ids.js'
import { netblockView, type NetblockView } from '../view.js'
import type { NetblockInput, NetblockRow } from '../store.js'

export const tags = ['IPAM']

/** The resource whose IPAM rights govern a block (free and held space: the TLR). */
export function ownerOf (row: NetblockRow): number | null {
  return row.resource_id
}

/** The caller's rights on a block, named as ProVision's APIv1 flags were. */
export function permissionsOn (request: FastifyRequest, row: NetblockRow): string[] {
  const rights = request.perms.rights('ipam', ownerOf(row))
  const out: string[] = []
  if (rights.read) out.push('permissionIPAMRead')
  if (rights.create) out.push('permissionIPAMCreate')
  if (rights.update) out.push('permissionIPAMUpdate')
  if (rights.delete) out.push('permissionIPAMDelete')
  if (request.perms.canSwip(ownerOf(row))) out.push('permissionSWIP')
  if (request.perms.isAdmin) out.push('permissionAdmin')
  return out
}

export function view (request: FastifyRequest, row: NetblockRow): NetblockView {
  return netblockView(request.instance.db, row, permissionsOn(request, row))
}

export function visibleTo (request: FastifyRequest): (row: NetblockRow) => boolean {
  const readable = request.perms.readable('ipam')
  return (row) => readable(ownerOf(row))
}

/** A flag as clients send it: a boolean, or "true"/"false"/"1"/"0" ("" is not given). */
export function readFlag (value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined
  return value === true || value === 'true' || value === '1'
}

/** A required id from a body; 400 naming the field when missing or malformed. */
export function requireId (value: unknown, field: string): number {
  const id = readId(value, field)
  if (id === undefined) throw new MockError('BAD_REQUEST', `${field} is required`, field)
  return id
}

/** An optional id: undefined when not given, null when sent as null or 0 to clear. */
function optionalId (value: unknown, field: string): number | null | undefined {
  if (value === undefined) return undefined
  if (value === null || value === '' || value === 0 || value === '0') return null
  return readId(value, field)
}

const idFields = ['resource_id', 'region_id', 'vlan_id', 'lir_id', 'rule_id', 'asn', 'org_id'] as const
const textFields = ['cidr', 'rir', 'description', 'notes', 'generic_code', 'net_handle', 'customer_handle', 'nat',
  'sparse_scheme', 'meta1', 'meta2', 'meta3', 'meta4', 'meta5', 'meta6', 'meta7', 'meta8', 'meta9', 'meta10'] as const

/** A create/patch body as the store's input: flags and ids normalised, empty ids "not given". */
export function netblockInput (body: Record<string, unknown> | undefined): NetblockInput {
  const input: Record<string, unknown> = {}
  const source = body ?? {}
  for (const field of textFields) if (typeof source[field] === 'string') input[field] = source[field]
  for (const field of idFields) {
    const value = optionalId(source[field], field)
    if (value !== undefined) input[field] = value
  }
  for (const field of ['allow_duplicate', 'allow_sub_assignments', 'is_important']) {
    const value = readFlag(source[field])
    if (value !== undefined) input[field] = value
  }
  if (source.tags !== undefined) input.tags = source.tags
  return input as NetblockInput
}

/** meta1..meta10 from a body. */
export function metaOf (body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (let index = 1; index <= 10; index++) {
    const value = body[`meta${index}`]
    if (typeof value === 'string') out[`meta${index}`] = value
  }
  return out
}

/** `ref` + `len` of the raw-CIDR routes, or `ref` alone: a CIDR, or digits that must be an id. */
export function refOf (params: { ref: string, len?: string }): string {
  if (params.len !== undefined) return `${params.ref}/${params.len}`
  if (/^[0-9]+$/.test(params.ref)) idFromText(params.ref, 'params.ref')
  return params.ref
}

/** preValidation hook for operations whose body is optional: a bodiless call validates as `{}`. */
export async function emptyBodyAsObject (request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {}
}
