import t, { type Test } from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { call } from '../../helpers/dns.js'

function assertAllStrings (t: Test, object: Record<string, unknown>, keys: string[]): void {
  for (const key of keys) t.type(object[key], 'string', `${key} is a string`)
}

const groupKeys = ['id', 'parent_id', 'name', 'zone_ttl', 'zone_refresh', 'zone_retry', 'zone_expire', 'zone_minimum',
  'date', 'modified']
const serverKeys = ['id', 'parent_id', 'name', 'group_id', 'hostname', 'address', 'server_type', 'transfer_type',
  'status']

t.test('GET /api/v2/dns/groups', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', '/api/v2/dns/groups', undefined, 'readonly')
  t.equal(res.statusCode, 200)
  const [group] = json(res)
  assertAllStrings(t, group, groupKeys)
  t.equal(group.is_default, true)
  t.same(group.nameservers, ['ns1.example.net.', 'ns2.example.net.'])
  t.same(group.acl_ids, ['300'])
  const scoped = json(await call(app, 'GET', '/api/v2/dns/groups', undefined, 'scoped'))
  t.same(scoped, [], 'the Acme operator cannot read TLR groups')
})

t.test('POST /api/v2/dns/groups', async (t) => {
  const app = await buildTestApp(t)

  t.test('creates a group whose defaults new zones take', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dns/groups', {
      name: 'Acme DNS',
      parent_id: '2',
      nameservers: ['NS1.acme.example', 'ns2.acme.example.'],
      zone_ttl: '1800',
      acl_ids: ['300']
    }, 'scoped')
    t.equal(res.statusCode, 200)
    const group = json(res)
    assertAllStrings(t, group, groupKeys)
    t.equal(group.is_default, false)
    t.same(group.nameservers, ['ns1.acme.example.', 'ns2.acme.example.'])
    t.equal(group.zone_ttl, '1800')
    t.equal(group.zone_refresh, '10800', 'unset defaults are the built-in ones')
    const body = { name: 'acme.example', parent_id: '2', group_id: group.id }
    const zone = json(await call(app, 'POST', '/api/v2/dns/zones/forward', body))
    t.equal(zone.zone_ttl, '1800')
    t.equal(zone.zone_host, 'ns1.acme.example.')
    t.equal(zone.group_id, group.id)
  })

  t.test('a new default group replaces the old default', async (t) => {
    const body = { name: 'New Default', is_default: true, nameservers: [] }
    const group = json(await call(app, 'POST', '/api/v2/dns/groups', body))
    t.equal(group.is_default, true)
    t.equal(json(await call(app, 'GET', '/api/v2/dns/groups/301')).is_default, false)
    const zone = json(await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'lands.example' }))
    t.equal(zone.group_id, group.id)
  })

  t.test('invalid fields are a 422 naming them, rights a 403', async (t) => {
    const ns = await call(app, 'POST', '/api/v2/dns/groups', { name: 'x', nameservers: ['bad name'] })
    t.equal(ns.statusCode, 422)
    t.equal(json(ns).field, 'nameservers.0')
    const acl = await call(app, 'POST', '/api/v2/dns/groups', { name: 'x', acl_ids: [9999] })
    t.equal(json(acl).field, 'acl_ids.0')
    const noName = await call(app, 'POST', '/api/v2/dns/groups', { nameservers: [] })
    t.equal(noName.statusCode, 422)
    t.equal(json(noName).field, 'name')
    t.equal((await call(app, 'POST', '/api/v2/dns/groups', { name: 'x' }, 'readonly')).statusCode, 403)
  })
})

t.test('GET /api/v2/dns/groups/{id}', async (t) => {
  const app = await buildTestApp(t)
  t.equal(json(await call(app, 'GET', '/api/v2/dns/groups/301')).name, 'Default Group')
  t.equal((await call(app, 'GET', '/api/v2/dns/groups/310')).statusCode, 404, 'a zone is not a group')
  t.equal((await call(app, 'GET', '/api/v2/dns/groups/301', undefined, 'scoped')).statusCode, 403)
})

t.test('PATCH /api/v2/dns/groups/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'PATCH', '/api/v2/dns/groups/301', { nameservers: ['ns9.example.net'], zone_retry: 900 })
  t.equal(res.statusCode, 200)
  t.same(json(res).nameservers, ['ns9.example.net.'])
  t.equal(json(res).zone_retry, '900')
  t.match((await call(app, 'GET', '/api/v2/dns/zones/310/zonefile')).body, '@\t\tIN\tNS\tns9.example.net.\n')
  const undefault = await call(app, 'PATCH', '/api/v2/dns/groups/301', { is_default: false })
  t.equal(undefault.statusCode, 422)
  t.equal((await call(app, 'PATCH', '/api/v2/dns/groups/301', { name: 'x' }, 'readonly')).statusCode, 403)
})

t.test('DELETE /api/v2/dns/groups/{id}', async (t) => {
  const app = await buildTestApp(t)
  t.equal((await call(app, 'DELETE', '/api/v2/dns/groups/301')).statusCode, 409, 'the default group stays')
  const group = json(await call(app, 'POST', '/api/v2/dns/groups', { name: 'Temp', nameservers: [] }))
  const zone = json(await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'temp.example', group_id: group.id }))
  t.equal((await call(app, 'DELETE', `/api/v2/dns/groups/${group.id}`)).statusCode, 409, 'a group holding zones stays')
  t.equal((await call(app, 'DELETE', `/api/v2/dns/zones/${zone.id}`)).statusCode, 204)
  const res = await call(app, 'DELETE', `/api/v2/dns/groups/${group.id}`)
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal((await call(app, 'GET', `/api/v2/dns/groups/${group.id}`)).statusCode, 404)
})

