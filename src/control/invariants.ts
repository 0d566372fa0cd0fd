import { stmt, type Db } from '../core/db.js'
import type { Family } from '../core/family.js'

export interface Violation {
  check: string
  message: string
}

type Check = (db: Db) => string[]

function integrity (db: Db): string[] {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>
  return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok')
}

function foreignKeys (db: Db): string[] {
  const rows = db.pragma('foreign_key_check') as Array<{ table: string, rowid: number, parent: string }>
  return rows.map((row) => `${row.table} row ${row.rowid} refers to a missing ${row.parent} row`)
}

function resourceParents (db: Db): string[] {
  const rows = stmt(db, `SELECT r.id, r.parent_id FROM resources r
    LEFT JOIN resources p ON p.id = r.parent_id
    WHERE r.id <> 1 AND (r.parent_id IS NULL OR p.id IS NULL) ORDER BY r.id`)
    .all() as Array<{ id: number, parent_id: number | null }>
  return rows.map((row) => `resource ${row.id} has parent ${row.parent_id ?? 'null'}, which does not exist`)
}

function topLevelResource (db: Db): string[] {
  return stmt(db, 'SELECT 1 FROM resources WHERE id = 1 AND parent_id IS NULL').get() === undefined
    ? ['the top-level resource (id 1) is missing or has a parent']
    : []
}

const coreChecks: Array<[string, Check]> = [
  ['sqlite integrity_check', integrity],
  ['sqlite foreign_key_check', foreignKeys],
  ['core: top-level resource', topLevelResource],
  ['core: every resource\'s parent exists', resourceParents]
]

/** Runs the core checks and every family's invariants; an empty list means the store is consistent. */
export function checkInvariants (db: Db, families: readonly Family[]): { checks: string[], violations: Violation[] } {
  const all: Array<[string, Check]> = [
    ...coreChecks,
    ...families.flatMap((family) => (family.invariants ?? []).map((check, index): [string, Check] =>
      [`${family.name}: ${check.name === '' ? `check ${index + 1}` : check.name}`, check]))
  ]
  const violations: Violation[] = []
  for (const [check, run] of all) {
    let lines: string[]
    try {
      lines = run(db)
    } catch (error) {
      lines = [`the check failed to run: ${(error as Error).message}`]
    }
    for (const message of lines) violations.push({ check, message })
  }
  return { checks: all.map(([check]) => check), violations }
}
