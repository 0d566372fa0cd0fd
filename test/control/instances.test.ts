import t from 'tap'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { insertResource } from '../../src/families/resources/store.js'
import { authAs, buildTestApp, json } from '../helpers/app.js'

const admin = authAs('admin')

t.test('GET /_mock/instances', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ url: '/team-a/api/v2/config', headers: admin })

  t.test('lists the instances with their state', async (t) => {
    const res = await app.inject({ url: '/_mock/instances' })
    t.equal(res.statusCode, 200)
    const list = json(res)
    t.same(list.map((i: any) => i.name), ['default', 'team-a'])
    const team = list[1]
    t.match(team, { persistent: false, journal: 1, faults: 0, snapshots: [] })
    t.type(team.fixtures, 'string')
    t.match(team.clock, { frozen: false, offset_ms: 0, job_speed: 'clock' })
    t.type(team.clock.now, 'number')
  })
})

t.test('POST /_mock/instances', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_MAX_INSTANCES: '4' })

  t.test('creates an instance from the fixtures', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/_mock/instances', payload: { name: 'fresh' } })
    t.equal(res.statusCode, 201)
    t.match(json(res), { name: 'fresh', journal: 0, snapshots: [] })
    const config = await app.inject({ url: '/fresh/api/v2/config', headers: admin })
    t.equal(json(config).holding_tank_days, '30')
  })

  t.test('creates an instance from another fixture set', async (t) => {
    const res = await app.inject({
      method: 'POST', url: '/_mock/instances', payload: { name: 'other-set', fixtures: 'fixtures/default' }
    })
    t.equal(res.statusCode, 201)
    const bad = await app.inject({
      method: 'POST', url: '/_mock/instances', payload: { name: 'nowhere', fixtures: 'no/such/dir' }
    })
    t.equal(bad.statusCode, 422)
    t.equal(json(bad).field, 'fixtures')
    const notASet = await app.inject({
      method: 'POST', url: '/_mock/instances', payload: { name: 'etc', fixtures: 'test' }
    })
    t.equal(notASet.statusCode, 422, 'a directory with no fixture files is not a fixture set')
    t.match(json(notASet).message, /no fixture files/)
    const noUsers = mkdtempSync(join(tmpdir(), 'no-users-'))
    t.teardown(() => rmSync(noUsers, { recursive: true, force: true }))
    cpSync('fixtures/default/resources.json', join(noUsers, 'resources.json'))
    const unusable = await app.inject({
      method: 'POST', url: '/_mock/instances', payload: { name: 'no-users', fixtures: noUsers }
    })
    t.equal(unusable.statusCode, 422, 'nobody could sign in to it')
    t.match(json(unusable).message, /users\.json/)
    const names = json(await app.inject({ url: '/_mock/instances' })).map((i: { name: string }) => i.name)
    t.notOk(names.includes('etc') || names.includes('no-users'), 'neither was created')
  })

  t.test('creates an instance from a snapshot of another', async (t) => {
    await app.inject({ method: 'PATCH', url: '/api/v2/config', headers: admin, payload: { holding_tank_days: '7' } })
    await app.inject({ method: 'POST', url: '/_mock/snapshots', payload: { name: 'seven' } })
    const res = await app.inject({
      method: 'POST',
      url: '/_mock/instances',
      payload: { name: 'copy', from_snapshot: { instance: 'default', snapshot: 'seven' } }
    })
    t.equal(res.statusCode, 201)
    t.equal(json(await app.inject({ url: '/copy/api/v2/config', headers: admin })).holding_tank_days, '7')
    const missing = await app.inject({
      method: 'POST',
      url: '/_mock/instances',
      payload: { name: 'copy2', from_snapshot: { instance: 'default', snapshot: 'nope' } }
    })
    t.equal(missing.statusCode, 422)
  })

  t.test('refuses a taken name, a bad name, and past the limit', async (t) => {
    const taken = await app.inject({ method: 'POST', url: '/_mock/instances', payload: { name: 'fresh' } })
    t.equal(taken.statusCode, 409)
    const bad = await app.inject({ method: 'POST', url: '/_mock/instances', payload: { name: 'no spaces' } })
    t.equal(bad.statusCode, 400)
    const limit = await app.inject({ method: 'POST', url: '/_mock/instances', payload: { name: 'fifth' } })
    t.equal(limit.statusCode, 503)
    t.equal(json(limit).code, 'INSTANCE_LIMIT')
  })
})

t.test('GET /_mock/instances/{name}', async (t) => {
  const app = await buildTestApp(t)

  t.test('describes an existing instance and is a 404 for an absent one', async (t) => {
    t.equal(json(await app.inject({ url: '/_mock/instances/default' })).name, 'default')
    const res = await app.inject({ url: '/_mock/instances/ghost' })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'NOT_FOUND')
  })
})

t.test('DELETE /_mock/instances/{name}', async (t) => {
  const app = await buildTestApp(t)
  await app.inject({ method: 'PATCH', url: '/gone/api/v2/config', headers: admin, payload: { holding_tank_days: '9' } })

  t.test('deletes the instance; using the name again starts from the fixtures', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/_mock/instances/gone' })
    t.equal(res.statusCode, 204)
    t.notOk(json(await app.inject({ url: '/_mock/instances' })).some((i: any) => i.name === 'gone'))
    t.equal(json(await app.inject({ url: '/gone/api/v2/config', headers: admin })).holding_tank_days, '30')
    t.equal((await app.inject({ method: 'DELETE', url: '/_mock/instances/never' })).statusCode, 404)
  })
})

