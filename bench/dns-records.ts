// Cost of one DNS record write (POST, PATCH, DELETE) and of record reads, in a zone that already
// holds 0, 1,000 and 10,000 records, through the whole request pipeline (app.inject, admin Basic
// auth, in-memory instance). The existing records are written straight into the instance's
// database, as the DNS API would have stored them, so the set-up stays bounded whatever a single
// create costs. A write touches one owner name, so its cost should stay flat as the zone grows.
// Run: npm run bench:dns (not part of npm test). DNS_BENCH_SAMPLE sets the writes per figure.
import { performance } from 'node:perf_hooks'
import { buildApp, type App } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { insertResource } from '../src/families/resources/store.js'

const levels = [0, 1_000, 10_000]
const sample = Number(process.env.DNS_BENCH_SAMPLE ?? 300)
const warmup = 30
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

/** Mean µs per call of `count` sequential calls of `run(i)`. */
async function time (count: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < count; i++) await run(i)
  return (performance.now() - started) * 1000 / count
}

/** `count` records at distinct owner names, plus one name with ten A records, as the API stores them. */
function prefill (app: App, instance: string, zoneId: number, zone: string, count: number): void {
  const db = app.instances.get(instance).db
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const host = i % 100 < 10 ? `multi.${zone}` : `pre${i}.${zone}`
      insertResource(db, {
        parent_id: zoneId,
        type: 'dnsrecord',
        name: host,
        attrs: {
          record_type: 'A',
          record_host: host,
          record_value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          record_ttl: '300',
          status: 'active'
        }
      }, 0)
    }
  })()
}

interface Figures {
  create: number
  patch: number
  rename: number
  del: number
  byId: number
  byHost: number
  page: number
}

async function measure (app: App, existing: number, instance = `bench${existing}`): Promise<Figures> {
  const api = `/${instance}/api/v2/dns`
  const zone = await call(app, 'POST', `${api}/zones/forward`, { name: `bench${existing}.example.` })
  const records = `${api}/zones/${zone.id as string}/records`
  prefill(app, instance, Number(zone.id), zone.name, existing)

  const create = (tag: string) => async (i: number) => await call(app, 'POST', records, {
    record_type: 'TXT', record_host: `${tag}${i}`, record_value: `bench ${i}`, record_ttl: '300'
  })
  await time(warmup, create('warm'))
  const ids: string[] = []
  const created = await time(sample, async (i) => ids.push((await create('new')(i)).id))
  const patch = await time(sample, async (i) => await call(app, 'PATCH', `${records}/${ids[i]}`, {
    record_ttl: '600', record_value: `changed ${i}`
  }))
  const rename = await time(sample, async (i) => await call(app, 'PATCH', `${records}/${ids[i]}`, {
    record_host: `moved${i}`
  }))
  const byId = await time(sample, async (i) => await call(app, 'GET', `${records}?id=${ids[i]}&load_attributes=1`))
  const byHost = await time(sample, async (i) => await call(app, 'GET', `${records}?record_host=moved${i}`))
  const page = await time(Math.min(sample, 100), async () => await call(app, 'GET', `${records}?limit=100`))
  const del = await time(sample, async (i) => await call(app, 'DELETE', `${records}/${ids[i]}`))
  return { create: created, patch, rename, del, byId, byHost, page }
}

const started = performance.now()
const app = await buildApp(loadConfig([], { LOG_LEVEL: 'silent' }), { logger: false })
const columns: Array<[keyof Figures, string]> = [
  ['create', 'POST'], ['patch', 'PATCH value'], ['rename', 'PATCH host'], ['del', 'DELETE'],
  ['byId', 'GET ?id='], ['byHost', 'GET ?record_host='], ['page', 'GET ?limit=100']
]
// One throw-away round first, so that compiling each route's serializer is not counted.
await measure(app, 0, 'warmup')
process.stdout.write(`µs per request, mean of ${sample}, after a warm-up round ` +
  `(each zone also gets ${warmup} warm-up creates)\n`)
process.stdout.write(`${'records in zone'.padEnd(16)}${columns.map(([, title]) => title.padStart(19)).join('')}\n`)
for (const existing of levels) {
  const figures = await measure(app, existing)
  process.stdout.write(`${String(existing).padEnd(16)}` +
    `${columns.map(([key]) => figures[key].toFixed(0).padStart(19)).join('')}\n`)
}
await app.close()
process.stdout.write(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
