import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertZoneTypes, call, soaFields } from '../../helpers/dns.js'

t.test('GET /api/v2/dns/zones', async (t) => {
  const app = await buildTestApp(t)

  t.test('answers a bare array of zones with quoted SOA integers', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dns/zones')
    t.equal(res.statusCode, 200)
    const zones = json(res)
    t.ok(Array.isArray(zones))
    t.same(zones.map((z: any) => z.name), ['example.com.', '2.0.192.in-addr.arpa.'])
    for (const zone of zones) assertZoneTypes(t, zone)
    t.same(zones.map((z: any) => z.zone_type), ['f', 'r'])
  })

  t.test('?id= answers an array of zero or one zone', async (t) => {
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?id=320')).map((z: any) => z.id), ['320'])
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?id=9999')), [])
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?id=311')), [], 'a record id is not a zone')
  })

  t.test('filters by name, zone_type, group_id, parent_id and pages with offset/limit', async (t) => {
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?name=example.com')).map((z: any) => z.id), ['310'])
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?zone_type=r')).map((z: any) => z.id), ['320'])
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?group_id=301')).length, 2)
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?parent_id=3')), [])
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?offset=1&limit=1')).map((z: any) => z.id), ['320'])
  })

  t.test('shows only zones the caller may read', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dns/zones', undefined, 'scoped')
    t.equal(res.statusCode, 200)
    t.equal(json(res).length, 2, 'the Acme operator reads the zones under Acme Corp')
    const body = { id: '', parent_id: '3', name: 'globex.example' }
    const created = json(await call(app, 'POST', '/api/v2/dns/zones/forward', body))
    const scoped = json(await call(app, 'GET', '/api/v2/dns/zones', undefined, 'scoped'))
    t.notOk(scoped.some((z: any) => z.id === created.id), 'a Globex zone stays hidden')
  })
})

t.test('POST /api/v2/dns/zones/forward', async (t) => {
  const app = await buildTestApp(t)

  t.test('accepts the Go client body and fills defaults from the default group', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dns/zones/forward', { id: '', parent_id: '', name: 'Acme.Example' })
    t.equal(res.statusCode, 200)
    const zone = json(res)
    assertZoneTypes(t, zone)
    t.equal(zone.name, 'acme.example.')
    t.equal(zone.parent_id, '1', 'no parent_id: under the TLR')
    t.equal(zone.group_id, '301')
    t.equal(zone.zone_type, 'f')
    t.equal(zone.zone_host, 'ns1.example.net.')
    t.equal(zone.zone_mail, 'hostmaster.acme.example.')
    t.equal(zone.zone_refresh, '10800')
    t.match(zone.zone_serial, /^20[0-9]{8}$/)
  })

  t.test('takes SOA values as numbers or quoted strings and answers them quoted', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dns/zones/forward', {
      id: '',
      parent_id: 2,
      name: 'soa.example',
      zone_mail: 'dns@soa.example',
      zone_ttl: 600,
      zone_expire: '1209600',
      zone_serial: '7',
      zone_type: 'forward'
    })
    t.equal(res.statusCode, 200)
    const zone = json(res)
    t.equal(zone.zone_ttl, '600')
    t.equal(zone.zone_expire, '1209600')
    t.equal(zone.zone_serial, '7')
    t.equal(zone.zone_mail, 'dns.soa.example.')
    t.equal(zone.parent_id, '2')
  })

  t.test('invalid data is a 422 naming the field', async (t) => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'bad..name' }, 'name'],
      [{ name: '2.0.10.in-addr.arpa' }, 'name'],
      [{ name: 'ok.example', zone_ttl: 'soon' }, 'zone_ttl'],
      [{ name: 'ok.example', zone_retry: '99999999999' }, 'zone_retry'],
      [{ name: 'ok.example', zone_type: 'r' }, 'zone_type'],
      [{ name: 'ok.example', group_id: '2' }, 'group_id'],
      [{ name: 'ok.example', parent_id: '9999' }, 'parent_id'],
      [{ name: 'ok.example', zone_host: 'not a host' }, 'zone_host']
    ]
    for (const [body, field] of cases) {
      const res = await call(app, 'POST', '/api/v2/dns/zones/forward', body)
      t.equal(res.statusCode, 422, `${JSON.stringify(body)} is a 422`)
      t.equal(json(res).field, field)
    }
    t.equal(json(await call(app, 'GET', '/api/v2/dns/zones?name=ok.example')).length, 0, 'nothing was written')
  })

  t.test('a wrong JSON type is a 400 and a missing name too', async (t) => {
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 5 })).statusCode, 400)
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/forward', { id: '' })).statusCode, 400)
  })

  t.test('the same name twice in one group is a 409', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'example.com.' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'name')
  })

  t.test('needs dns create on the parent', async (t) => {
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'ro.example' }, 'readonly')).statusCode, 403)
    const url = '/api/v2/dns/zones/forward'
    t.equal((await call(app, 'POST', url, { name: 'g.example', parent_id: '3' }, 'scoped')).statusCode, 403)
    t.equal((await call(app, 'POST', url, { name: 'a.example', parent_id: '4' }, 'scoped')).statusCode, 200)
  })
})

