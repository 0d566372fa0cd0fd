import { allMigrations } from '../../src/app.js'
import { openDatabase, runMigrations, type Db } from '../../src/core/db.js'
import { insertResource } from '../../src/families/resources/store.js'
import { ipamInvariants } from '../../src/families/ipam/invariants.js'

/** A migrated in-memory database with resources 2..6 and no IPAM data, for store-level tests. */
export function ipamDb (): Db {
  const db = openDatabase()
  runMigrations(db, allMigrations())
  for (let id = 2; id <= 6; id++) insertResource(db, { id, parent_id: 1, type: 'entry', name: `Customer ${id}` }, 0)
  return db
}

/** Every IPAM invariant violation (an empty list when healthy). */
export function violations (db: Db): string[] {
  return ipamInvariants.flatMap((check) => check(db))
}
