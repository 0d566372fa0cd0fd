import t, { type Test } from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { R, call, status } from './helpers.js'

function assertLinkShape (t: Test, link: Record<string, unknown>): void {
  for (const key of ['id', 'resource_id', 'relation', 'data']) t.type(link[key], 'string', `${key} is a string`)
}

t.test('GET /api/v2/resources/{id}/links', async (t) => {
  const app = await buildTestApp(t)

  t.test('is {} when there are none', async (t) => {
    const res = await call(app, 'GET', `${R}/4/links`)
    t.equal(res.status, 200)
    t.same(res.body, {})
    t.notOk(Array.isArray(res.body))
  })

  t.test('is an array of links with string data, optionally with the linked resource', async (t) => {
    await call(app, 'POST', `${R}/4/links`, { resource_id: '3', relation: 'contact', data: { role: 'billing' } })
    await call(app, 'POST', `${R}/4/links`, { resource_id: 5, relation: 'dnsZoneServer' })
    const res = await call(app, 'GET', `${R}/4/links?load_resource_data=1&order_by=relation&sort=DESC`)
    t.equal(res.status, 200)
    t.equal(res.body.length, 2)
    for (const link of res.body) assertLinkShape(t, link)
    t.same(res.body.map((l: { relation: string }) => l.relation), ['dnsZoneServer', 'contact'])
    t.equal(res.body[1].data, '{"role":"billing"}')
    t.equal(res.body[1].resource.name, 'Globex')
    const q = await call(app, 'GET', `${R}/4/links?q=globex`)
    t.equal(q.body.length, 1)
    const paged = await call(app, 'GET', `${R}/4/links?limit=1&offset=1`)
    t.equal(paged.body.length, 1)
  })
})

t.test('POST /api/v2/resources/{id}/links', async (t) => {
  const app = await buildTestApp(t)

  t.test('creates a link and answers it', async (t) => {
    const res = await call(app, 'POST', `${R}/2/links`, { resource_id: '6', relation: 'contact', data: 'primary' })
    t.equal(res.status, 200)
    assertLinkShape(t, res.body)
    t.equal(res.body.data, 'primary')
    t.equal(res.body.resource_id, '6')
  })

  t.test('refuses unknown relations, unknown targets, self links and duplicates', async (t) => {
    const relation = await call(app, 'POST', `${R}/2/links`, { resource_id: '6', relation: 'friend' })
    t.equal(relation.status, 422)
    t.match(relation.body.message, /dnsZoneView/)
    t.equal(await status(app, 'POST', `${R}/2/links`, { resource_id: '99', relation: 'contact' }), 422)
    t.equal(await status(app, 'POST', `${R}/2/links`, { resource_id: '2', relation: 'contact' }), 422)
    t.equal(await status(app, 'POST', `${R}/2/links`, { resource_id: '6', relation: 'contact' }), 409)
  })
})

t.test('PUT /api/v2/resources/{id}/links', async (t) => {
  const app = await buildTestApp(t)
  await call(app, 'POST', `${R}/2/links`, { resource_id: '6', relation: 'contact' })
  const res = await call(app, 'PUT', `${R}/2/links`, {
    data: { dnsZoneView: ['3', { resource_id: '4', data: { weight: '1' } }] }
  })
  t.equal(res.status, 200)
  t.same(res.body.map((l: { relation: string, resource_id: string }) => `${l.relation}:${l.resource_id}`),
    ['dnsZoneView:3', 'dnsZoneView:4'], 'contact links are gone')
  const empty = await call(app, 'PUT', `${R}/2/links`, { data: {} })
  t.same(empty.body, {})
  t.equal(await status(app, 'PUT', `${R}/2/links`, { data: { nope: ['3'] } }), 422)
})

t.test('PATCH /api/v2/resources/{id}/links', async (t) => {
  const app = await buildTestApp(t)
  await call(app, 'POST', `${R}/2/links`, { resource_id: '6', relation: 'contact', data: 'old' })
  const res = await call(app, 'PATCH', `${R}/2/links`, {
    data: { contact: [{ resource_id: '6', data: 'new' }], dnsZoneMaster: ['3'] }
  })
  t.equal(res.status, 200)
  t.equal(res.body.length, 2)
  t.equal(res.body.find((l: { relation: string }) => l.relation === 'contact').data, 'new')
})

t.test('GET /api/v2/resources/{id}/links/{relations}', async (t) => {
  const app = await buildTestApp(t)
  await call(app, 'PATCH', `${R}/2/links`, { data: { contact: ['6'], dnsZoneMaster: ['3'], dnsZoneView: ['4'] } })
  const res = await call(app, 'GET', `${R}/2/links/contact,dnsZoneView`)
  t.equal(res.status, 200)
  t.same(res.body.map((l: { relation: string }) => l.relation).sort(), ['contact', 'dnsZoneView'])
  t.same((await call(app, 'GET', `${R}/2/links/dhcpPoolLink`)).body, {})
  t.equal(await status(app, 'GET', `${R}/2/links/bogus`), 422)
})

t.test('PUT and PATCH /api/v2/resources/{id}/links/{relation}', async (t) => {
  const app = await buildTestApp(t)
  await call(app, 'PATCH', `${R}/2/links`, { data: { contact: ['6'], dnsZoneMaster: ['3'] } })

  t.test('PUT replaces one relation and leaves the others', async (t) => {
    const res = await call(app, 'PUT', `${R}/2/links/contact`, { data: { contact: ['4', '5'] } })
    t.equal(res.status, 200)
    t.same(res.body.map((l: { resource_id: string }) => l.resource_id), ['4', '5'])
    const all = await call(app, 'GET', `${R}/2/links`)
    t.equal(all.body.length, 3)
  })

  t.test('PATCH adds to one relation; naming another relation is a 422', async (t) => {
    const res = await call(app, 'PATCH', `${R}/2/links/contact`, { data: { contact: ['6'] } })
    t.equal(res.body.length, 3)
    t.equal(await status(app, 'PATCH', `${R}/2/links/contact`, { data: { dnsZoneMaster: ['6'] } }), 422)
  })
})

t.test('PUT and DELETE /api/v2/resources/{id}/links/{relation}/{link_id}', async (t) => {
  const app = await buildTestApp(t)
  const link = (await call(app, 'POST', `${R}/2/links`, { resource_id: '6', relation: 'contact' })).body

  t.test('PUT changes one link', async (t) => {
    const url = `${R}/2/links/contact/${link.id as string}`
    const res = await call(app, 'PUT', url, { resource_id: '3', data: { a: 'b' } })
    t.equal(res.status, 200)
    t.equal(res.body.resource_id, '3')
    t.equal(res.body.data, '{"a":"b"}')
    t.equal(await status(app, 'PUT', `${R}/2/links/contact/999`, { data: 'x' }), 404)
  })

  t.test('DELETE answers 204 empty; the list is {} again', async (t) => {
    const res = await call(app, 'DELETE', `${R}/2/links/contact/${link.id as string}`)
    t.equal(res.status, 204)
    t.equal(res.body, undefined)
    t.same((await call(app, 'GET', `${R}/2/links`)).body, {})
    t.equal(await status(app, 'DELETE', `${R}/2/links/contact/${link.id as string}`), 404)
  })
})