t.test('POST /api/v2/dns/zones/reverse', async (t) => {
  const app = await buildTestApp(t)

  t.test('stores zone_type r', async (t) => {
    const body = { id: '', name: '100.51.198.in-addr.arpa', zone_type: 'r' }
    const res = await call(app, 'POST', '/api/v2/dns/zones/reverse', body)
    t.equal(res.statusCode, 200)
    const zone = json(res)
    assertZoneTypes(t, zone)
    t.equal(zone.zone_type, 'r')
    t.equal(zone.name, '100.51.198.in-addr.arpa.')
  })

  t.test('refuses a forward name', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dns/zones/reverse', { name: 'example.net' })
    t.equal(res.statusCode, 422)
    t.equal(json(res).field, 'name')
  })
})

t.test('GET /api/v2/dns/zones/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', '/api/v2/dns/zones/310')
  t.equal(res.statusCode, 200)
  assertZoneTypes(t, json(res))
  t.equal((await call(app, 'GET', '/api/v2/dns/zones/311')).statusCode, 404, 'a record is not a zone')
})

t.test('PATCH /api/v2/dns/zones/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('changes what is given and advances the serial', async (t) => {
    const before = json(await call(app, 'GET', '/api/v2/dns/zones/310'))
    const res = await call(app, 'PATCH', '/api/v2/dns/zones/310', { ...before, zone_refresh: '7200', zone_serial: '' })
    t.equal(res.statusCode, 200)
    const zone = json(res)
    assertZoneTypes(t, zone)
    t.equal(zone.zone_refresh, '7200')
    t.equal(zone.zone_retry, before.zone_retry)
    t.ok(Number(zone.zone_serial) > Number(before.zone_serial), 'serial advanced')
  })

  t.test('a larger zone_serial given by the client wins', async (t) => {
    const res = await call(app, 'PATCH', '/api/v2/dns/zones/310', { zone_serial: '4000000000' })
    t.equal(json(res).zone_serial, '4000000000')
  })

  t.test('refuses a rename and a kind change', async (t) => {
    const rename = await call(app, 'PATCH', '/api/v2/dns/zones/310', { name: 'other.example' })
    t.equal(rename.statusCode, 422)
    t.equal(json(rename).field, 'name')
    const kind = await call(app, 'PATCH', '/api/v2/dns/zones/310', { zone_type: 'r' })
    t.equal(kind.statusCode, 422)
    t.equal(json(kind).field, 'zone_type')
    const same = await call(app, 'PATCH', '/api/v2/dns/zones/310', { name: 'EXAMPLE.com' })
    t.equal(same.statusCode, 200, 'same name is fine')
  })

  t.test('moving a zone needs rights on both parents', async (t) => {
    const denied = await call(app, 'PATCH', '/api/v2/dns/zones/310', { parent_id: '3' }, 'scoped')
    t.equal(denied.statusCode, 403)
    const moved = await call(app, 'PATCH', '/api/v2/dns/zones/310', { parent_id: '4' }, 'scoped')
    t.equal(moved.statusCode, 200)
    t.equal(json(moved).parent_id, '4')
  })

  t.test('answers 404 for an unknown zone and 403 without rights', async (t) => {
    t.equal((await call(app, 'PATCH', '/api/v2/dns/zones/9999', {})).statusCode, 404)
    t.equal((await call(app, 'PATCH', '/api/v2/dns/zones/310', { zone_ttl: '60' }, 'readonly')).statusCode, 403)
  })
})

