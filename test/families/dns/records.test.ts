import t from 'tap'
import { getAttrs, getResource, insertResource, setAttrs } from '../../../src/families/resources/store.js'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertRecordTypes, call } from '../../helpers/dns.js'

const base = '/api/v2/dns/zones/310/records'

async function serialOf (app: Awaited<ReturnType<typeof buildTestApp>>): Promise<number> {
  return Number(json(await call(app, 'GET', '/api/v2/dns/zones?id=310'))[0].zone_serial)
}

t.test('GET /api/v2/dns/zones/{zid}/records', async (t) => {
  const app = await buildTestApp(t)

  t.test('answers a bare array with quoted record_ttl', async (t) => {
    const res = await call(app, 'GET', base)
    t.equal(res.statusCode, 200)
    const records = json(res)
    t.equal(records.length, 9)
    for (const record of records) {
      assertRecordTypes(t, record)
      t.notOk('attrs' in record, 'no attrs unless asked')
    }
    const mail = records.find((r: any) => r.id === '313')
    t.notOk('record_ttl' in mail, 'a record without a TTL leaves record_ttl out instead of sending ""')
  })

  t.test('?id=N&load_attributes=1 answers zero or one record with its attrs (terraform read)', async (t) => {
    const records = json(await call(app, 'GET', `${base}?id=311&load_attributes=1`))
    t.equal(records.length, 1)
    t.same(records[0].attrs, {
      record_host: 'www.example.com.', record_ttl: '300', record_type: 'A', record_value: '192.0.2.10', status: 'active'
    })
    t.same(json(await call(app, 'GET', `${base}?id=321`)), [], 'a record of another zone is not listed')
  })

  t.test('filters by type, host (relative or absolute), value and pages', async (t) => {
    t.same(json(await call(app, 'GET', `${base}?record_type=a`)).map((r: any) => r.id), ['311', '313', '318'])
    t.same(json(await call(app, 'GET', `${base}?record_host=www`)).map((r: any) => r.id), ['311', '312'])
    t.same(json(await call(app, 'GET', `${base}?record_host=www.example.com.`)).map((r: any) => r.id), ['311', '312'])
    t.same(json(await call(app, 'GET', `${base}?record_value=192.0.2.25`)).map((r: any) => r.id), ['313'])
    t.same(json(await call(app, 'GET', `${base}?offset=2&limit=2`)).map((r: any) => r.id), ['313', '314'])
  })

  t.test('404 for an unknown zone, 403 without dns read', async (t) => {
    t.equal((await call(app, 'GET', '/api/v2/dns/zones/9999/records')).statusCode, 404)
    t.equal((await call(app, 'GET', base, undefined, 'readonly')).statusCode, 200)
  })
})

