import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertStrings, call, fixtureConfig, serverKeys } from '../../helpers/dhcp.js'

t.test('GET /api/v2/dhcp/servers', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', '/api/v2/dhcp/servers')
  t.equal(res.statusCode, 200)
  const servers = json(res)
  t.equal(servers.length, 1)
  assertStrings(t, servers[0], serverKeys)
  t.equal(servers[0].group_id, '400')
  t.equal(json(await call(app, 'GET', '/api/v2/dhcp/servers?group_id=999')).length, 0)

  t.test('read users may view servers; the scoped user sees none at the TLR', async (t) => {
    t.equal(json(await call(app, 'GET', '/api/v2/dhcp/servers', undefined, 'readonly')).length, 1)
    t.same(json(await call(app, 'GET', '/api/v2/dhcp/servers', undefined, 'scoped')), [])
  })
})

t.test('POST /api/v2/dhcp/servers', async (t) => {
  const app = await buildTestApp(t)

  t.test('an administrator creates a server attached to a group', async (t) => {
    const body = { name: 'DHCP2.example.net', group_id: 400, address: '192.0.2.68' }
    const res = await call(app, 'POST', '/api/v2/dhcp/servers', body)
    t.equal(res.statusCode, 200)
    const server = json(res)
    assertStrings(t, server, serverKeys)
    t.equal(server.hostname, 'dhcp2.example.net')
    t.equal(server.status, 'active')
  })

  t.test('missing or invalid fields name the field', async (t) => {
    for (const [body, status, field] of [
      [{ name: 's', address: '192.0.2.1' }, 422, 'group_id'],
      [{ name: 's', group_id: 400 }, 422, 'address'],
      [{ name: 's', group_id: 400, address: 'nope' }, 422, 'address'],
      [{ name: 's', group_id: 999, address: '192.0.2.1' }, 404, 'group_id']
    ] as const) {
      const res = await call(app, 'POST', '/api/v2/dhcp/servers', body)
      t.equal(res.statusCode, status, field)
      t.equal(json(res).field, field)
    }
  })

  t.test('server management needs admin or an explicit grant on the group', async (t) => {
    const body = { name: 's', group_id: 400, address: '192.0.2.1' }
    t.equal((await call(app, 'POST', '/api/v2/dhcp/servers', body, 'readonly')).statusCode, 403)
    t.equal((await call(app, 'POST', '/api/v2/dhcp/servers', body, 'scoped')).statusCode, 403)
    const group = json(await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'Acme', parent_id: 2 }, 'scoped'))
    const inherited = { ...body, group_id: group.id }
    const res = await call(app, 'POST', '/api/v2/dhcp/servers', inherited, 'scoped')
    t.equal(res.statusCode, 403, 'a right inherited from resource 2 is not enough')
    t.match(json(res).message, /explicit DHCP grant/)
  })
})

t.test('GET /api/v2/dhcp/servers/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', '/api/v2/dhcp/servers/401', undefined, 'readonly')
  t.equal(res.statusCode, 200)
  assertStrings(t, json(res), serverKeys)
  t.equal((await call(app, 'GET', '/api/v2/dhcp/servers/401', undefined, 'scoped')).statusCode, 403)
  t.equal((await call(app, 'GET', '/api/v2/dhcp/servers/400')).statusCode, 404)
})

t.test('PATCH /api/v2/dhcp/servers/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'PATCH', '/api/v2/dhcp/servers/401', { status: 'maintenance', address: '192.0.2.99' })
  t.equal(res.statusCode, 200)
  t.equal(json(res).status, 'maintenance')
  t.equal(json(res).address, '192.0.2.99')
  t.equal((await call(app, 'PATCH', '/api/v2/dhcp/servers/401', { status: 'x' }, 'readonly')).statusCode, 403)
  t.equal((await call(app, 'PATCH', '/api/v2/dhcp/servers/401', { group_id: 999 })).statusCode, 404)
})

t.test('DELETE /api/v2/dhcp/servers/{id}', async (t) => {
  const app = await buildTestApp(t)
  t.equal((await call(app, 'DELETE', '/api/v2/dhcp/servers/401', undefined, 'scoped')).statusCode, 403)
  const res = await call(app, 'DELETE', '/api/v2/dhcp/servers/401')
  t.equal(res.statusCode, 204)
  t.equal((await call(app, 'GET', '/api/v2/dhcp/servers/401')).statusCode, 404)
  t.equal((await call(app, 'DELETE', '/api/v2/dhcp/servers/401')).statusCode, 404)
})

t.test('GET /api/v2/dhcp/servers/{id}/config', async (t) => {
  const app = await buildTestApp(t)

  t.test('renders the fixture server\'s dhcpd.conf exactly', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dhcp/servers/401/config', undefined, 'readonly')
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/plain/)
    t.equal(res.body, fixtureConfig)
  })

  t.test('pools render in address order with hosts by address', async (t) => {
    const low = json(await call(app, 'POST', '/api/v2/dhcp/pools', {
      name: 'Low', parent_id: 2, group_id: 400, cidr: '10.0.9.0/24', range_end: '10.0.9.199', router: '10.0.9.254'
    }))
    const url = `/api/v2/dhcp/pools/${String(low.id)}/reservations`
    for (const [mac, address] of [['02:00:00:00:00:02', '10.0.9.250'], ['02:00:00:00:00:01', '10.0.9.201']]) {
      t.equal((await call(app, 'POST', url, { name: 'h', mac, address })).statusCode, 200)
    }
    const body = (await call(app, 'GET', '/api/v2/dhcp/servers/401/config')).body
    t.ok(body.indexOf('subnet 10.0.9.0') < body.indexOf('subnet 203.0.113.0'), 'lower subnet first')
    t.match(body, 'subnet 10.0.9.0 netmask 255.255.255.0 {\n  range 10.0.9.1 10.0.9.199;\n' +
      '  option routers 10.0.9.254;\n')
    t.ok(body.indexOf('fixed-address 10.0.9.201') < body.indexOf('fixed-address 10.0.9.250'), 'lower host first')
  })

  t.test('unknown server is a 404; the scoped user a 403', async (t) => {
    t.equal((await call(app, 'GET', '/api/v2/dhcp/servers/999/config')).statusCode, 404)
    t.equal((await call(app, 'GET', '/api/v2/dhcp/servers/401/config', undefined, 'scoped')).statusCode, 403)
  })
})
