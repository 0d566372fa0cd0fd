import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { insertResource } from '../../../src/families/resources/store.js'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertRecordTypes, call } from '../../helpers/dns.js'

// A record write looks up only the records at its own owner name (through the attribute index),
// and record lists take their candidates from the most selective filter. These pin the edges
// where such a lookup could see too much or too little.

const base = '/api/v2/dns/zones/310/records'

const ids = (res: LightMyRequestResponse): string[] => json(res).map((r: { id: string }) => r.id)

t.test('POST /api/v2/dns/zones/{zid}/records', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db

  t.test('a CNAME meets other data at the same name whatever its case or trailing dot', async (t) => {
    for (const host of ['WWW', 'www.EXAMPLE.com', 'Www.Example.Com.']) {
      const res = await call(app, 'POST', base, { record_type: 'CNAME', record_host: host, record_value: 'x.example.' })
      t.equal(res.statusCode, 422, host)
      t.equal(json(res).field, 'record_host')
      t.match(json(res).message, 'www.example.com. already has other data (A)', 'names the first record\'s type')
    }
    for (const host of ['FTP', 'ftp.example.COM', 'FTP.example.com.']) {
      const res = await call(app, 'POST', base, { record_type: 'TXT', record_host: host, record_value: 'hi' })
      t.equal(res.statusCode, 422, host)
      t.equal(json(res).field, 'record_host')
      t.match(json(res).message, 'ftp.example.com. is a CNAME (record 315)')
    }
  })

  t.test('a duplicate is found whatever the spelling of its host', async (t) => {
    const body = { record_type: 'a', record_host: 'WWW.example.com', record_value: '192.0.2.10' }
    const res = await call(app, 'POST', base, body)
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'record_value')
    const other = await call(app, 'POST', base, { record_type: 'A', record_host: 'www', record_value: '192.0.2.11' })
    t.equal(other.statusCode, 200, 'another address at the same name is fine')
  })

  t.test('records of another zone at the same name do not count', async (t) => {
    const child = json(await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'child.example.com.' }))
    const parentRecord = await call(app, 'POST', base, {
      record_type: 'A', record_host: 'www.child.example.com.', record_value: '192.0.2.40'
    })
    t.equal(parentRecord.statusCode, 200, 'the parent zone holds a record below the child zone\'s apex')
    const childUrl = `/api/v2/dns/zones/${child.id as string}/records`
    const cname = await call(app, 'POST', childUrl, {
      record_type: 'CNAME', record_host: 'www', record_value: 'elsewhere.example.'
    })
    t.equal(cname.statusCode, 200, 'the child zone\'s CNAME is alone in its own zone')
    t.equal(json(cname).record_host, 'www.child.example.com.')
    const same = await call(app, 'POST', childUrl, {
      record_type: 'A', record_host: 'api.child.example.com.', record_value: '192.0.2.40'
    })
    t.equal(same.statusCode, 200)
    const twin = await call(app, 'POST', base, {
      record_type: 'A', record_host: 'api.child.example.com.', record_value: '192.0.2.40'
    })
    t.equal(twin.statusCode, 200, 'the same record in another zone is no duplicate')
  })

  t.test('another kind of resource under the zone with record attrs is not a record', async (t) => {
    insertResource(db, {
      parent_id: 310,
      type: 'entry',
      name: 'decoy',
      attrs: { record_host: 'decoy.example.com.', record_type: 'CNAME', record_value: 'x.example.' }
    }, Date.now())
    const res = await call(app, 'POST', base, { record_type: 'A', record_host: 'decoy', record_value: '192.0.2.41' })
    t.equal(res.statusCode, 200)
  })
})

