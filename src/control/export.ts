import type { Db } from '../core/db.js'
import type { Family } from '../core/family.js'

export interface FixtureExport {
  /** File name inside a fixture-set directory -> its JSON content. */
  files: Record<string, unknown>
  /** Fixture files whose seeder cannot export yet: their state is not in `files`. */
  missing: string[]
}

/** The instance's state as a fixture set, one file per seeder, in the format the seeders read. */
export function exportFixtureSet (db: Db, families: readonly Family[]): FixtureExport {
  const files: Record<string, unknown> = {}
  const missing: string[] = []
  for (const family of families) {
    for (const seeder of family.seeders ?? []) {
      if (seeder.export === undefined) missing.push(seeder.file)
      else files[seeder.file] = seeder.export(db)
    }
  }
  return { files, missing }
}
