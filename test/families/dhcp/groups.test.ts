import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertStrings, call, groupKeys } from '../../helpers/dhcp.js'

t.test('GET /api/v2/dhcp/groups', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists the fixture group with string fields and an array of DNS servers', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dhcp/groups')
    t.equal(res.statusCode, 200)
    const groups = json(res)
    t.equal(groups.length, 1)
    assertStrings(t, groups[0], groupKeys)
    t.same(groups[0].dns_servers, ['192.0.2.53', '192.0.2.54'])
    t.equal(groups[0].lease_time, '86400')
  })

  t.test('a scoped user does not see a group at the TLR', async (t) => {
    t.same(json(await call(app, 'GET', '/api/v2/dhcp/groups', undefined, 'scoped')), [])
    t.equal(json(await call(app, 'GET', '/api/v2/dhcp/groups', undefined, 'readonly')).length, 1)
  })
})

t.test('POST /api/v2/dhcp/groups', async (t) => {
  const app = await buildTestApp(t)

  t.test('creates a group, numbers accepted as strings', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dhcp/groups', {
      name: 'Branch', domain_name: 'Branch.Example.com.', dns_servers: ['192.0.2.53'], lease_time: 3600
    })
    t.equal(res.statusCode, 200)
    const group = json(res)
    assertStrings(t, group, groupKeys)
    t.equal(group.domain_name, 'branch.example.com')
    t.equal(group.lease_time, '3600')
    t.equal(group.parent_id, '1')
  })

  t.test('invalid fields are a 422 naming the field', async (t) => {
    for (const [body, field] of [
      [{ name: 'x', lease_time: '10' }, 'lease_time'],
      [{ name: 'x', dns_servers: ['nope'] }, 'dns_servers.0'],
      [{ name: 'x', domain_name: 'bad_domain' }, 'domain_name'],
      [{}, 'name']
    ] as const) {
      const res = await call(app, 'POST', '/api/v2/dhcp/groups', body)
      t.equal(res.statusCode, 422, field)
      t.equal(json(res).field, field)
    }
  })

  t.test('a wrong JSON type is a 400', async (t) => {
    t.equal((await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'x', dns_servers: 'a' })).statusCode, 400)
  })

  t.test('the scoped user may create under resource 2 only; readonly not at all', async (t) => {
    const own = await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'Acme', parent_id: 2 }, 'scoped')
    t.equal(own.statusCode, 200)
    t.equal(json(own).parent_id, '2')
    t.equal((await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'Top' }, 'scoped')).statusCode, 403)
    t.equal((await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'Ro', parent_id: 2 }, 'readonly')).statusCode, 403)
  })
})

t.test('GET /api/v2/dhcp/groups/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', '/api/v2/dhcp/groups/400')
  t.equal(res.statusCode, 200)
  assertStrings(t, json(res), groupKeys)
  t.equal((await call(app, 'GET', '/api/v2/dhcp/groups/401')).statusCode, 404, 'a server is not a group')
  t.equal((await call(app, 'GET', '/api/v2/dhcp/groups/400', undefined, 'scoped')).statusCode, 403)
  t.equal((await call(app, 'GET', '/api/v2/dhcp/groups/400', undefined, 'readonly')).statusCode, 200)
})

t.test('PATCH /api/v2/dhcp/groups/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'PATCH', '/api/v2/dhcp/groups/400', { lease_time: '7200', name: 'Main' })
  t.equal(res.statusCode, 200)
  t.equal(json(res).lease_time, '7200')
  t.equal(json(res).name, 'Main')
  const config = (await call(app, 'GET', '/api/v2/dhcp/servers/401/config')).body
  t.match(config, /\ndefault-lease-time 7200;\nmax-lease-time 14400;\n/)
  t.equal((await call(app, 'PATCH', '/api/v2/dhcp/groups/400', { lease_time: 'x' })).statusCode, 422)
  t.equal((await call(app, 'PATCH', '/api/v2/dhcp/groups/400', { name: 'R' }, 'readonly')).statusCode, 403)
  t.equal((await call(app, 'PATCH', '/api/v2/dhcp/groups/999', { name: 'R' })).statusCode, 404)
})

t.test('DELETE /api/v2/dhcp/groups/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('a group with servers or pools is a 409', async (t) => {
    const res = await call(app, 'DELETE', '/api/v2/dhcp/groups/400')
    t.equal(res.statusCode, 409)
    t.match(json(res).message, /servers 401/)
  })

  t.test('an empty group is deleted', async (t) => {
    const group = json(await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'Empty' }))
    t.equal((await call(app, 'DELETE', `/api/v2/dhcp/groups/${group.id}`, undefined, 'readonly')).statusCode, 403)
    const res = await call(app, 'DELETE', `/api/v2/dhcp/groups/${group.id}`)
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.equal((await call(app, 'GET', `/api/v2/dhcp/groups/${group.id}`)).statusCode, 404)
  })
})