t.test('PATCH /api/v2/dns/zones/{zid}/records/{rid}', async (t) => {
  const app = await buildTestApp(t)

  t.test('moving a record onto a CNAME\'s name is a 422 naming record_host', async (t) => {
    const res = await call(app, 'PATCH', `${base}/313`, { record_host: 'FTP.example.com.' })
    t.equal(res.statusCode, 422)
    t.equal(json(res).field, 'record_host')
    t.match(json(res).message, 'is a CNAME (record 315)')
  })

  t.test('moving a CNAME onto a name with data is a 422 naming record_host', async (t) => {
    const res = await call(app, 'PATCH', `${base}/315`, { record_host: 'Mail' })
    t.equal(res.statusCode, 422)
    t.equal(json(res).field, 'record_host')
    t.match(json(res).message, 'mail.example.com. already has other data (A)')
  })

  t.test('moving a record onto an identical one is a 409 naming record_value', async (t) => {
    const created = json(await call(app, 'POST', base, {
      record_type: 'A', record_host: 'spare', record_value: '192.0.2.10'
    }))
    const res = await call(app, 'PATCH', `${base}/${created.id as string}`, { record_host: 'www.example.com' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'record_value')
    const value = await call(app, 'PATCH', `${base}/312`, { record_value: '2001:DB8::10' })
    t.equal(value.statusCode, 200, 'a value matching no sibling of the same type is fine')
  })

  t.test('a record is not its own neighbour', async (t) => {
    const current = json(await call(app, 'GET', `${base}?id=315`))[0]
    const res = await call(app, 'PATCH', `${base}/315`, current)
    t.equal(res.statusCode, 200, 'the CNAME sent back unchanged')
    const www = json(await call(app, 'GET', `${base}?id=311`))[0]
    t.equal((await call(app, 'PATCH', `${base}/311`, { ...www, record_ttl: '60' })).statusCode, 200)
  })

  t.test('moving a record away frees its old name', async (t) => {
    const res = await call(app, 'PATCH', `${base}/315`, { record_host: 'files' })
    t.equal(res.statusCode, 200)
    const txt = await call(app, 'POST', base, { record_type: 'TXT', record_host: 'ftp', record_value: 'free now' })
    t.equal(txt.statusCode, 200)
    const blocked = await call(app, 'POST', base, { record_type: 'TXT', record_host: 'files', record_value: 'no' })
    t.equal(blocked.statusCode, 422, 'the CNAME is found at its new name')
  })
})

t.test('GET /api/v2/dns/zones/{zid}/records', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db

  t.test('filters combine, whichever one picks the candidates', async (t) => {
    t.same(ids(await call(app, 'GET', `${base}?record_host=WWW.Example.com`)), ['311', '312'])
    t.same(ids(await call(app, 'GET', `${base}?record_host=www&record_type=aaaa`)), ['312'])
    t.same(ids(await call(app, 'GET', `${base}?record_value=192.0.2.10&record_type=AAAA`)), [])
    t.same(ids(await call(app, 'GET', `${base}?id=311&record_type=AAAA`)), [])
    t.same(ids(await call(app, 'GET', `${base}?id=311&record_host=www`)), ['311'])
    t.same(ids(await call(app, 'GET', `${base}?name=www.example.com.`)), ['311', '312'])
    t.same(ids(await call(app, 'GET', `${base}?name=www.example.com.&record_value=192.0.2.10`)), ['311'])
    t.same(ids(await call(app, 'GET', `${base}?record_type=cname`)), ['315'])
    t.same(ids(await call(app, 'GET', `${base}?record_host=www&offset=1&limit=1`)), ['312'], 'pages after filtering')
  })

  t.test('pages of the unfiltered list, with and without attributes', async (t) => {
    t.same(ids(await call(app, 'GET', `${base}?offset=2&limit=2`)), ['313', '314'])
    t.same(ids(await call(app, 'GET', `${base}?offset=7`)), ['318', '319'])
    t.same(ids(await call(app, 'GET', `${base}?limit=0`)), [])
    t.same(ids(await call(app, 'GET', `${base}?offset=100`)), [])
    const page = json(await call(app, 'GET', `${base}?offset=3&limit=1&load_attributes=1`))
    t.equal(page.length, 1)
    t.same(page[0].attrs, {
      record_host: 'example.com.',
      record_ttl: '3600',
      record_type: 'MX',
      record_value: '10 mail.example.com.',
      status: 'active'
    })
    t.same(Object.keys(page[0].attrs), ['record_host', 'record_ttl', 'record_type', 'record_value', 'status'],
      'attrs in key order, as one record\'s read gives them')
  })

  t.test('limits and offsets past 64 bits answer 200, not a database error', async (t) => {
    const huge = '99999999999999999999'
    const all = await call(app, 'GET', `${base}?limit=${huge}`)
    t.equal(all.statusCode, 200)
    t.equal(json(all).length, 9)
    const none = await call(app, 'GET', `${base}?offset=${huge}&limit=5`)
    t.equal(none.statusCode, 200)
    t.same(json(none), [])
  })

  t.test('a record with no attributes at all is listed with empty fields', async (t) => {
    const id = insertResource(db, { parent_id: 310, type: 'dnsrecord', name: 'bare' }, Date.now())
    const listed = json(await call(app, 'GET', `${base}?load_attributes=1`))
    t.equal(listed.length, 10)
    const bare = listed.find((r: { id: string }) => r.id === String(id))
    assertRecordTypes(t, bare)
    t.match(bare, { name: 'bare', record_type: '', record_host: '', record_value: '', status: 'active' })
    t.same(bare.attrs, {})
    t.same(ids(await call(app, 'GET', `${base}?id=${id}`)), [String(id)])
  })
})
