import t from 'tap'
import { allMigrations } from '../../../src/app.js'
import { openDatabase, runMigrations } from '../../../src/core/db.js'
import { dnsFamily } from '../../../src/families/dns/index.js'
import { exportDns, seedDns } from '../../../src/families/dns/fixtures.js'
import { seedResources, exportResources } from '../../../src/families/resources/fixtures.js'
import { insertResource, setAttrs } from '../../../src/families/resources/store.js'
import { FixtureError } from '../../../src/core/fixtures.js'
import { apiCaller } from '../../../src/core/internal-call.js'
import { buildTestApp, json } from '../../helpers/app.js'
import { call } from '../../helpers/dns.js'

t.test('invariants', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db
  const check = (): string[] => (dnsFamily.invariants ?? []).flatMap((invariant) => invariant(db))

  t.same(check(), [], 'the fixtures are healthy')
  setAttrs(db, 313, { record_host: 'mail.example.org.' })
  insertResource(db, {
    parent_id: 310,
    type: 'dnsrecord',
    name: 'ftp',
    attrs: { record_host: 'ftp.example.com.', record_type: 'A', record_value: '192.0.2.1' }
  }, Date.now())
  const violations = check()
  t.equal(violations.length, 2)
  t.match(violations[0], /record 313: mail\.example\.org\. is outside zone example\.com\./)
  t.match(violations[1], /ftp\.example\.com\. has a CNAME beside A/)
})

t.test('scheduler tasks', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('default')
  const context = { userId: 1, callApi: apiCaller(app, 'default', { userId: 1 }) }

  t.test('are offered by type', async (t) => {
    for (const type of ['dns_push_all', 'dns_push_server', 'dns_push_zone']) t.ok(app.tasks.has(type), type)
  })

  t.test('push and report the outcome, leaving a job behind', async (t) => {
    const zone = await app.tasks.get('dns_push_zone')!.run(instance, { zone_id: '310' }, context)
    t.equal(zone.state, 'finished')
    t.match(zone.message, /zone example\.com\. deployed/)
    const server = await app.tasks.get('dns_push_server')!.run(instance, { server_id: 302 }, context)
    t.equal(server.state, 'finished')
    const all = await app.tasks.get('dns_push_all')!.run(instance, {}, context)
    t.same(all, { state: 'finished', message: 'pushed 1 DNS groups' })
    t.equal(instance.db.prepare("SELECT COUNT(*) FROM jobs WHERE kind LIKE 'dns_%'").pluck().get(), 3)
  })

  t.test('report the worst outcome over all groups', async (t) => {
    const group = json(await call(app, 'POST', '/api/v2/dns/groups', { name: 'Empty', nameservers: [] }))
    await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'nons.example', group_id: group.id })
    const all = await app.tasks.get('dns_push_all')!.run(instance, {}, context)
    t.equal(all.state, 'error')
    t.match(all.message, /nons\.example\. has no nameserver/)
  })

  t.test('refuse a missing id', async (t) => {
    t.throws(() => app.tasks.get('dns_push_zone')!.run(instance, {}, context), { message: /zone_id/ })
  })
})

t.test('fixtures', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db

  t.test('export in the seed format and seed back to the same state', async (t) => {
    const exported = exportDns(db)
    t.equal(exported.zones.length, 2)
    t.equal(exported.zones[0].zone_serial, '2026010101')
    const fresh = openDatabase()
    t.teardown(() => fresh.close())
    runMigrations(fresh, allMigrations())
    const context = { file: 'dns.json', now: Date.now() }
    seedResources(fresh, exportResources(db), context)
    seedDns(fresh, exported, context)
    t.same(exportDns(fresh), exported)
  })

  t.test('a fixture record that breaks DNS rules names its path', async (t) => {
    const fresh = openDatabase()
    t.teardown(() => fresh.close())
    runMigrations(fresh, allMigrations())
    const data = {
      acls: [],
      groups: [{ name: 'G', is_default: true, nameservers: [] }],
      servers: [],
      zones: [{
        name: 'x.example',
        zone_type: 'f' as const,
        records: [{ record_type: 'A', record_host: 'a', record_value: 'nope' }]
      }]
    }
    const error = (() => {
      try {
        seedDns(fresh, data, { file: 'dns.json', now: 0 })
      } catch (caught) {
        return caught
      }
    })()
    t.ok(error instanceof FixtureError, 'a FixtureError')
    t.equal((error as FixtureError).field, '/zones/0/records/0/record_value')
  })
})

t.test('every request-body example in the DNS document works against the default fixtures', async (t) => {
  const app = await buildTestApp(t)
  const doc = json(await app.inject({ url: '/dev/openapi/dns.json' }))
  const ids: Record<string, Record<string, string>> = {
    zones: { id: '310', zid: '310', rid: '311' }, groups: { id: '301' }, servers: { id: '302' }, acls: { id: '300' }
  }
  let tried = 0
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const example = operation.requestBody?.content?.['application/json']?.example
      if (example === undefined) continue
      const kind = path.split('/')[4]
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[kind][name])
      const res = await call(app, method.toUpperCase() as 'POST' | 'PATCH', url, example)
      t.equal(res.statusCode, 200, `${method} ${path}: ${res.body.slice(0, 120)}`)
      tried++
    }
  }
  t.equal(tried, 11, 'every create and change operation carries an example')
})
