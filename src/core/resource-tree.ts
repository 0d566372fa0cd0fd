import { stmt, type Db } from './db.js'

/** The top-level resource: the root of the tree, created by the core migration. */
export const TLR_ID = 1

export function resourceExists (db: Db, id: number): boolean {
  return stmt(db, 'SELECT 1 FROM resources WHERE id = ?').get(id) !== undefined
}

/** The resource and its ancestors, nearest first, ending with the TLR. Empty for an unknown id. */
export function ancestry (db: Db, id: number): number[] {
  return stmt(db, `WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM resources WHERE id = ?
      UNION ALL
      SELECT r.id, r.parent_id, up.depth + 1 FROM resources r JOIN up ON r.id = up.parent_id
      WHERE up.depth < 256
    ) SELECT id FROM up ORDER BY depth`).pluck().all(id) as number[]
}

/** True when `candidate` is `ancestor` or lies below it. */
export function isWithin (db: Db, candidate: number, ancestor: number): boolean {
  return ancestry(db, candidate).includes(ancestor)
}
