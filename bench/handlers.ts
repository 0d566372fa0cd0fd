// npm run bench:handlers: the cost of the Resources and IPAM handlers in-process, without sockets.
// Builds the app (silent), adds 100 children under resource 3 as bench/run.ts does, warms each
// endpoint up, then times N app.inject calls per endpoint and prints µs per request. A second
// table times the store/present work of the same endpoints called directly on an instance's
// database (no Fastify, no auth), which is the part the handlers own. Prints; asserts nothing.
// HANDLERS_N sets the calls per endpoint (default 3000); HANDLERS_ONLY=inject|direct runs one table.
import { performance } from 'node:perf_hooks'
import { allMigrations, allSeeders, buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { InstanceManager } from '../src/core/instances.js'
import { Permissions } from '../src/core/permissions.js'
import { view } from '../src/families/ipam/routes/common.js'
import { findNetblock, smartAssign } from '../src/families/ipam/store.js'
import { readListParams, readQueryBody, runList } from '../src/families/resources/list-input.js'
import { presentById, presentResources } from '../src/families/resources/present.js'
import { insertResource } from '../src/families/resources/store.js'

const n = Number(process.env.HANDLERS_N ?? 3000)
const only = process.env.HANDLERS_ONLY
const basic = (user: string, password: string): string =>
  'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')
const admin = { authorization: basic('admin@example.com', 'admin'), 'content-type': 'application/json' }
const scoped = { authorization: basic('acme@example.com', 'acme'), 'content-type': 'application/json' }

interface Case {
  name: string
  method: 'GET' | 'PUT' | 'POST'
  url: string
  headers?: Record<string, string>
  body?: unknown
}

function time (fn: () => unknown, count: number): number {
  for (let i = 0; i < Math.min(500, count); i++) fn()
  const started = performance.now()
  for (let i = 0; i < count; i++) fn()
  return (performance.now() - started) * 1000 / count
}

async function timeAsync (fn: () => Promise<unknown>, count: number): Promise<number> {
  for (let i = 0; i < Math.min(500, count); i++) await fn()
  const started = performance.now()
  for (let i = 0; i < count; i++) await fn()
  return (performance.now() - started) * 1000 / count
}

const rows: Array<[string, string]> = []
const print = (title: string): void => {
  const width = Math.max(...rows.map((r) => r[0].length))
  process.stdout.write(`\n${title}\n`)
  for (const [name, value] of rows) process.stdout.write(`  ${name.padEnd(width)}  ${value.padStart(8)} µs\n`)
  rows.length = 0
}

if (only !== 'direct') {
  const config = loadConfig([], { LOG_LEVEL: 'silent' })
  const app = await buildApp(config, { logger: false })
  for (let i = 0; i < 100; i++) {
    await app.inject({
      method: 'POST',
      url: '/api/v2/resources',
      headers: admin,
      payload: { name: `bench ${i}`, type: 'entry', parent_id: 3, attrs: i % 2 === 0 ? { a: String(i) } : {} }
    })
  }
  const listed = await app.inject({ method: 'GET', url: '/api/v2/ipam/netblocks?limit=1', headers: admin })
  const netblockId = (JSON.parse(listed.body) as Array<{ id: number }>)[0].id
  const cases: Case[] = [
    { name: 'GET /api/v2/config (shared path floor)', method: 'GET', url: '/api/v2/config' },
    { name: 'GET /resources/2', method: 'GET', url: '/api/v2/resources/2' },
    { name: 'GET /resources/2 (scoped user)', method: 'GET', url: '/api/v2/resources/2', headers: scoped },
    { name: 'GET /resources?parent_id=3&limit=100', method: 'GET', url: '/api/v2/resources?parent_id=3&limit=100' },
    {
      name: 'GET same + load_attributes,permissions,links',
      method: 'GET',
      url: '/api/v2/resources?parent_id=3&limit=100&load_attributes=1&load_permissions=1&load_links=1'
    },
    {
      name: 'GET /resources (scoped user, whole list)',
      method: 'GET',
      url: '/api/v2/resources?load_permissions=1',
      headers: scoped
    },
    {
      name: 'POST /resources/query parent 3, attrs',
      method: 'POST',
      url: '/api/v2/resources/query',
      body: { parent_id: 3, load_attributes: true }
    },
    { name: `GET /ipam/netblocks/${netblockId}`, method: 'GET', url: `/api/v2/ipam/netblocks/${netblockId}` },
    {
      name: 'PUT /ipam/netblocks/smart_assign v6 /64',
      method: 'PUT',
      url: '/api/v2/ipam/netblocks/smart_assign',
      body: { resource_id: '2', type: 'ipv6', rir: 'ARIN', mask: 64 }
    }
  ]
  for (const c of cases) {
    const payload = c.body === undefined ? undefined : JSON.stringify(c.body)
    const request = { method: c.method, url: c.url, headers: c.headers ?? admin, payload }
    const first = await app.inject(request)
    if (first.statusCode >= 300) throw new Error(`${c.name}: ${first.statusCode} ${first.body}`)
    const count = c.method === 'PUT' ? Math.min(n, 2000) : n
    rows.push([c.name, (await timeAsync(() => app.inject(request), count)).toFixed(1)])
  }
  await app.close()
  print(`app.inject, µs per request (${n} calls after warm-up)`)
}

