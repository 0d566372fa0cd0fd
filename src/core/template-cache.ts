import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openImage } from './db.js'
import type { Seeder } from './family.js'

/**
 * Seeded template images kept on disk between runs of one build of the server. Seeding a
 * fixture set (validate, insert, index) was the largest cost of a cold start after loading the
 * code; an image for the same build and the same fixture files is the same bytes, so a start
 * that finds one opens it instead. Only the bundled server uses it (scripts/bundle.ts gives each
 * build its id): code run from source always seeds. Every failure here only costs time.
 */
export class TemplateCache {
  readonly directory: string
  readonly build: string

  constructor (directory: string, build: string) {
    this.directory = directory
    this.build = build
  }

  /** The key of a fixture set: this build and every fixture file's name and bytes. */
  key (fixtures: string, seeders: readonly Seeder[]): string | undefined {
    const hash = createHash('sha256').update(this.build).update('\0').update(resolve(fixtures))
    for (const seeder of seeders) {
      const path = join(fixtures, seeder.file)
      hash.update('\0').update(seeder.file).update('\0')
      if (!existsSync(path)) continue
      try {
        hash.update(readFileSync(path))
      } catch {
        return undefined
      }
    }
    return hash.digest('hex').slice(0, 32)
  }

  /** The stored image for a key, if there is one and SQLite finds it intact. */
  read (key: string): Buffer | undefined {
    let image: Buffer
    try {
      image = readFileSync(this.#file(key))
    } catch {
      return undefined
    }
    try {
      const db = openImage(image)
      try {
        return db.pragma('quick_check', { simple: true }) === 'ok' ? image : undefined
      } finally {
        db.close()
      }
    } catch {
      return undefined
    }
  }

  write (key: string, image: Buffer): void {
    const file = this.#file(key)
    const partial = `${file}.${process.pid}`
    try {
      mkdirSync(this.directory, { recursive: true })
      writeFileSync(partial, image)
      renameSync(partial, file)
    } catch {
      // A read-only install seeds on every start.
    }
  }

  #file (key: string): string {
    return join(this.directory, `${key}.sqlite`)
  }
}
