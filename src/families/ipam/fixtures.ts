import type { Static } from 'typebox'
import { stmt, type Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { formatCidr } from './ip.js'
import type { IpamFixtureSchema } from './schemas.js'
import { createNetblock, directAssign, markSwipped, unassign, updateNetblock, type NetblockInput } from './store.js'
import { cidrOfRow, metaKeys, tagNamesOf, type NetblockRow } from './tree.js'

export type IpamFixture = Static<typeof IpamFixtureSchema>
type FixtureBlock = NonNullable<IpamFixture['aggregates']>[number]

function insertRows (db: Db, table: string, rows: ReadonlyArray<Record<string, unknown>> | undefined,
  transform: (row: Record<string, unknown>) => Record<string, unknown> = (row) => row): void {
  for (const row of rows ?? []) {
    const values = transform(row)
    const columns = Object.keys(values)
    db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...columns.map((column) => values[column] as string | number | null))
  }
}

function blockInput (block: FixtureBlock): NetblockInput {
  const input: NetblockInput = { ...block }
  delete (input as Record<string, unknown>).swipped
  delete (input as Record<string, unknown>).holding_since
  return input
}

/** Seeds fixtures/<set>/ipam.json: catalogues, aggregates, then assignments in order. */
export function seedIpam (db: Db, data: IpamFixture, context: SeedContext): void {
  insertRows(db, 'ipam_regions', data.regions)
  insertRows(db, 'ipam_tags', data.tags)
  insertRows(db, 'ipam_vlan_domains', data.vlan_domains)
  insertRows(db, 'ipam_vlans', data.vlans)
  insertRows(db, 'ipam_lirs', data.lirs)
  insertRows(db, 'ipam_rules', data.rules, (row) => ({ ...row, positions: (row.positions as string[]).join(',') }))
  for (const block of data.aggregates ?? []) {
    const row = createNetblock(db, blockInput(block), context.now)
    if (block.swipped === true) markSwipped(db, row.id, { net_handle: block.net_handle }, context.now)
  }
  for (const block of data.assignments ?? []) {
    if (block.resource_id === undefined) {
      throw Object.assign(new Error(`${block.cidr}: resource_id is required`), { field: 'assignments' })
    }
    const [row] = directAssign(db, block.cidr, { resource_id: block.resource_id, rir: block.rir }, context.now)
    const rest = blockInput(block)
    delete rest.cidr
    delete rest.resource_id
    delete rest.rir
    updateNetblock(db, row.id, rest, context.now)
    if (block.swipped === true) markSwipped(db, row.id, { net_handle: block.net_handle }, context.now)
    if (block.holding_since !== undefined) unassign(db, row.id, {}, Date.parse(block.holding_since))
  }
}

function blockOf (db: Db, row: NetblockRow, regionIds: boolean): FixtureBlock {
  const block: Record<string, unknown> = { cidr: formatCidr(cidrOfRow(row)) }
  if (row.rir !== '') block.rir = row.rir
  if (row.resource_id !== null) block.resource_id = row.resource_id
  if (row.allow_duplicate === 1) block.allow_duplicate = true
  if (row.allow_sub_assignments === 1) block.allow_sub_assignments = true
  if (regionIds && row.region_id !== null) block.region_id = row.region_id
  if (row.vlan_id !== null) block.vlan_id = row.vlan_id
  if (row.rule_id !== null && row.rule_own === 1) block.rule_id = row.rule_id
  if (row.lir_id !== null) block.lir_id = row.lir_id
  const tags = tagNamesOf(db, row.id)
  if (tags.length > 0) block.tags = tags
  if (row.description !== '') block.description = row.description
  if (row.sparse_scheme !== '') block.sparse_scheme = row.sparse_scheme
  if (row.swipped === 1) block.swipped = true
  if (row.net_handle !== '') block.net_handle = row.net_handle
  for (const key of metaKeys) if (row[key] !== '') block[key] = row[key]
  return block as FixtureBlock
}

/**
 * Reads the state back as a fixture: aggregates, then every assignment (and held block) from the
 * largest down, so seeding it again rebuilds the same assignments.
 */
export function exportIpam (db: Db): IpamFixture {
  const all = (sql: string): Array<Record<string, unknown>> => stmt(db, sql).all() as Array<Record<string, unknown>>
  const roots = stmt(db, 'SELECT * FROM ipam_netblocks WHERE parent IS NULL ORDER BY id').all() as NetblockRow[]
  // Held blocks, and assigned blocks that are not merely unused pieces of a sub-assignable block.
  const assigned = stmt(db, `SELECT n.* FROM ipam_netblocks n JOIN ipam_netblocks p ON p.id = n.parent
    WHERE n.status = 'holding' OR (n.resource_id IS NOT NULL AND (p.resource_id IS NULL
      OR n.resource_id != p.resource_id OR (n.free_pool IS NULL AND n.child1 IS NULL)))
    ORDER BY n.mask, n.start_key, n.id`).all() as NetblockRow[]
  return {
    regions: all('SELECT id, code, name, address FROM ipam_regions ORDER BY id') as IpamFixture['regions'],
    tags: all('SELECT id, name, sort_order FROM ipam_tags ORDER BY id') as IpamFixture['tags'],
    vlan_domains: all('SELECT id, name, description FROM ipam_vlan_domains ORDER BY id') as IpamFixture['vlan_domains'],
    vlans: all('SELECT id, domain_id, vlan, name, resource_id FROM ipam_vlans ORDER BY id') as IpamFixture['vlans'],
    lirs: all('SELECT id, name, rir, org_handle, resource_id FROM ipam_lirs ORDER BY id') as IpamFixture['lirs'],
    rules: all('SELECT id, name, description, positions FROM ipam_rules ORDER BY id').map((row) => ({
      ...row, positions: String(row.positions).split(',').filter((part) => part !== '')
    })) as IpamFixture['rules'],
    aggregates: roots.map((row) => blockOf(db, row, true)),
    assignments: assigned.map((row) => {
      const block = blockOf(db, row, true)
      if (row.status === 'holding') {
        block.holding_since = new Date(row.holding_since_ms ?? 0).toISOString()
        block.resource_id = 1
      }
      return block
    })
  }
}