t.test('POST /api/v2/dns/zones/{zid}/records', async (t) => {
  const app = await buildTestApp(t)

  t.test('accepts the Go client body, normalises the host and advances the serial', async (t) => {
    const before = await serialOf(app)
    const res = await call(app, 'POST', base, {
      id: '',
      parent_id: '310',
      record_type: 'A',
      record_host: 'API.example.com',
      record_value: '192.0.2.30',
      record_ttl: '300'
    })
    t.equal(res.statusCode, 200)
    const record = json(res)
    assertRecordTypes(t, record)
    t.equal(record.record_host, 'api.example.com.')
    t.equal(record.record_ttl, '300')
    t.equal(record.parent_id, '310')
    t.ok(await serialOf(app) > before, 'serial advanced')
  })

  t.test('takes record_ttl as a number, a relative host and keeps extra attrs', async (t) => {
    const res = await call(app, 'POST', base, {
      record_type: 'txt',
      record_host: 'k8s',
      record_value: '"heritage=external-dns"',
      record_ttl: 60,
      attrs: { k8s_externaldns: '1' }
    })
    t.equal(res.statusCode, 200)
    const record = json(res)
    t.equal(record.record_type, 'TXT')
    t.equal(record.record_host, 'k8s.example.com.')
    t.equal(record.record_ttl, '60')
    const listed = json(await call(app, 'GET', `${base}?id=${record.id}&load_attributes=1`))[0]
    t.equal(listed.attrs.k8s_externaldns, '1')
  })

  t.test('validates each record type with a 422 naming the field', async (t) => {
    const cases: Array<[string, string, string, string]> = [
      ['A', 'a1', '300.1.1.1', 'record_value'],
      ['A', 'a..2', '192.0.2.1', 'record_host'],
      ['AAAA', 'v6', '192.0.2.1', 'record_value'],
      ['CNAME', 'c1', 'not valid', 'record_value'],
      ['MX', '@', 'mail.example.com.', 'record_value'],
      ['NS', 'sub', '-bad-.example.net', 'record_value'],
      ['PTR', 'p', '', 'record_value'],
      ['SRV', 'sip', '10 60 5060 sip.example.com.', 'record_host'],
      ['SRV', '_x._udp', '10 60 99999 x.example.com.', 'record_value'],
      ['TXT', 't', `"${'y'.repeat(256)}"`, 'record_value'],
      ['CAA', '@', '0 issue', 'record_value'],
      ['SOA', '@', 'x', 'record_type'],
      ['HINFO', 'h', 'x y', 'record_type']
    ]
    for (const [type, host, value, field] of cases) {
      const res = await call(app, 'POST', base, { record_type: type, record_host: host, record_value: value })
      t.equal(res.statusCode, 422, `${type} ${host} ${value}`)
      t.equal(json(res).field, field, `${type}: names ${field}`)
      t.equal(json(res).code, 'UNPROCESSABLE')
    }
    const ttl = await call(app, 'POST', base, {
      record_type: 'A', record_host: 't', record_value: '192.0.2.1', record_ttl: '1h'
    })
    t.equal(ttl.statusCode, 422)
    t.equal(json(ttl).field, 'record_ttl')
  })

  t.test('accepts a valid record of every type', async (t) => {
    const cases: Array<[string, string, string]> = [
      ['A', 'v4', '198.51.100.7'],
      ['AAAA', 'v6', '2001:db8::7'],
      ['CNAME', 'alias', 'www.example.com'],
      ['MX', 'sub', '20 mx2.example.com'],
      ['NS', 'delegated', 'ns.other.example'],
      ['PTR', 'ptr', 'www.example.com.'],
      ['SRV', '_xmpp._tcp', '5 0 5222 xmpp.example.com'],
      ['TXT', '_dmarc', 'v=DMARC1; p=none'],
      ['CAA', 'sub', '0 issuewild ";"'],
      ['A', '*.wild', '198.51.100.8']
    ]
    for (const [type, host, value] of cases) {
      const body = { record_type: type, record_host: host, record_value: value, record_ttl: '120' }
      const res = await call(app, 'POST', base, body)
      t.equal(res.statusCode, 200, `${type} ${host}`)
      assertRecordTypes(t, json(res))
    }
  })

  t.test('records stay inside their zone', async (t) => {
    const body = { record_type: 'A', record_host: 'www.example.org.', record_value: '192.0.2.1' }
    const res = await call(app, 'POST', base, body)
    t.equal(res.statusCode, 422)
    t.equal(json(res).field, 'record_host')
    t.match(json(res).message, /outside zone example\.com\./)
    const otherZone = await call(app, 'POST', base,
      { parent_id: '404', record_type: 'A', record_host: 'elsewhere', record_value: '192.0.2.1' })
    t.equal(otherZone.statusCode, 422, 'a parent_id naming another zone is refused, not ignored')
    t.equal(json(otherZone).field, 'parent_id')
  })

  t.test('TTLs stop at 2^31-1 (RFC 2181) with a message that says so', async (t) => {
    const over = await call(app, 'POST', base,
      { record_type: 'A', record_host: 'ttl', record_value: '192.0.2.1', record_ttl: '2147483648' })
    t.equal(over.statusCode, 422)
    t.equal(json(over).field, 'record_ttl')
    t.match(json(over).message, /at most 2147483647/)
    const long = await call(app, 'POST', base,
      { record_type: 'A', record_host: 'ttl', record_value: '192.0.2.1', record_ttl: 99999999999 })
    t.match(json(long).message, /at most 2147483647/, 'eleven digits are too large, not "not a whole number"')
    const max = await call(app, 'POST', base,
      { record_type: 'A', record_host: 'ttl', record_value: '192.0.2.1', record_ttl: '2147483647' })
    t.equal(max.statusCode, 200)
  })

  t.test('a CNAME cannot share its name with other data', async (t) => {
    const cname = { record_type: 'CNAME', record_value: 'other.example.' }
    const beside = await call(app, 'POST', base, { ...cname, record_host: 'www' })
    t.equal(beside.statusCode, 422)
    t.equal(json(beside).field, 'record_host')
    const under = await call(app, 'POST', base, { record_type: 'TXT', record_host: 'ftp', record_value: 'hello' })
    t.equal(under.statusCode, 422, 'no data beside an existing CNAME')
    const apex = await call(app, 'POST', base, { ...cname, record_host: '@' })
    t.equal(apex.statusCode, 422, 'no CNAME at the apex')
  })

  t.test('an identical record is a 409', async (t) => {
    const res = await call(app, 'POST', base, { record_type: 'A', record_host: 'www', record_value: '192.0.2.10' })
    t.equal(res.statusCode, 409)
  })

  t.test('needs dns create on the zone', async (t) => {
    const body = { record_type: 'A', record_host: 'ro', record_value: '192.0.2.99' }
    t.equal((await call(app, 'POST', base, body, 'readonly')).statusCode, 403)
    t.equal((await call(app, 'POST', base, body, 'scoped')).statusCode, 200)
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/9999/records', body)).statusCode, 404)
  })
})

