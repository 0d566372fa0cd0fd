import type { Db } from '../../core/db.js'

/** Every resource but the TLR hangs, through its parents, from the TLR (no cycles, no orphans). */
export function checkTree (db: Db): string[] {
  const reachable = new Set(db.prepare(`WITH RECURSIVE down(id) AS (
      SELECT 1 UNION SELECT r.id FROM resources r JOIN down ON r.parent_id = down.id
    ) SELECT id FROM down`).pluck().all() as number[])
  const all = db.prepare('SELECT id FROM resources ORDER BY id').pluck().all() as number[]
  return all.filter((id) => !reachable.has(id)).map((id) => `resource ${id} is not below the top level resource`)
}
