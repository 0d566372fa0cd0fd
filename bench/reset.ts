// npm run bench:reset: how long a reset takes, for the default fixtures and for a big instance
// (10k resources, 100k netblocks). A reset loads the fixture set's template image; nothing is
// replayed. Target: under 5 ms for the default fixtures.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Type } from 'typebox'
import { allMigrations, allSeeders } from '../src/app.js'
import { packageRoot } from '../src/config.js'
import type { Migration } from '../src/core/db.js'
import type { Seeder } from '../src/core/family.js'
import { InstanceManager } from '../src/core/instances.js'
import { resetInstance } from '../src/control/reset.js'
import { restoreSnapshot, takeSnapshot } from '../src/control/snapshots.js'

const defaultFixtures = join(packageRoot(), 'fixtures', 'default')

// A table as wide as an IPAM netblock row, in the bench database only, so the figure does not
// depend on which branch's IPAM schema is present.
const netblockMigration: Migration = {
  id: 999,
  name: 'bench netblocks',
  sql: `CREATE TABLE bench_netblocks (
    id INTEGER PRIMARY KEY, parent_id INTEGER, resource_id INTEGER, cidr TEXT NOT NULL, family INTEGER NOT NULL,
    start_hex TEXT NOT NULL, end_hex TEXT NOT NULL, prefix INTEGER NOT NULL, status TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '', vlan TEXT NOT NULL DEFAULT '', generic_code TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '', rir TEXT NOT NULL DEFAULT '', date TEXT NOT NULL, modified TEXT NOT NULL);
    CREATE INDEX bench_netblocks_range ON bench_netblocks(family, start_hex, end_hex);
    CREATE INDEX bench_netblocks_parent ON bench_netblocks(parent_id);`
}

const netblockSeeder: Seeder<any> = {
  file: 'bench-netblocks.json',
  schema: Type.Object({ count: Type.Integer() }),
  seed: (db, data: { count: number }) => {
    const insert = db.prepare(`INSERT INTO bench_netblocks (id, parent_id, resource_id, cidr, family, start_hex,
      end_hex, prefix, status, region, vlan, tags, date, modified) VALUES (?, ?, ?, ?, 4, ?, ?, 24, ?, 'us-east',
      '100', 'bench', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`)
    for (let i = 1; i <= data.count; i++) {
      const base = (10 << 24) + i * 256
      const hex = (n: number): string => n.toString(16).padStart(8, '0')
      insert.run(i, i === 1 ? null : 1, 2 + (i % 5), `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.0/24`,
        hex(base), hex(base + 255), i % 3 === 0 ? 'assigned' : 'available')
    }
  }
}

function bigFixtures (): string {
  const dir = mkdtempSync(join(tmpdir(), 'provision-mock-bench-'))
  cpSync(defaultFixtures, dir, { recursive: true })
  const resources = Array.from({ length: 10000 }, (_, i) => ({
    // Above every fixture id: DNS and DHCP objects are resources too, numbered from 300.
    id: 100000 + i,
    parent_id: i < 100 ? 2 : 100000 + (i % 100),
    type: 'entry',
    name: `Bench resource ${i}`,
    attrs: { customer_code: `B${i}`, city: 'Bench' }
  }))
  // The file's other lists (sections, categories) stay: the fixture resources refer to them.
  const fixture = JSON.parse(readFileSync(join(defaultFixtures, 'resources.json'), 'utf8')) as { resources: unknown[] }
  const all = { ...fixture, resources: [...fixture.resources, ...resources] }
  writeFileSync(join(dir, 'resources.json'), JSON.stringify(all))
  writeFileSync(join(dir, 'bench-netblocks.json'), JSON.stringify({ count: 100000 }))
  return dir
}

function stats (samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const f = (n: number): string => n.toFixed(3).padStart(8)
  return `median ${f(at(0.5))} ms   p95 ${f(at(0.95))} ms   max ${f(sorted[sorted.length - 1])} ms`
}

function measure (
  label: string,
  fixtures: string,
  runs: number,
  extra: { migrations: Migration[], seeders: Seeder[] }
): void {
  let start = performance.now()
  const manager = new InstanceManager({
    fixtures,
    dbPath: ':memory:',
    maxInstances: 4,
    migrations: [...allMigrations(), ...extra.migrations],
    seeders: [...allSeeders(), ...extra.seeders]
  })
  const image = manager.template()
  const seedMs = performance.now() - start
  const instance = manager.create('bench')
  const counts = instance.db.prepare(`SELECT (SELECT COUNT(*) FROM resources) AS resources,
    (SELECT COUNT(*) FROM sqlite_master WHERE name = 'bench_netblocks') AS has_netblocks`).get() as
    { resources: number, has_netblocks: number }
  const netblocks = counts.has_netblocks === 1
    ? instance.db.prepare('SELECT COUNT(*) FROM bench_netblocks').pluck().get() as number
    : 0
  const resets: number[] = []
  for (let i = 0; i < runs; i++) {
    instance.db.prepare("UPDATE resources SET name = name || '!' WHERE id = 2").run()
    start = performance.now()
    resetInstance(manager, instance, 'clock', 100)
    resets.push(performance.now() - start)
  }
  const snapshot = takeSnapshot(instance, 'bench')
  const restores: number[] = []
  for (let i = 0; i < runs; i++) {
    start = performance.now()
    restoreSnapshot(instance, snapshot)
    restores.push(performance.now() - start)
  }
  manager.close()
  process.stdout.write(`\n${label}: ${counts.resources} resources, ${netblocks} netblocks, ` +
    `image ${(image.length / 1024 / 1024).toFixed(2)} MiB, seeded once in ${seedMs.toFixed(0)} ms\n`)
  process.stdout.write(`  reset   (${runs} runs)  ${stats(resets)}\n`)
  process.stdout.write(`  restore (${runs} runs)  ${stats(restores)}\n`)
}

measure('default fixtures', defaultFixtures, 500, { migrations: [], seeders: [] })
const big = bigFixtures()
try {
  measure('big instance', big, 30, { migrations: [netblockMigration], seeders: [netblockSeeder] })
} finally {
  rmSync(big, { recursive: true, force: true })
}
