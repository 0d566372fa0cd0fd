import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { allMigrations, allSeeders } from '../../src/app.js'
import { openImage } from '../../src/core/db.js'
import { InstanceManager } from '../../src/core/instances.js'
import { TemplateCache } from '../../src/core/template-cache.js'

const seeders = allSeeders()

/** A private copy of the default fixture set and an empty cache directory. */
function setUp (t: Test): { fixtures: string, directory: string } {
  const root = mkdtempSync(join(tmpdir(), 'template-cache-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const fixtures = join(root, 'fixtures')
  cpSync('fixtures/default', fixtures, { recursive: true })
  return { fixtures, directory: join(root, 'templates') }
}

function manager (fixtures: string, cache: TemplateCache): InstanceManager {
  return new InstanceManager({
    fixtures, dbPath: ':memory:', maxInstances: 4, migrations: allMigrations(), seeders, templateCache: cache
  })
}

function resourceNames (image: Buffer): string[] {
  const db = openImage(image)
  try {
    return db.prepare('SELECT name FROM resources ORDER BY id').pluck().all() as string[]
  } finally {
    db.close()
  }
}

t.test('TemplateCache', async (t) => {
  t.test('a key depends on the build and on every fixture file\'s bytes', async (t) => {
    const { fixtures, directory } = setUp(t)
    const cache = new TemplateCache(directory, 'build-a')
    const key = cache.key(fixtures, seeders)
    t.match(key, /^[0-9a-f]{32}$/)
    t.equal(cache.key(fixtures, seeders), key, 'the same inputs give the same key')
    t.not(new TemplateCache(directory, 'build-b').key(fixtures, seeders), key, 'another build')
    const file = join(fixtures, 'resources.json')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n')
    t.not(cache.key(fixtures, seeders), key, 'one changed byte in one fixture file')
  })

  t.test('reads back what it wrote, and nothing for an unknown key or a damaged file', async (t) => {
    const { fixtures, directory } = setUp(t)
    const cache = new TemplateCache(directory, 'build-a')
    const image = manager(fixtures, cache).template()
    const key = cache.key(fixtures, seeders)!
    t.same(cache.read(key), image, 'the first template was written under its key')
    t.equal(cache.read('0'.repeat(32)), undefined)
    const [file] = readdirSync(directory)
    writeFileSync(join(directory, file), Buffer.from('not a database'))
    t.equal(cache.read(key), undefined, 'a damaged image is not used')
  })

  t.test('a second manager opens the stored image instead of seeding', async (t) => {
    const { fixtures, directory } = setUp(t)
    const cache = new TemplateCache(directory, 'build-a')
    const first = manager(fixtures, cache).template()
    // A marker that seeding could not produce: only a read of the stored image carries it.
    const db = openImage(first)
    db.prepare("UPDATE resources SET name = 'from the cache' WHERE id = 1").run()
    cache.write(cache.key(fixtures, seeders)!, db.serialize())
    db.close()
    t.equal(resourceNames(manager(fixtures, cache).template())[0], 'from the cache')
    const other = new TemplateCache(directory, 'build-b')
    t.not(resourceNames(manager(fixtures, other).template())[0], 'from the cache', 'another build seeds anew')
  })

  t.test('a directory it cannot write only costs the cache', async (t) => {
    const { fixtures } = setUp(t)
    const blocked = join(fixtures, 'resources.json', 'templates')
    const cache = new TemplateCache(blocked, 'build-a')
    t.ok(manager(fixtures, cache).template().length > 0)
    t.equal(cache.read(cache.key(fixtures, seeders)!), undefined)
  })
})