if (only !== 'inject') {
  const instances = new InstanceManager({
    fixtures: 'fixtures/default', dbPath: '', maxInstances: 1, migrations: allMigrations(), seeders: allSeeders()
  })
  const db = instances.get('default').db
  for (let i = 0; i < 100; i++) {
    insertResource(db, { parent_id: 3, type: 'entry', name: `bench ${i}`, attrs: i % 2 === 0 ? { a: String(i) } : {} },
      Date.now())
  }
  const adminPerms = (): Permissions => new Permissions(db, 1)
  const scopedId = db.prepare("SELECT id FROM users WHERE username = 'acme@example.com'").pluck().get() as number
  const fakeRequest = (perms: Permissions): any => ({ instance: { db }, perms })
  const netblock = findNetblock(db, '1')
  rows.push(['presentById(2)', time(() => presentById(db, 2), n).toFixed(1)])
  rows.push(['list parent 3 limit 100', time(() => {
    const perms = adminPerms()
    const list = readListParams({ parent_id: 3, limit: 100 }, perms)
    return presentResources(db, runList(db, list, perms), list.load)
  }, n).toFixed(1)])
  rows.push(['list parent 3 limit 100, all loads', time(() => {
    const perms = adminPerms()
    const list = readListParams({
      parent_id: 3,
      limit: 100,
      load_attributes: true,
      load_permissions: true,
      load_links: '1'
    }, perms)
    return presentResources(db, runList(db, list, perms), list.load)
  }, n).toFixed(1)])
  rows.push(['list everything, scoped user', time(() => {
    const perms = new Permissions(db, scopedId)
    const list = readListParams({ load_permissions: true }, perms)
    return presentResources(db, runList(db, list, perms), list.load)
  }, n).toFixed(1)])
  rows.push(['query parent 3, attrs', time(() => {
    const perms = adminPerms()
    const list = readQueryBody({ parent_id: 3, load_attributes: true }, perms)
    return presentResources(db, runList(db, list, perms), list.load)
  }, n).toFixed(1)])
  rows.push(['netblock 1: find + view', time(() => {
    const request = fakeRequest(adminPerms())
    return view(request, findNetblock(db, String(netblock.id)))
  }, n).toFixed(1)])
  rows.push(['smartAssign v6 /64 + view', time(() => {
    const request = fakeRequest(adminPerms())
    return view(request, smartAssign(db, { resource_id: 2, type: 'ipv6', rir: 'ARIN', mask: 64 }, Date.now()))
  }, Math.min(n, 2000)).toFixed(1)])
  instances.get('default').close()
  print(`direct store/present calls, µs per call (${n} calls after warm-up)`)
}
