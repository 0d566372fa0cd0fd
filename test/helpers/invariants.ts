import type { Db } from '../../src/core/db.js'
import { families } from '../../src/families/index.js'

/** SQLite's integrity check, dangling parents, and every family's own invariants. */
export function violations (db: Db): string[] {
  const found: string[] = []
  const integrity = db.pragma('integrity_check', { simple: true })
  if (integrity !== 'ok') found.push(`integrity_check: ${String(integrity)}`)
  const orphans = db.prepare(`SELECT r.id FROM resources r LEFT JOIN resources p ON p.id = r.parent_id
    WHERE r.parent_id IS NOT NULL AND p.id IS NULL`).pluck().all() as number[]
  for (const id of orphans) found.push(`resource ${id}: parent does not exist`)
  for (const family of families) {
    for (const check of family.invariants ?? []) found.push(...check(db))
  }
  return found
}
