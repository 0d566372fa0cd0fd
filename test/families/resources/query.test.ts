import t from 'tap'
import { authAs, buildTestApp } from '../../helpers/app.js'
import { R, assertResourceShape, call, status } from './helpers.js'

const ids = (body: Array<{ id: string }>): string[] => body.map((r) => r.id)

t.test('GET /api/v2/resources filters', async (t) => {
  const app = await buildTestApp(t)

  t.test('type, slug, name, parent_id and q', async (t) => {
    t.same(ids((await call(app, 'GET', `${R}?parent_id=2&type=entry`)).body), ['4', '5'])
    t.same(ids((await call(app, 'GET', `${R}?slug=globex`)).body), ['3'])
    t.same(ids((await call(app, 'GET', `${R}?name=globex%20hq`)).body), ['6'])
    t.same(ids((await call(app, 'GET', `${R}?type=tlr`)).body), ['1'])
    t.same(ids((await call(app, 'GET', `${R}?q=Datacenter`)).body), ['4', '5'])
    t.same(ids((await call(app, 'GET', `${R}?q=san%20jose`)).body), ['5'], 'q searches attr values')
    t.same(ids((await call(app, 'GET', `${R}?letter=g`)).body), ['3', '6'])
  })

  t.test('resource__in with order_by=resource__in keeps the given order', async (t) => {
    const res = await call(app, 'GET', `${R}?resource__in=5,2,4&order_by=resource__in`)
    t.same(ids(res.body), ['5', '2', '4'])
    const desc = await call(app, 'GET', `${R}?resource__in=5,2,4&order_by=id&sort=DESC`)
    t.same(ids(desc.body), ['5', '4', '2'])
    const noList = await call(app, 'GET', `${R}?order_by=resource__in&type=entry`)
    t.same(ids(noList.body), ['2', '4', '5', '3', '6'], 'without resource__in: by name')
    const bad = await call(app, 'GET', `${R}?order_by=colour`)
    t.equal(bad.status, 400)
    t.equal(bad.body.field, 'order_by')
  })

  t.test('offset, limit and page', async (t) => {
    const all = ids((await call(app, 'GET', `${R}?order_by=id`)).body)
    t.same(ids((await call(app, 'GET', `${R}?order_by=id&offset=2&limit=2`)).body), all.slice(2, 4))
    t.same(ids((await call(app, 'GET', `${R}?order_by=id&page=2&limit=2`)).body), all.slice(2, 4))
  })

  t.test('modified with modified_compare and modified_between', async (t) => {
    await call(app, 'PATCH', `${R}/6`, { attrs: { touched: 'yes' } })
    const six = (await call(app, 'GET', `${R}/6`)).body.modified as string
    const since = `modified=${encodeURIComponent(six)}&modified_compare=%3E%3D`
    const newest = await call(app, 'GET', `${R}?${since}&type=entry&order_by=modified&sort=DESC`)
    t.same(ids(newest.body)[0], '6')
    const range = encodeURIComponent('2000-01-01 00:00:00,' + six)
    const between = await call(app, 'GET', `${R}?modified_between=${range}&id=6`)
    t.same(ids(between.body), ['6'])
    t.equal(await status(app, 'GET', `${R}?modified=2000&modified_compare=about`), 400)
  })

  t.test('load_permissions adds the caller\'s rights as strings; permissions__true/false filter on them', async (t) => {
    const res = await call(app, 'GET', `${R}?id=2&load_permissions=1`, undefined, 'scoped')
    t.same(res.body[0].permissions, { create: '1', read: '1', update: '1', delete: '1' })
    assertResourceShape(t, res.body[0])
    const ro = await call(app, 'GET', `${R}?permissions__true=update`, undefined, 'readonly')
    t.same(ro.body, [])
    const roFalse = await call(app, 'GET', `${R}?permissions__false=update&id=2`, undefined, 'readonly')
    t.same(ids(roFalse.body), ['2'])
  })

  t.test('load_links adds linkages with string data', async (t) => {
    await call(app, 'POST', `${R}/2/links`, { resource_id: '3', relation: 'contact', data: { role: 'x' } })
    const res = await call(app, 'GET', `${R}?id=2&load_links=true`)
    t.equal(res.body[0].linkages.length, 1)
    t.type(res.body[0].linkages[0].data, 'string')
    t.equal(res.body[0].linkages[0].resource_id2, '3')
  })
})

t.test('POST /api/v2/resources/query', async (t) => {
  const app = await buildTestApp(t)
  const zone = await call(app, 'POST', `${R}`, { name: 'example.com.', type: 'dnszone', parent_id: '2' })
  for (const [host, mark] of [['a.example.com.', '1'], ['b.example.com.', '0']]) {
    await call(app, 'POST', `${R}`, {
      name: host,
      type: 'dnsrecord',
      parent_id: zone.body.id,
      attrs: {
        record_host: host, record_type: 'A', record_value: '192.0.2.1', record_ttl: '300', k8s_externaldns: mark
      }
    })
  }

  t.test('attribute filters find records and results carry attrs without asking', async (t) => {
    const res = await call(app, 'POST', `${R}/query`, {
      type: 'dnsrecord',
      parent_id: Number(zone.body.id),
      attrs: [{ key: 'k8s_externaldns', value: '1', compare: '=', rule: 'AND' }]
    })
    t.equal(res.status, 200)
    t.equal(res.body.length, 1)
    t.equal(res.body[0].attrs.record_host, 'a.example.com.')
    t.type(res.body[0].attrs.record_ttl, 'string')
    assertResourceShape(t, res.body[0])
  })

  t.test('rule OR joins filters', async (t) => {
    const res = await call(app, 'POST', `${R}/query`, {
      attrs: [{ key: 'city', value: 'Ashburn' }, { key: 'city', value: 'Springfield', rule: 'OR' }]
    })
    t.same(ids(res.body).sort(), ['4', '6'])
    t.equal(res.body[0].attrs, undefined, 'entries carry attrs only with load_attributes')
    const like = await call(app, 'POST', `${R}/query`, { attrs: [{ key: 'city', value: 'San%', compare: 'like' }] })
    t.same(ids(like.body), ['5'])
  })

  t.test('__in and __not_in families', async (t) => {
    const query = async (body: object): Promise<string[]> => ids((await call(app, 'POST', `${R}/query`, body)).body)
    t.same((await query({ resource__in: ['2', '3', '4'], resource__not_in: ['3'] })).sort(), ['2', '4'])
    t.same(await query({ parent__in: ['2', '3'], parent__not_in: ['3'], type: 'entry' }), ['4', '5'])
    t.same(ids((await call(app, 'POST', `${R}/query`, { category__in: ['1'] })).body), ['2'])
    t.same((await query({ category__not_in: ['1'], type: 'entry' })).includes('2'), false)
  })

  t.test('an empty body lists everything readable', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: `${R}/query`,
      headers: { ...authAs('readonly'), 'content-type': 'application/json' }
    })
    t.equal(res.statusCode, 200)
    t.ok(JSON.parse(res.body).length >= 9)
  })

  t.test('bad filters are a 400 naming the field', async (t) => {
    const res = await call(app, 'POST', `${R}/query`, { attrs: [{ key: 'a', value: 'b', compare: 'near' }] })
    t.equal(res.status, 400)
    t.equal(res.body.field, 'attrs.compare')
    const ids = await call(app, 'POST', `${R}/query`, { resource__in: ['x'] })
    t.equal(ids.status, 400)
    t.equal(ids.body.field, 'body.resource__in.0')
  })
})
