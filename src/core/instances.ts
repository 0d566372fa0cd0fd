import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Clock } from './clock.js'
import { openDatabase, openImage, runMigrations, type Db, type Migration } from './db.js'
import { MockError } from './errors.js'
import type { Seeder } from './family.js'
import { seedFixtures } from './fixtures.js'
import { JobEngine, type JobSpeed } from './jobs.js'
import type { TemplateCache } from './template-cache.js'

export const INSTANCE_NAME = /^[A-Za-z0-9_-]{1,64}$/
export const DEFAULT_INSTANCE = 'default'
/** First path segments the server itself uses, so no instance prefix can be named after them. */
export const RESERVED_NAMES = new Set(['api', 'dev', '_mock'])

/** One isolated ProVision: its own database, clock and jobs. */
export class Instance {
  readonly name: string
  readonly fixtures: string
  readonly file: string | null
  readonly clock = new Clock()
  readonly jobs: JobEngine
  /** Per-instance in-memory state that families and the control plane keep beside the database. */
  readonly extras = new Map<string, unknown>()
  db: Db

  constructor (name: string, db: Db, fixtures: string, file: string | null, jobSpeed: JobSpeed) {
    this.name = name
    this.db = db
    this.fixtures = fixtures
    this.file = file
    this.jobs = new JobEngine(() => this.db, this.clock, jobSpeed)
  }

  /** Replaces the whole state with a serialized database image. */
  load (image: Buffer): void {
    const old = this.db
    if (this.file === null) {
      this.db = openImage(image)
    } else {
      old.close()
      writeImageFile(this.file, image)
      this.db = openDatabase(this.file)
      return
    }
    old.close()
  }

  /** The current state as a database image. */
  image (): Buffer {
    return this.db.serialize()
  }

  close (): void {
    if (this.db.open) this.db.close()
  }
}

function writeImageFile (file: string, image: Buffer): void {
  for (const suffix of ['-wal', '-shm']) {
    const side = file + suffix
    if (existsSync(side)) writeFileSync(side, '')
  }
  writeFileSync(file, image)
}

export interface InstanceManagerOptions {
  fixtures: string
  dbPath: string
  maxInstances: number
  migrations: readonly Migration[]
  seeders: readonly Seeder[]
  jobSpeed?: JobSpeed
  /** Where seeded templates persist between starts (the bundled server only). */
  templateCache?: TemplateCache
}

/**
 * Creates instances on first use. A fixture set is migrated and seeded once into a template
 * image; every instance, and every reset, is a copy of that image, so neither replays fixtures.
 */
export class InstanceManager {
  readonly #options: InstanceManagerOptions
  readonly #instances = new Map<string, Instance>()
  readonly #templates = new Map<string, Buffer>()

  constructor (options: InstanceManagerOptions) {
    this.#options = options
  }

  get maxInstances (): number {
    return this.#options.maxInstances
  }

  /** The template image of a fixture set, built on first use. Throws FixtureError for a bad set. */
  template (fixtures = this.#options.fixtures): Buffer {
    const key = resolve(fixtures)
    let image = this.#templates.get(key)
    if (image === undefined) {
      const cache = this.#options.templateCache
      const cacheKey = cache?.key(fixtures, this.#options.seeders)
      image = cacheKey === undefined ? undefined : cache!.read(cacheKey)
      if (image === undefined) {
        const db = openDatabase()
        runMigrations(db, this.#options.migrations)
        seedFixtures(db, fixtures, this.#options.seeders, Date.now())
        image = db.serialize()
        db.close()
        if (cacheKey !== undefined) cache!.write(cacheKey, image)
      }
      this.#templates.set(key, image)
    }
    return image
  }

  list (): Instance[] {
    return [...this.#instances.values()]
  }

  find (name: string): Instance | undefined {
    return this.#instances.get(name)
  }

  /** The named instance, created from the default fixture set on first use. */
  get (name: string): Instance {
    return this.#instances.get(name) ?? this.create(name)
  }

  create (name: string, options: { fixtures?: string, image?: Buffer } = {}): Instance {
    if (!INSTANCE_NAME.test(name)) {
      throw new MockError('BAD_REQUEST', 'instance names match [A-Za-z0-9_-]{1,64}', 'name')
    }
    if (RESERVED_NAMES.has(name)) {
      throw new MockError('BAD_REQUEST', `${name} is reserved: /${name}/... is a path of the mock itself`, 'name')
    }
    if (this.#instances.has(name)) throw new MockError('CONFLICT', `instance ${name} already exists`)
    if (this.#instances.size >= this.#options.maxInstances) {
      throw new MockError('INSTANCE_LIMIT', `instance limit of ${this.#options.maxInstances} reached`)
    }
    const fixtures = options.fixtures ?? this.#options.fixtures
    const image = options.image ?? this.template(fixtures)
    const file = this.#fileFor(name)
    let db: Db
    if (file === null) {
      db = openImage(image)
    } else {
      const fresh = !existsSync(file)
      if (fresh) {
        mkdirSync(dirname(file), { recursive: true })
        writeImageFile(file, image)
      }
      db = openDatabase(file)
      runMigrations(db, this.#options.migrations)
    }
    const instance = new Instance(name, db, fixtures, file, this.#options.jobSpeed ?? 'clock')
    this.#instances.set(name, instance)
    return instance
  }

  /** Back to the fixture state the instance was created from. */
  reset (instance: Instance): void {
    instance.load(this.template(instance.fixtures))
    instance.clock.release()
  }

  delete (name: string): boolean {
    const instance = this.#instances.get(name)
    if (instance === undefined) return false
    instance.close()
    this.#instances.delete(name)
    return true
  }

  close (): void {
    for (const instance of this.#instances.values()) instance.close()
    this.#instances.clear()
  }

  #fileFor (name: string): string | null {
    const path = this.#options.dbPath
    if (path === ':memory:' || path === '') return null
    if (name === DEFAULT_INSTANCE) return path
    const dot = path.lastIndexOf('.')
    return dot > path.lastIndexOf('/') ? `${path.slice(0, dot)}.${name}${path.slice(dot)}` : `${path}.${name}`
  }
}