t.test('POST /_mock/instances/{name}/reset', async (t) => {
  const app = await buildTestApp(t)

  t.test('puts data, clock, job speed, journal and faults back; keeps snapshots', async (t) => {
    await app.inject({ method: 'PATCH', url: '/r/api/v2/config', headers: admin, payload: { holding_tank_days: '1' } })
    await app.inject({ method: 'POST', url: '/_mock/instances/r/snapshots', payload: { name: 'keep' } })
    await app.inject({ method: 'PUT', url: '/_mock/instances/r/clock', payload: { time: 0 } })
    await app.inject({ method: 'PUT', url: '/_mock/instances/r/clock/job-speed', payload: { speed: 'immediate' } })
    await app.inject({ method: 'POST', url: '/_mock/instances/r/faults', payload: { path: '/nothing', status: 500 } })
    insertResource(app.instances.get('r').db, { parent_id: 1, type: 'entry', name: 'Extra' }, Date.now())

    const res = await app.inject({ method: 'POST', url: '/_mock/instances/r/reset' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.equal(body.instance, 'r')
    t.type(body.fixtures, 'string')
    t.type(body.ms, 'number')
    t.ok(body.ms < 100, `took ${body.ms} ms`)

    t.equal(json(await app.inject({ url: '/r/api/v2/config', headers: admin })).holding_tank_days, '30')
    const count = app.instances.get('r').db.prepare("SELECT COUNT(*) FROM resources WHERE name = 'Extra'").pluck().get()
    t.equal(count, 0)
    const state = json(await app.inject({ url: '/_mock/instances/r' }))
    t.match(state, {
      faults: 0,
      journal: 1,
      snapshots: ['keep'],
      clock: { frozen: false, offset_ms: 0, job_speed: 'clock' }
    })
  })

  t.test('the unprefixed form resets default', async (t) => {
    await app.inject({ method: 'PATCH', url: '/api/v2/config', headers: admin, payload: { holding_tank_days: '2' } })
    const res = await app.inject({ method: 'POST', url: '/_mock/reset' })
    t.equal(res.statusCode, 200)
    t.equal(json(res).instance, 'default')
    t.equal(json(await app.inject({ url: '/api/v2/config', headers: admin })).holding_tank_days, '30')
  })
})

t.test('POST /_mock/reset-all', async (t) => {
  const app = await buildTestApp(t)
  for (const name of ['x1', 'x2']) {
    await app.inject({
      method: 'PATCH',
      url: `/${name}/api/v2/config`,
      headers: admin,
      payload: { auto_merge_limits: '5' }
    })
  }

  t.test('resets every instance and says how long each took', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/_mock/reset-all' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.same(body.instances.map((i: any) => i.instance).sort(), ['default', 'x1', 'x2'])
    t.type(body.ms, 'number')
    for (const name of ['x1', 'x2']) {
      t.equal(json(await app.inject({ url: `/${name}/api/v2/config`, headers: admin })).auto_merge_limits, '0')
    }
  })
})

t.test('instance isolation', async (t) => {
  const app = await buildTestApp(t)

  t.test('two instances under parallel writes never see each other\'s data', async (t) => {
    const writes = []
    for (let i = 1; i <= 20; i++) {
      writes.push(
        app.inject({
          method: 'PATCH',
          url: '/iso-a/api/v2/config',
          headers: admin,
          payload: { auto_merge_limits: String(i) }
        })
      )
      writes.push(
        app.inject({
          method: 'PATCH',
          url: '/iso-b/api/v2/config',
          headers: admin,
          payload: { holding_tank_days: String(100 + i) }
        })
      )
    }
    const results = await Promise.all(writes)
    t.ok(results.every((res) => res.statusCode === 200))
    for (let i = 0; i < 200; i++) {
      insertResource(app.instances.get(i % 2 === 0 ? 'iso-a' : 'iso-b').db,
        { parent_id: 1, type: 'entry', name: `${i % 2 === 0 ? 'a' : 'b'}-${i}` }, Date.now())
    }

    const a = json(await app.inject({ url: '/iso-a/api/v2/config', headers: admin }))
    const b = json(await app.inject({ url: '/iso-b/api/v2/config', headers: admin }))
    t.equal(a.auto_merge_limits, '20')
    t.equal(a.holding_tank_days, '30', 'a never saw b\'s writes')
    t.equal(b.auto_merge_limits, '0', 'b never saw a\'s writes')
    t.equal(b.holding_tank_days, '120')
    const names = (name: string, prefix: string): string[] => app.instances.get(name).db
      .prepare('SELECT name FROM resources WHERE name LIKE ?').pluck().all(`${prefix}-%`) as string[]
    t.equal(names('iso-a', 'a').length, 100)
    t.equal(names('iso-b', 'b').length, 100)
    t.same(names('iso-a', 'b'), [], 'a holds none of b\'s resources')
    t.same(names('iso-b', 'a'), [], 'b holds none of a\'s resources')
    t.equal(json(await app.inject({ url: '/_mock/instances/iso-a/journal/count' })).count, 21)
    t.equal(
      json(await app.inject({ url: '/api/v2/config', headers: admin })).auto_merge_limits,
      '0',
      'default untouched'
    )
  })
})
