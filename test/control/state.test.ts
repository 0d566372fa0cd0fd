import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { families } from '../../src/families/index.js'
import { insertResource, setAttrs } from '../../src/families/resources/store.js'
import { authAs, buildTestApp, json } from '../helpers/app.js'

const admin = authAs('admin')

t.test('GET /_mock/instances/{name}/export', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('built')
  await app.inject({
    method: 'PATCH',
    url: '/built/api/v2/config',
    headers: admin,
    payload: { holding_tank_days: '45' }
  })
  const id = insertResource(instance.db, { parent_id: 3, type: 'entry', name: 'Hand Made' }, Date.now())
  setAttrs(instance.db, id, { note: 'kept' })

  t.test('exports a fixture set a new server starts from with the same state', async (t) => {
    const res = await app.inject({ url: '/_mock/instances/built/export' })
    t.equal(res.statusCode, 200)
    const exported = json(res)
    const seederFiles = families.flatMap((f) => (f.seeders ?? []).map((s) => s.file)).sort()
    t.same([...Object.keys(exported.files), ...exported.missing].sort(), seederFiles)
    t.ok(['config.json', 'resources.json', 'users.json'].every((file) => file in exported.files))

    const dir = mkdtempSync(join(tmpdir(), 'provision-mock-export-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    for (const [file, content] of Object.entries(exported.files)) {
      writeFileSync(join(dir, file), JSON.stringify(content, null, 2))
    }
    const copy = await buildTestApp(t, { PROVISION_MOCK_FIXTURES: dir })
    t.same(json(await copy.inject({ url: '/_mock/export' })), exported, 'exports the same again')
    const config = json(await copy.inject({ url: '/api/v2/config', headers: admin }))
    t.equal(config.holding_tank_days, '45')
    t.same(config, json(await app.inject({ url: '/built/api/v2/config', headers: admin })))
    const row = copy.instances.get('default').db.prepare('SELECT parent_id, name FROM resources WHERE id = ?').get(id)
    t.same(row, { parent_id: 3, name: 'Hand Made' })
    const login = await copy.inject({ url: '/api/v2/config', headers: authAs('scoped') })
    t.equal(login.statusCode, 200, 'users log in with their exported password hashes')
  })

  t.test('?file= answers one file', async (t) => {
    const res = await app.inject({ url: '/_mock/instances/built/export', query: { file: 'config.json' } })
    t.equal(res.statusCode, 200)
    t.equal(json(res).holding_tank_days, '45')
    const missing = await app.inject({ url: '/_mock/instances/built/export', query: { file: 'nope.json' } })
    t.equal(missing.statusCode, 404)
  })
})

t.test('GET /_mock/instances/{name}/invariants', async (t) => {
  const app = await buildTestApp(t)

  t.test('is empty on the fixtures', async (t) => {
    const res = await app.inject({ url: '/_mock/invariants' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.equal(body.ok, true)
    t.same(body.violations, [])
    t.ok(body.checks.includes('core: every resource\'s parent exists'))
  })

  t.test('lists a resource whose parent is gone', async (t) => {
    const db = app.instances.get('broken').db
    db.pragma('foreign_keys = OFF')
    db.prepare('DELETE FROM resources WHERE id = 3').run()
    db.pragma('foreign_keys = ON')
    const body = json(await app.inject({ url: '/_mock/instances/broken/invariants' }))
    t.equal(body.ok, false)
    t.ok(body.violations.some((v: any) => v.check === 'core: every resource\'s parent exists' &&
      v.message === 'resource 6 has parent 3, which does not exist'))
    t.ok(body.violations.some((v: any) => v.check === 'sqlite foreign_key_check'))
  })

  t.test('runs every family\'s invariants', async (t) => {
    const family = families[0] as { invariants?: Array<(db: unknown) => string[]> }
    const before = family.invariants
    family.invariants = [...(before ?? []), function canary () { return ['canary violated'] }]
    t.teardown(() => { family.invariants = before })
    const body = json(await app.inject({ url: '/_mock/invariants' }))
    t.same(body.violations, [{ check: `${families[0].name}: canary`, message: 'canary violated' }])
  })
})

t.test('GET /_mock/health', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_CONTROL_TOKEN: 'sekret' })

  t.test('answers without the token', async (t) => {
    for (const url of ['/_mock/health', '/_mock/ready']) {
      const res = await app.inject({ url })
      t.equal(res.statusCode, 200, url)
      t.match(json(res), { status: 'ok', instances: 1 })
      t.type(json(res).uptime_s, 'number')
    }
  })
})
