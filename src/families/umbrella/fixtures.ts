import type { Static } from 'typebox'
import { formatTimestamp } from '../../core/clock.js'
import { stmt, type Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { FixtureError } from '../../core/fixtures.js'
import { resourceExists } from '../../core/resource-tree.js'
import { contains, parseCidr, type Cidr } from './cidr.js'
import { UmbrellaFixtureSchema } from './schemas.js'
import type { LinkRow, ModuleRow, NetblockRow } from './store.js'

export type UmbrellaFixture = Static<typeof UmbrellaFixtureSchema>

export function seedUmbrella (db: Db, data: UmbrellaFixture, context: SeedContext): void {
  const stamp = formatTimestamp(context.now)
  const fail = (field: string, message: string): never => { throw new FixtureError(context.file, field, message) }
  const modules = new Set<number>()
  data.modules.forEach((module, index) => {
    if (modules.has(module.id)) fail(`/modules/${index}/id`, `duplicate id ${module.id}`)
    const parent = module.parent_id ?? 1
    if (!resourceExists(db, parent)) fail(`/modules/${index}/parent_id`, `resource ${parent} does not exist`)
    modules.add(module.id)
    stmt(db, `INSERT INTO umbrella_modules (id, name, parent_id, ipam_backend, url, username, password, token, acp_id,
      utilization_type, acp_workflow_slug, date, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      module.id, module.name, parent, module.ipam_backend, module.url ?? '', module.username ?? '',
      module.password ?? '', module.token ?? '', module.acp_id ?? '', module.utilization_type ?? '',
      JSON.stringify(module.acp_workflow_slug ?? []), stamp, stamp)
  })
  const blocks = new Map<number, Cidr>()
  data.netblocks.forEach((block, index) => {
    const at = `/netblocks/${index}`
    if (blocks.has(block.id)) fail(`${at}/id`, `duplicate id ${block.id}`)
    if (!modules.has(block.module_id)) fail(`${at}/module_id`, `module ${block.module_id} does not exist`)
    const range = parseCidr(block.cidr) ?? fail(`${at}/cidr`, `${block.cidr} is not a CIDR block`)
    if (block.parent_id !== undefined) {
      const parent = blocks.get(block.parent_id) ?? fail(`${at}/parent_id`,
        `netblock ${block.parent_id} is not listed before it`)
      if (!contains(parent, range)) fail(`${at}/cidr`, `${range.cidr} is not inside its parent ${parent.cidr}`)
    }
    if (BigInt(block.used_addresses ?? '0') > range.size) {
      fail(`${at}/used_addresses`,
      `more than the ${range.size} addresses of ${range.cidr}`)
    }
    blocks.set(block.id, range)
    stmt(db, `INSERT INTO umbrella_netblocks (id, module_id, parent_id, name, description, remote_id, remote_type, cidr,
      version, is_aggregate, is_assigned, rir, customer, asn, supported_actions, used_addresses, status, is_syncing,
      last_sync_time, last_error, data, date, modified)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      block.id, block.module_id, block.parent_id ?? null, block.name ?? '', block.description ?? '',
      block.remote_id ?? '', block.remote_type ?? '', range.cidr, range.version, block.is_aggregate === true ? 1 : 0,
      block.is_assigned === true ? 1 : 0, block.rir ?? '', block.customer ?? '', block.asn ?? '',
      block.supported_actions ?? '', block.used_addresses ?? '0', block.status ?? '', block.is_syncing === true ? 1 : 0,
      block.last_sync_time ?? '', block.last_error ?? '', block.data ?? '', stamp, stamp)
  })
  data.links.forEach((link, index) => {
    if (!modules.has(link.module_id)) fail(`/links/${index}/module_id`, `module ${link.module_id} does not exist`)
    if (!resourceExists(db, link.resource_id)) {
      fail(`/links/${index}/resource_id`,
      `resource ${link.resource_id} does not exist`)
    }
    stmt(db, 'INSERT INTO umbrella_links (id, module_id, resource_id, relation, data) VALUES (?, ?, ?, ?, ?)')
      .run(link.id, link.module_id, link.resource_id, link.relation, link.data ?? '')
  })
}

/** The given fields of a row, leaving out empty strings and nulls (the fixture's defaults). */
function pick (row: object, keys: readonly string[]): Record<string, unknown> {
  const values = row as Record<string, unknown>
  return Object.fromEntries(keys.map((key) => [key, values[key]]).filter(([, value]) => value !== '' && value !== null))
}

const moduleKeys = ['id', 'name', 'parent_id', 'ipam_backend', 'url', 'username', 'password', 'token', 'acp_id',
  'utilization_type'] as const
const netblockKeys = ['id', 'module_id', 'cidr', 'parent_id', 'name', 'description', 'remote_id', 'remote_type', 'rir',
  'customer', 'asn', 'supported_actions', 'used_addresses', 'status', 'last_sync_time', 'last_error', 'data'] as const
const linkKeys = ['id', 'module_id', 'resource_id', 'relation', 'data'] as const

export function exportUmbrella (db: Db): UmbrellaFixture {
  const modules = stmt(db, 'SELECT * FROM umbrella_modules ORDER BY id').all() as ModuleRow[]
  const blocks = stmt(db, 'SELECT * FROM umbrella_netblocks ORDER BY id').all() as NetblockRow[]
  const links = stmt(db, 'SELECT * FROM umbrella_links ORDER BY id').all() as LinkRow[]
  return {
    modules: modules.map((module) => ({
      ...pick(module, moduleKeys),
      acp_workflow_slug: JSON.parse(module.acp_workflow_slug) as string[]
    })),
    netblocks: blocks.map((block) => ({
      ...pick(block, netblockKeys),
      is_aggregate: block.is_aggregate === 1,
      is_assigned: block.is_assigned === 1,
      is_syncing: block.is_syncing === 1
    })),
    links: links.map((link) => pick(link, linkKeys))
  } as UmbrellaFixture
}

/** Every child block lies inside its parent; used addresses never exceed the block. */
export function checkUmbrella (db: Db): string[] {
  const blocks = stmt(db, 'SELECT * FROM umbrella_netblocks ORDER BY id').all() as NetblockRow[]
  const byId = new Map(blocks.map((block) => [block.id, block]))
  const violations: string[] = []
  for (const block of blocks) {
    const range = parseCidr(block.cidr)
    if (range === undefined || range.cidr !== block.cidr) {
      violations.push(`umbrella netblock ${block.id}: ${block.cidr} is not a normalised CIDR`)
      continue
    }
    const parent = block.parent_id === null ? undefined : byId.get(block.parent_id)
    const parentRange = parent === undefined ? undefined : parseCidr(parent.cidr)
    if (parentRange !== undefined && !contains(parentRange, range)) {
      violations.push(`umbrella netblock ${block.id}: ${block.cidr} is outside its parent ${parentRange.cidr}`)
    }
    if (BigInt(block.used_addresses) > range.size) {
      violations.push(`umbrella netblock ${block.id}: used_addresses exceeds its size`)
    }
  }
  return violations
}