t.test('DELETE /api/v2/dns/zones/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('answers 204 with no body and takes the records along', async (t) => {
    t.equal((await call(app, 'DELETE', '/api/v2/dns/zones/320', undefined, 'readonly')).statusCode, 403)
    const res = await call(app, 'DELETE', '/api/v2/dns/zones/320')
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.same(json(await call(app, 'GET', '/api/v2/dns/zones?id=320')), [])
    t.equal((await call(app, 'GET', '/api/v2/dns/zones/320/records')).statusCode, 404)
    const db = app.instances.get('default').db
    t.equal(db.prepare('SELECT COUNT(*) FROM resources WHERE id IN (321, 322)').pluck().get(), 0)
  })

  t.test('an unknown zone is a 404', async (t) => {
    t.equal((await call(app, 'DELETE', '/api/v2/dns/zones/320')).statusCode, 404)
  })
})

t.test('GET /api/v2/dns/zones/{id}/zonefile', async (t) => {
  const app = await buildTestApp(t)

  t.test('renders the fixture zone exactly', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dns/zones/310/zonefile')
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/plain/)
    t.equal(res.body, [
      '$ORIGIN example.com.',
      '$TTL 3600',
      '@\tIN\tSOA\tns1.example.net. hostmaster.example.com. (',
      '\t\t2026010101\t; serial',
      '\t\t10800\t; refresh',
      '\t\t3600\t; retry',
      '\t\t604800\t; expire',
      '\t\t3600 )\t; minimum',
      '@\t\tIN\tNS\tns1.example.net.',
      '@\t\tIN\tNS\tns2.example.net.',
      '@\t3600\tIN\tMX\t10 mail.example.com.',
      '@\t3600\tIN\tTXT\t"v=spf1 mx -all"',
      '@\t3600\tIN\tCAA\t0 issue "letsencrypt.org"',
      '_sip._tcp\t3600\tIN\tSRV\t10 60 5060 sip.example.com.',
      'ftp\t900\tIN\tCNAME\twww.example.com.',
      'mail\t\tIN\tA\t192.0.2.25',
      'sip\t3600\tIN\tA\t192.0.2.40',
      'www\t300\tIN\tA\t192.0.2.10',
      'www\t300\tIN\tAAAA\t2001:db8::10',
      ''
    ].join('\n'))
  })

  t.test('renders the reverse fixture zone', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dns/zones/320/zonefile')
    t.match(res.body, '$ORIGIN 2.0.192.in-addr.arpa.\n')
    t.match(res.body, '\n10\t3600\tIN\tPTR\twww.example.com.\n25\t3600\tIN\tPTR\tmail.example.com.\n')
  })

  t.test('needs dns read', async (t) => {
    t.equal((await call(app, 'GET', '/api/v2/dns/zones/310/zonefile', undefined, 'readonly')).statusCode, 200)
    t.equal((await call(app, 'GET', '/api/v2/dns/zones/9999/zonefile')).statusCode, 404)
  })
})

t.test('SOA fields are never empty strings, even after a Resources-side edit', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db
  db.prepare("UPDATE resource_attrs SET value = '' WHERE resource_id = 310 AND key = 'zone_retry'").run()
  const zone = json(await call(app, 'GET', '/api/v2/dns/zones?id=310'))[0]
  t.notOk('zone_retry' in zone, 'an unusable value is left out')
  for (const key of soaFields.filter((k) => k !== 'zone_retry')) t.match(zone[key], /^[0-9]+$/)
})