t.test('PATCH /api/v2/dns/zones/{zid}/records/{rid}', async (t) => {
  const app = await buildTestApp(t)

  t.test('changes a record from a full Go client body and advances the serial', async (t) => {
    const before = await serialOf(app)
    const current = json(await call(app, 'GET', `${base}?id=311`))[0]
    const res = await call(app, 'PATCH', `${base}/311`, { ...current, record_value: '192.0.2.11', record_ttl: '600' })
    t.equal(res.statusCode, 200)
    const record = json(res)
    assertRecordTypes(t, record)
    t.equal(record.record_value, '192.0.2.11')
    t.equal(record.record_ttl, '600')
    t.ok(await serialOf(app) > before)
  })

  t.test('checks the result like a new record', async (t) => {
    const bad = await call(app, 'PATCH', `${base}/311`, { record_value: '2001:db8::1' })
    t.equal(bad.statusCode, 422)
    t.equal(json(bad).field, 'record_value')
    const body = { record_type: 'CNAME', record_host: 'www', record_value: 'x.example.' }
    const cname = await call(app, 'PATCH', `${base}/313`, body)
    t.equal(cname.statusCode, 422)
    t.equal(json(cname).field, 'record_host')
    const same = await call(app, 'PATCH', `${base}/315`, { record_value: 'mail.example.com.' })
    t.equal(same.statusCode, 200, 'a CNAME may change its own target')
  })

  t.test('404 for a record of another zone, 403 without rights', async (t) => {
    t.equal((await call(app, 'PATCH', `${base}/321`, { record_ttl: '5' })).statusCode, 404)
    t.equal((await call(app, 'PATCH', `${base}/311`, { record_ttl: '5' }, 'readonly')).statusCode, 403)
  })
})

t.test('DELETE /api/v2/dns/zones/{zid}/records/{rid}', async (t) => {
  const app = await buildTestApp(t)
  t.equal((await call(app, 'DELETE', `${base}/312`, undefined, 'readonly')).statusCode, 403)
  const before = await serialOf(app)
  const res = await call(app, 'DELETE', `${base}/312`)
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.same(json(await call(app, 'GET', `${base}?id=312`)), [])
  t.ok(await serialOf(app) > before, 'serial advanced')
  t.equal((await call(app, 'DELETE', `${base}/312`)).statusCode, 404)
})

t.test('the same objects through the resource tree', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db

  t.test('a record created via DNS is a dnsrecord resource under its zone with string attrs', async (t) => {
    const created = json(await call(app, 'POST', base, {
      record_type: 'A',
      record_host: 'cross',
      record_value: '192.0.2.77',
      record_ttl: '900',
      attrs: { k8s_externaldns: '1' }
    }))
    const row = getResource(db, Number(created.id))
    t.equal(row?.type, 'dnsrecord')
    t.equal(row?.parent_id, 310)
    t.same(getAttrs(db, Number(created.id)), {
      k8s_externaldns: '1',
      record_host: 'cross.example.com.',
      record_ttl: '900',
      record_type: 'A',
      record_value: '192.0.2.77',
      status: 'active'
    })
    const zone = getResource(db, 310)
    t.equal(zone?.type, 'dnszone')
    t.equal(zone?.name, 'example.com.')
  })

  t.test('a change made on the resource shows in the DNS API and its zone file', async (t) => {
    setAttrs(db, 313, { record_value: '192.0.2.26', record_ttl: '120', owner: 'mail-team' })
    const record = json(await call(app, 'GET', `${base}?id=313&load_attributes=1`))[0]
    t.equal(record.record_value, '192.0.2.26')
    t.equal(record.record_ttl, '120')
    t.equal(record.attrs.owner, 'mail-team')
    t.match((await call(app, 'GET', '/api/v2/dns/zones/310/zonefile')).body, 'mail\t120\tIN\tA\t192.0.2.26\n')
  })

  t.test('a record written through the resource tree in loose form is rendered normalised', async (t) => {
    insertResource(db, {
      parent_id: 310,
      type: 'dnsrecord',
      name: 'loose',
      attrs: { record_host: 'Loose.example.com', record_type: 'cname', record_value: 'www.example.com' }
    }, Date.now())
    const listed = json(await call(app, 'GET', `${base}?record_host=loose`))
    t.equal(listed.length, 0, 'the DNS list filters on the stored attrs as they are')
    t.match((await call(app, 'GET', '/api/v2/dns/zones/310/zonefile')).body, '\nloose\t\tIN\tCNAME\twww.example.com.\n')
  })
})