t.test('/api/v2/dns/servers', async (t) => {
  const app = await buildTestApp(t)

  t.test('GET lists servers with string fields, filtered by group', async (t) => {
    const servers = json(await call(app, 'GET', '/api/v2/dns/servers', undefined, 'readonly'))
    t.equal(servers.length, 1)
    assertAllStrings(t, servers[0], serverKeys)
    t.equal(servers[0].group_id, '301')
    t.same(json(await call(app, 'GET', '/api/v2/dns/servers?group_id=999')), [])
    t.equal(json(await call(app, 'GET', '/api/v2/dns/servers/302')).address, '192.0.2.53')
  })

  t.test('POST needs admin or an explicit grant on the group', async (t) => {
    const body = { name: 'ns3.example.net', group_id: '301', address: '192.0.2.55', server_type: 'slave' }
    t.equal((await call(app, 'POST', '/api/v2/dns/servers', body, 'scoped')).statusCode, 403)
    const db = app.instances.get('default').db
    db.prepare(`INSERT INTO grants (group_id, resource_id, area, can_create, can_read, can_update, can_delete)
      VALUES (3, 301, 'dns', 1, 1, 1, 1)`).run()
    const res = await call(app, 'POST', '/api/v2/dns/servers', body, 'scoped')
    t.equal(res.statusCode, 200)
    const server = json(res)
    assertAllStrings(t, server, serverKeys)
    t.equal(server.hostname, 'ns3.example.net.')
    t.equal(server.server_type, 'slave')
    t.equal(server.transfer_type, 'scp')
  })

  t.test('POST validates the fields', async (t) => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 's', address: '192.0.2.9' }, 'group_id'],
      [{ name: 's', group_id: '301' }, 'address'],
      [{ name: 's', group_id: '301', address: '999.1.1.1' }, 'address'],
      [{ name: 's', group_id: '301', address: '192.0.2.9', server_type: 'primary' }, 'server_type'],
      [{ name: 's', group_id: '310', address: '192.0.2.9' }, 'group_id']
    ]
    for (const [body, field] of cases) {
      const res = await call(app, 'POST', '/api/v2/dns/servers', body)
      t.equal(res.statusCode, 422, JSON.stringify(body))
      t.equal(json(res).field, field)
    }
  })

  t.test('PATCH and DELETE', async (t) => {
    const denied = await call(app, 'PATCH', '/api/v2/dns/servers/302', { transfer_type: 'powerdns' }, 'readonly')
    t.equal(denied.statusCode, 403)
    const res = await call(app, 'PATCH', '/api/v2/dns/servers/302', { transfer_type: 'powerdns' })
    t.equal(res.statusCode, 200)
    t.equal(json(res).transfer_type, 'powerdns')
    t.equal((await call(app, 'DELETE', '/api/v2/dns/servers/302', undefined, 'readonly')).statusCode, 403)
    const gone = await call(app, 'DELETE', '/api/v2/dns/servers/302')
    t.equal(gone.statusCode, 204)
    t.equal(gone.body, '')
    t.equal((await call(app, 'GET', '/api/v2/dns/servers/302')).statusCode, 404)
  })
})

t.test('/api/v2/dns/acls', async (t) => {
  const app = await buildTestApp(t)

  t.test('GET lists ACLs with their entries', async (t) => {
    const [acl] = json(await call(app, 'GET', '/api/v2/dns/acls'))
    t.equal(acl.id, '300')
    t.same(acl.entries, ['192.0.2.0/24', '2001:db8::/32', '!192.0.2.66'])
    t.equal(json(await call(app, 'GET', '/api/v2/dns/acls/300')).name, 'internal-transfer')
  })

  t.test('POST, PATCH and DELETE with entry validation', async (t) => {
    const body = { name: 'acme', parent_id: '2', entries: ['any', '198.51.100.0/24'] }
    const res = await call(app, 'POST', '/api/v2/dns/acls', body, 'scoped')
    t.equal(res.statusCode, 200)
    const acl = json(res)
    t.same(acl.entries, ['any', '198.51.100.0/24'])
    const bad = await call(app, 'PATCH', `/api/v2/dns/acls/${acl.id}`, { entries: ['198.51.100.0/33'] })
    t.equal(bad.statusCode, 422)
    t.equal(json(bad).field, 'entries.0')
    t.equal(json(await call(app, 'PATCH', `/api/v2/dns/acls/${acl.id}`, { entries: ['none'] })).entries[0], 'none')
    t.equal((await call(app, 'DELETE', '/api/v2/dns/acls/300')).statusCode, 409, 'used by the default group')
    t.equal((await call(app, 'DELETE', `/api/v2/dns/acls/${acl.id}`, undefined, 'readonly')).statusCode, 403)
    t.equal((await call(app, 'DELETE', `/api/v2/dns/acls/${acl.id}`)).statusCode, 204)
  })
})
