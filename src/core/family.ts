import type { FastifyPluginAsync } from 'fastify'
import type { TSchema } from 'typebox'
import type { Db, Migration } from './db.js'
import type { TaskDefinition } from './tasks.js'

/** Names of the OpenAPI documents, one per family, plus `control` for the mock's own API. */
export type FamilyName = 'ipam' | 'resources' | 'dns' | 'dhcp' | 'users' | 'usergroups' | 'scheduler' |
  'acp' | 'umbrella' | 'config' | 'control'

export interface SeedContext {
  /** The fixture file being seeded, for error messages. */
  file: string
  /** The clock time seeding happens at (ms). */
  now: number
}

/** Seeds one fixture file into a fresh database. */
export interface Seeder<T = unknown> {
  /** File name inside the fixture-set directory; a missing file seeds nothing. */
  file: string
  schema: TSchema
  seed: (db: Db, data: T, context: SeedContext) => void
  /** Reads the state back in the same format, for exporting an instance as a fixture set. */
  export?: (db: Db) => T
}

/**
 * One API family: a vertical slice with its routes, tables and fixtures. app.ts registers the
 * families from an explicit list; routes are plugins mounted at the server root, so each writes its
 * full path (`/api/v2/ipam/...`).
 */
export interface Family {
  name: FamilyName
  /** Title and description of the family's OpenAPI document (what it covers, known gaps). */
  title: string
  description: string
  /** URL prefixes whose routes belong to this family's document. */
  prefixes: string[]
  migrations?: Migration[]
  seeders?: Seeder<any>[]
  routes?: FastifyPluginAsync
  /** Work this family offers the scheduler, by task type. */
  tasks?: TaskDefinition[]
  /**
   * Consistency checks over this family's data (no overlapping assigned blocks, every record inside
   * its zone, ...). Each returns one human-readable line per violation; an empty list is healthy.
   */
  invariants?: Array<(db: Db) => string[]>
}
