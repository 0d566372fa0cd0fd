// Cost of one DHCP reservation write (POST, PATCH, DELETE) and of listing a pool's reservations,
// in a pool already holding 0, 1,000 and 10,000 reservations; and of creating a pool when 0,
// 1,000 and 10,000 pools exist. Whole request pipeline (app.inject, admin Basic auth, in-memory
// instance). The existing objects are written straight into the instance's database, as the DHCP
// API stores them, so the set-up stays bounded. A single write should cost the same at every size.
// Run: npm run bench:dhcp (not part of npm test). DHCP_BENCH_SAMPLE sets the writes per figure.
import { performance } from 'node:perf_hooks'
import { buildApp, type App } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { insertResource } from '../src/families/resources/store.js'

const levels = [0, 1_000, 10_000]
const sample = Number(process.env.DHCP_BENCH_SAMPLE ?? 300)
const headers = {
  authorization: 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64'),
  'content-type': 'application/json'
}

async function call (app: App, method: string, url: string, body?: unknown): Promise<any> {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) })
  })
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.statusCode === 204 ? undefined : JSON.parse(res.body)
}

async function time (count: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < count; i++) await run(i)
  return (performance.now() - started) * 1000 / count
}

const address = (i: number): string => `172.20.${(i >> 8) & 255}.${i & 255}`
const mac = (prefix: number, i: number): string =>
  [prefix, 0, (i >> 16) & 255, (i >> 8) & 255, i & 255, 0].map((b) => b.toString(16).padStart(2, '0')).join(':')

/** Reservations in pool 172.20.0.0/16 (range at its top), then `sample` created, changed, deleted. */
async function reservations (app: App, existing: number, instance: string): Promise<number[]> {
  const api = `/${instance}/api/v2/dhcp`
  const pool = await call(app, 'POST', `${api}/pools`, {
    name: 'bench',
    parent_id: 2,
    group_id: 400,
    cidr: '172.20.0.0/16',
    router: '172.20.0.1',
    range_start: '172.20.255.1',
    range_end: '172.20.255.254'
  })
  const db = app.instances.get(instance).db
  db.transaction(() => {
    for (let i = 0; i < existing; i++) {
      insertResource(db, {
        parent_id: Number(pool.id),
        type: 'dhcphost',
        name: `pre${i}`,
        attrs: { mac: mac(2, i), address: address(i + 2), hostname: `pre${i}` }
      }, 0)
    }
  })()
  const url = `${api}/pools/${pool.id as string}/reservations`
  const ids: string[] = []
  const base = existing + 2
  const create = await time(sample, async (i) => ids.push((await call(app, 'POST', url, {
    name: `new${i}`, mac: mac(4, i), address: address(base + i)
  })).id))
  const patch = await time(sample, async (i) => await call(app, 'PATCH', `${url}/${ids[i]}`, {
    address: address(base + sample + i), mac: mac(6, i)
  }))
  const list = await time(20, async () => await call(app, 'GET', url))
  const del = await time(sample, async (i) => await call(app, 'DELETE', `${url}/${ids[i]}`))
  return [create, patch, del, list]
}

/** `existing` pools (not backed by IPAM blocks: only the overlap check reads them), then new /28s. */
async function pools (app: App, existing: number, instance: string): Promise<number> {
  const db = app.instances.get(instance).db
  db.transaction(() => {
    for (let i = 0; i < existing; i++) {
      insertResource(db, {
        parent_id: 2,
        type: 'dhcppool',
        name: `pre${i}`,
        attrs: { group_id: '400', pool_type: 'subnet', netblock_id: '0', cidr: `10.200.${i >> 6}.${(i & 63) * 4}/30` }
      }, 0)
    }
  })()
  const count = Math.min(sample, 256)
  return await time(count, async (i) => await call(app, 'POST', `/${instance}/api/v2/dhcp/pools`, {
    name: `new${i}`, parent_id: 2, group_id: 400, cidr: `192.168.${100 + (i >> 4)}.${(i & 15) * 16}/28`
  }))
}

const started = performance.now()
const app = await buildApp(loadConfig([], { LOG_LEVEL: 'silent' }), { logger: false })
await reservations(app, 0, 'warmup')
await pools(app, 0, 'warmup')
process.stdout.write(`µs per request, mean of ${sample} (lists: of 20; pool creates: of ${Math.min(sample, 256)})\n`)
process.stdout.write(`${'existing'.padEnd(10)}${['POST reservation', 'PATCH reservation', 'DELETE reservation',
  'GET reservations', 'POST pool'].map((title) => title.padStart(20)).join('')}\n`)
for (const existing of levels) {
  const figures = [
    ...await reservations(app, existing, `res${existing}`),
    await pools(app, existing, `pool${existing}`)
  ]
  process.stdout.write(`${String(existing).padEnd(10)}${figures.map((f) => f.toFixed(0).padStart(20)).join('')}\n`)
}
await app.close()
process.stdout.write(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
