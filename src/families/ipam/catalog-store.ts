import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'

/**
 * The IPAM catalogues blocks refer to: regions, tags, VLAN domains and VLANs, LIRs and IP rules.
 * Each is a small table with list / get / create / update / delete.
 */
export interface CatalogTable {
  table: string
  /** Singular noun for messages. */
  noun: string
  /** Writable columns and their kinds. */
  columns: Record<string, 'text' | 'integer' | 'id'>
  /** Columns that must be given on create. */
  required: string[]
  orderBy: string
  /** Netblock column that references this table (cleared when a row is deleted). */
  netblockColumn?: string
}

export const catalogs = {
  regions: {
    table: 'ipam_regions',
    noun: 'region',
    orderBy: 'name',
    netblockColumn: 'region_id',
    columns: { code: 'text', name: 'text', address: 'text' },
    required: ['name']
  },
  tags: {
    table: 'ipam_tags',
    noun: 'tag',
    orderBy: 'sort_order, name',
    columns: { name: 'text', sort_order: 'integer' },
    required: ['name']
  },
  vlan_domains: {
    table: 'ipam_vlan_domains',
    noun: 'VLAN domain',
    orderBy: 'name',
    columns: { name: 'text', description: 'text' },
    required: ['name']
  },
  vlans: {
    table: 'ipam_vlans',
    noun: 'VLAN',
    orderBy: 'domain_id, vlan',
    netblockColumn: 'vlan_id',
    columns: { domain_id: 'id', vlan: 'integer', name: 'text', resource_id: 'id' },
    required: ['domain_id', 'vlan']
  },
  lirs: {
    table: 'ipam_lirs',
    noun: 'LIR',
    orderBy: 'name',
    netblockColumn: 'lir_id',
    columns: { name: 'text', rir: 'text', org_handle: 'text', resource_id: 'id' },
    required: ['name', 'rir']
  },
  rules: {
    table: 'ipam_rules',
    noun: 'IP rule',
    orderBy: 'name',
    netblockColumn: 'rule_id',
    columns: { name: 'text', description: 'text', positions: 'text' },
    required: ['name']
  }
} as const satisfies Record<string, CatalogTable>

export type CatalogName = keyof typeof catalogs
export type CatalogRow = Record<string, string | number | null>

export function listCatalog (db: Db, name: CatalogName): CatalogRow[] {
  const catalog: CatalogTable = catalogs[name]
  return stmt(db, `SELECT * FROM ${catalog.table} ORDER BY ${catalog.orderBy}, id`).all() as CatalogRow[]
}

export function getCatalogRow (db: Db, name: CatalogName, id: number): CatalogRow {
  const catalog: CatalogTable = catalogs[name]
  const row = stmt(db, `SELECT * FROM ${catalog.table} WHERE id = ?`).get(id) as CatalogRow | undefined
  if (row === undefined) throw new MockError('NOT_FOUND', `${catalog.noun} ${id} not found`)
  return row
}

export function catalogRowExists (db: Db, name: CatalogName, id: number): boolean {
  return stmt(db, `SELECT 1 FROM ${catalogs[name].table} WHERE id = ?`).get(id) !== undefined
}

function writable (catalog: CatalogTable, input: Record<string, unknown>): Array<[string, string | number | null]> {
  const out: Array<[string, string | number | null]> = []
  for (const [column, kind] of Object.entries(catalog.columns)) {
    const value = input[column]
    if (value === undefined) continue
    if (kind === 'text') out.push([column, String(value)])
    else if (value === null || value === '') out.push([column, null])
    else out.push([column, Number(value)])
  }
  return out
}

function translate (catalog: CatalogTable, error: unknown): never {
  const message = (error as Error).message
  if (/UNIQUE/.test(message)) throw new MockError('CONFLICT', `a ${catalog.noun} with that name already exists`)
  if (/FOREIGN KEY/.test(message)) throw new MockError('UNPROCESSABLE', `${catalog.noun} refers to a missing object`)
  throw error
}

export function createCatalogRow (db: Db, name: CatalogName, input: Record<string, unknown>): CatalogRow {
  const catalog: CatalogTable = catalogs[name]
  for (const column of catalog.required) {
    if (input[column] === undefined || input[column] === '') {
      throw new MockError('BAD_REQUEST', `${column} is required`, column)
    }
  }
  const values = writable(catalog, input)
  const columns = values.map(([column]) => column)
  try {
    const result = db.prepare(`INSERT INTO ${catalog.table} (${columns.join(', ')})
      VALUES (${columns.map(() => '?').join(', ')})`).run(...values.map(([, value]) => value))
    return getCatalogRow(db, name, Number(result.lastInsertRowid))
  } catch (error) {
    return translate(catalog, error)
  }
}

export function updateCatalogRow (db: Db, name: CatalogName, id: number, input: Record<string, unknown>): CatalogRow {
  const catalog: CatalogTable = catalogs[name]
  getCatalogRow(db, name, id)
  const values = writable(catalog, input)
  if (values.length > 0) {
    try {
      db.prepare(`UPDATE ${catalog.table} SET ${values.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`)
        .run(...values.map(([, value]) => value), id)
    } catch (error) {
      translate(catalog, error)
    }
  }
  return getCatalogRow(db, name, id)
}

/** Deletes a row; netblocks that referred to it lose the reference. */
export function deleteCatalogRow (db: Db, name: CatalogName, id: number): void {
  const catalog: CatalogTable = catalogs[name]
  getCatalogRow(db, name, id)
  db.transaction(() => {
    if (catalog.netblockColumn !== undefined) {
      stmt(db, `UPDATE ipam_netblocks SET ${catalog.netblockColumn} = NULL WHERE ${catalog.netblockColumn} = ?`).run(id)
    }
    if (name === 'rules') stmt(db, 'UPDATE ipam_netblocks SET rule_own = 0 WHERE rule_id IS NULL').run()
    stmt(db, `DELETE FROM ${catalog.table} WHERE id = ?`).run(id)
  })()
}

/** Tag ids for names, creating tags that do not exist yet. */
export function ensureTags (db: Db, names: readonly string[]): number[] {
  const find = stmt(db, 'SELECT id FROM ipam_tags WHERE name = ?').pluck()
  const insert = stmt(db, `INSERT INTO ipam_tags (name, sort_order)
    VALUES (?, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM ipam_tags))`)
  return names.map((name) => (find.get(name) as number | undefined) ?? Number(insert.run(name).lastInsertRowid))
}

export function ruleById (db: Db, id: number): { id: number, name: string, positions: string } | undefined {
  return stmt(db, 'SELECT id, name, positions FROM ipam_rules WHERE id = ?').get(id) as
    { id: number, name: string, positions: string } | undefined
}
