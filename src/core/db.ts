import Database from 'better-sqlite3'

export type Db = Database.Database
export type Statement = Database.Statement

export interface Migration {
  /** Global order. Ranges: core 1-99, resources 100-199, ipam 200-299, dns 300-399, dhcp 400-499,
   * users 500-599, scheduler 600-699, acp 700-799, umbrella 800-899, control 900-999. */
  id: number
  name: string
  sql: string
}

const statementCache = new WeakMap<Db, Map<string, Statement>>()

/** A prepared statement for `text`, prepared once per database connection. */
export function stmt (db: Db, text: string): Statement {
  let cache = statementCache.get(db)
  if (cache === undefined) {
    cache = new Map()
    statementCache.set(db, cache)
  }
  let prepared = cache.get(text)
  if (prepared === undefined) {
    prepared = db.prepare(text)
    cache.set(text, prepared)
  }
  return prepared
}

function applyPragmas (db: Db, file: boolean): void {
  db.pragma('foreign_keys = ON')
  if (file) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
  }
}

/** An empty in-memory database, or a file database (WAL) at `path`. */
export function openDatabase (path = ':memory:'): Db {
  const db = new Database(path)
  applyPragmas(db, path !== ':memory:')
  return db
}

/** An in-memory database holding a copy of the serialized image `image`. */
export function openImage (image: Buffer): Db {
  const db = new Database(image)
  applyPragmas(db, false)
  return db
}

export function runMigrations (db: Db, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[])
  const ordered = [...migrations].sort((a, b) => a.id - b.id)
  const apply = db.transaction((migration: Migration) => {
    db.exec(migration.sql)
    db.prepare('INSERT INTO schema_migrations (id, name) VALUES (?, ?)').run(migration.id, migration.name)
  })
  for (const migration of ordered) {
    if (!done.has(migration.id)) apply(migration)
  }
}

/** Runs `fn` in one transaction (nested calls become savepoints). */
export function inTransaction<T> (db: Db, fn: () => T): T {
  return db.transaction(fn)()
}
