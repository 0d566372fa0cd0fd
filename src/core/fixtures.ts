import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Value } from 'typebox/value'
import type { Db } from './db.js'
import type { Seeder } from './family.js'

/** A fixture that cannot be loaded: names the file and the field. */
export class FixtureError extends Error {
  readonly file: string
  readonly field: string

  constructor (file: string, field: string, message: string) {
    super(`${file}: ${field === '' ? '' : `${field}: `}${message}`)
    this.name = 'FixtureError'
    this.file = file
    this.field = field
  }
}

export function readFixture (directory: string, seeder: Seeder): unknown {
  const path = join(directory, seeder.file)
  if (!existsSync(path)) return undefined
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new FixtureError(path, '', `invalid JSON (${(error as Error).message})`)
  }
  const first = Value.Errors(seeder.schema, data)[0]
  if (first !== undefined) {
    const field = first.instancePath === '' ? '/' : first.instancePath
    throw new FixtureError(path, field, first.message)
  }
  return data
}

/**
 * Validates and seeds every fixture file of a set, in seeder order, in one transaction. A seeder
 * throws FixtureError for semantic problems (an unknown parent, a duplicate id).
 */
export function seedFixtures (db: Db, directory: string, seeders: readonly Seeder[], now: number): void {
  if (!existsSync(directory)) throw new FixtureError(directory, '', 'fixture directory does not exist')
  const loaded = seeders.map((seeder) => ({ seeder, data: readFixture(directory, seeder) }))
  if (loaded.every(({ data }) => data === undefined)) {
    throw new FixtureError(directory, '',
      `no fixture files here (a set holds some of ${seeders.map((seeder) => seeder.file).join(', ')})`)
  }
  // Every route needs a signed-in user: a set without users would make an instance nobody can use.
  if (loaded.some(({ seeder, data }) => seeder.file === 'users.json' && data === undefined)) {
    throw new FixtureError(join(directory, 'users.json'), '', 'missing: without users nobody could sign in')
  }
  db.transaction(() => {
    for (const { seeder, data } of loaded) {
      if (data === undefined) continue
      const file = join(directory, seeder.file)
      try {
        seeder.seed(db, data, { file, now })
      } catch (error) {
        if (error instanceof FixtureError) throw error
        const field = (error as { field?: unknown }).field
        throw new FixtureError(file, typeof field === 'string' ? field : '', (error as Error).message)
      }
    }
  })()
}
