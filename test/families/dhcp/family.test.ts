import t from 'tap'
import { allMigrations } from '../../../src/app.js'
import { openDatabase, runMigrations } from '../../../src/core/db.js'
import { FixtureError } from '../../../src/core/fixtures.js'
import { apiCaller } from '../../../src/core/internal-call.js'
import { dhcpFamily } from '../../../src/families/dhcp/index.js'
import { exportDhcp, seedDhcp } from '../../../src/families/dhcp/fixtures.js'
import { exportIpam, seedIpam } from '../../../src/families/ipam/fixtures.js'
import { exportResources, seedResources } from '../../../src/families/resources/fixtures.js'
import { setAttrs } from '../../../src/families/resources/store.js'
import { buildTestApp, json } from '../../helpers/app.js'
import { call } from '../../helpers/dhcp.js'

t.test('invariants', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db
  const check = (): string[] => (dhcpFamily.invariants ?? []).flatMap((invariant) => invariant(db))

  t.same(check(), [], 'the fixtures are healthy')
  const body = { name: 'B', group_id: 400, cidr: '10.1.7.0/24', range_end: '10.1.7.99' }
  const second = json(await call(app, 'POST', '/api/v2/dhcp/pools', body))
  const host = json(await call(app, 'POST', `/api/v2/dhcp/pools/${String(second.id)}/reservations`,
    { name: 'h', mac: '02:00:00:00:00:01', address: '10.1.7.105' }))
  t.same(check(), [])
  // Writes the DHCP API (and IPAM, for the pool's block) refuses, made through the resource tree.
  setAttrs(db, Number(host.id), { mac: '00:11:22:33:44:55', address: '10.9.9.9' })
  setAttrs(db, Number(second.id), { netblock_id: '999999' })
  const violations = check()
  t.equal(violations.length, 3, violations.join('\n'))
  t.match(violations[0], new RegExp(`pool ${String(second.id)}: block 10\\.1\\.7\\.0/24 .* is not assigned`))
  t.match(violations[1], /10\.9\.9\.9 is outside pool/)
  t.match(violations[2], /MAC 00:11:22:33:44:55 is also reserved by 403/)
})

t.test('scheduler task dhcp_push', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('default')
  const context = { userId: 1, callApi: apiCaller(app, 'default', { userId: 1 }) }
  const task = app.tasks.get('dhcp_push')!

  t.test('pushes one server or every server, leaving jobs behind', async (t) => {
    t.ok(app.tasks.has('dhcp_push'))
    const one = await task.run(instance, { server_id: '401' }, context)
    t.equal(one.state, 'finished')
    t.match(one.message, /server dhcp1\.example\.net deployed/)
    const all = await task.run(instance, {}, context)
    t.same(all, { state: 'finished', message: 'pushed 1 DHCP servers' })
    t.equal(instance.db.prepare("SELECT COUNT(*) FROM jobs WHERE kind = 'dhcp_server_push'").pluck().get(), 2)
  })

  t.test('refuses a bad id and reports the worst outcome', async (t) => {
    t.throws(() => task.run(instance, { server_id: 'x' }, context), { message: /server_id/ })
    t.throws(() => task.run(instance, { server_id: 999 }, context), { message: /DHCP server 999 not found/ })
  })
})

t.test('fixtures', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db

  t.test('export in the seed format and seed back to the same state, adopting the assigned block', async (t) => {
    const exported = exportDhcp(db)
    t.equal(exported.pools.length, 1)
    t.equal(exported.pools[0].cidr, '203.0.113.0/25')
    t.equal(exported.pools[0].reservations[0].mac, '00:11:22:33:44:55')
    const fresh = openDatabase()
    t.teardown(() => fresh.close())
    runMigrations(fresh, allMigrations())
    const context = { file: 'dhcp.json', now: Date.now() }
    seedResources(fresh, exportResources(db), context)
    seedIpam(fresh, exportIpam(db), context)
    seedDhcp(fresh, exported, context)
    t.same(exportDhcp(fresh), exported)
    t.same(exportIpam(fresh), exportIpam(db))
  })

  t.test('a fixture pool that breaks the rules names its path', async (t) => {
    const fresh = openDatabase()
    t.teardown(() => fresh.close())
    runMigrations(fresh, allMigrations())
    const data = {
      groups: [{ name: 'G' }],
      servers: [],
      pools: [{ name: 'P', group_id: 2, cidr: '10.0.0.0/24', router: '10.0.1.1', reservations: [] }]
    }
    const error = (() => {
      try {
        seedDhcp(fresh, data, { file: 'dhcp.json', now: 0 })
      } catch (caught) {
        return caught
      }
    })()
    t.ok(error instanceof FixtureError, 'a FixtureError')
    t.match((error as FixtureError).field, /^\/pools\/0\//)
  })
})

t.test('every request-body example in the DHCP document works against the default fixtures', async (t) => {
  const app = await buildTestApp(t)
  const doc = json(await app.inject({ url: '/dev/openapi/dhcp.json' }))
  const ids: Record<string, Record<string, string>> = {
    pools: { id: '402', rid: '403' }, groups: { id: '400' }, servers: { id: '401' }
  }
  let tried = 0
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const content = operation.requestBody?.content?.['application/json']
      const examples = content?.examples !== undefined
        ? Object.values<any>(content.examples).map((e) => e.value)
        : content?.example !== undefined ? [content.example] : []
      for (const example of examples) {
        const kind = path.split('/')[4]
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[kind][name])
        const res = await call(app, method.toUpperCase() as 'POST' | 'PATCH', url, example)
        t.equal(res.statusCode, 200, `${method} ${path}: ${res.body.slice(0, 160)}`)
        tried++
      }
    }
  }
  t.equal(tried, 9, 'every create and change operation carries an example (pool create two)')
})
