import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'
import { assertNetblock, sender } from '../../helpers/ipam.js'

t.test('GET /api/v2/ipam/netblocks', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('answers a bare array of netblocks with client-safe types', async (t) => {
    const res = await send('GET', '/api/v2/ipam/netblocks', 'readonly')
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.ok(Array.isArray(body))
    t.ok(body.length > 10)
    for (const block of body.slice(0, 20)) assertNetblock(t, block)
  })

  t.test('ANDs filters and pages with offset and limit', async (t) => {
    const res = await send('GET', '/api/v2/ipam/netblocks?resource_id=2&type=ipv4', 'admin')
    t.same(json(res).map((block: { cidr: string }) => block.cidr), ['10.1.0.0/24'])
    const byCidr = json(await send('GET', '/api/v2/ipam/netblocks?cidr=10.1.0.0/24', 'admin'))
    t.equal(byCidr.length, 1)
    const byId = json(await send('GET', `/api/v2/ipam/netblocks?id=${byCidr[0].id}`, 'admin'))
    t.equal(byId[0].cidr, '10.1.0.0/24')
    const none = json(await send('GET', '/api/v2/ipam/netblocks?id=999999', 'admin'))
    t.same(none, [])
    const page = json(await send('GET', '/api/v2/ipam/netblocks?is_aggregate=true&offset=1&limit=2', 'admin'))
    t.equal(page.length, 2)
    const all = json(await send('GET', '/api/v2/ipam/netblocks?is_aggregate=true', 'admin'))
    t.same(page.map((block: { id: number }) => block.id), all.slice(1, 3).map((block: { id: number }) => block.id))
    const tagged = json(await send('GET', '/api/v2/ipam/netblocks?tags=dmz&parent=', 'admin'))
    t.same(tagged.map((block: { cidr: string }) => block.cidr), ['198.51.100.0/24'])
  })

  t.test('a malformed id, mask, cidr or address filter is a 400 naming it, not an empty list', async (t) => {
    for (const [query, field] of [['id=abc', 'id'], ['resource_id=2x', 'resource_id'], ['mask=-1', 'mask'],
      ['top_aggregate=1.5', 'top_aggregate'], ['cidr=10.1.0.0/33', 'cidr'], ['address=10.0.0.1', 'address']]) {
      const res = await send('GET', `/api/v2/ipam/netblocks?${query}`, 'admin')
      t.equal(res.statusCode, 400, query)
      t.equal(json(res).field, field, query)
    }
  })

  t.test('lists only blocks the caller may read', async (t) => {
    const res = await send('GET', '/api/v2/ipam/netblocks?assigned=true', 'scoped')
    const owners = new Set(json(res).map((block: { resource_id: number }) => block.resource_id))
    t.ok(owners.size > 0)
    for (const owner of owners) t.ok([2, 4, 5].includes(owner as number), `resource ${String(owner)} is Acme's`)
  })
})

t.test('GET /api/v2/ipam/netblocks/{id}', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('finds a block by id, by raw CIDR and by encoded CIDR', async (t) => {
    const raw = await send('GET', '/api/v2/ipam/netblocks/10.1.0.0/24', 'admin')
    t.equal(raw.statusCode, 200)
    const block = json(raw)
    assertNetblock(t, block)
    t.equal(block.cidr, '10.1.0.0/24')
    t.equal(block.address, '167837696')
    t.equal(block.end_address, '167837951')
    t.equal(block.host_count, '256')
    t.same(block.range, ['10.1.0.0', '10.1.0.255'])
    t.equal(block.resource_name, 'Acme Corp')
    t.equal(block.assigned, true)
    t.equal(block.is_aggregate, true)
    t.equal(block.allow_duplicate, 'false')
    const encoded = await send('GET', '/api/v2/ipam/netblocks/10.1.0.0%2F24', 'admin')
    t.equal(json(encoded).id, block.id)
    const byId = await send('GET', `/api/v2/ipam/netblocks/${block.id}`, 'admin')
    t.equal(json(byId).cidr, '10.1.0.0/24')
    const v6 = await send('GET', '/api/v2/ipam/netblocks/2001:db8::/48', 'admin')
    t.equal(json(v6).type, 'ipv6')
    t.equal(json(v6).host_count, (2n ** 80n).toString())
  })

  t.test('an aggregate root shows its tree fields', async (t) => {
    const root = json(await send('GET', '/api/v2/ipam/netblocks/10.0.0.0/8', 'admin'))
    t.equal(root.top_aggregate, null)
    t.equal(root.parent, null)
    t.type(root.child1, 'number')
    t.equal(root.is_aggregate, false)
    t.equal(root.resource_name, 'Available')
  })

  t.test('404 for unknown blocks, 400 for junk, 405 for a literal route\'s path, 403 for other customers',
    async (t) => {
      const missing = await send('GET', '/api/v2/ipam/netblocks/11.0.0.0/24', 'admin')
      t.equal(missing.statusCode, 404)
      t.equal(json(missing).code, 'NOT_FOUND')
      const junk = await send('GET', '/api/v2/ipam/netblocks/not-a-block', 'admin')
      t.equal(junk.statusCode, 400)
      const smart = await send('GET', '/api/v2/ipam/netblocks/smart_assign', 'admin')
      t.equal(smart.statusCode, 405, 'smart_assign is a PUT route, not a block')
      t.equal(smart.headers.allow, 'PUT')
      const other = await send('GET', '/api/v2/ipam/netblocks/10.2.5.0/24', 'scoped')
      t.equal(other.statusCode, 403)
    })
})

t.test('POST /api/v2/ipam/netblocks', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('adds an aggregate the way Terraform sends it', async (t) => {
    const res = await send('POST', '/api/v2/ipam/netblocks', 'admin', {
      cidr: '100.64.0.0/16',
      rir: '1918',
      tags: ['"lab"', '"new"'],
      allow_duplicate: 'true',
      region_id: '1',
      meta1: 'm'
    })
    t.equal(res.statusCode, 200)
    const body = json(res)
    assertNetblock(t, body)
    t.same(body.tags.sort(), ['lab', 'new'])
    t.equal(body.allow_duplicate, 'true')
    t.equal(body.region, 'US East')
    t.equal(body.meta1, 'm')
  })

  t.test('refuses overlap (409), bad CIDRs (400) and readers (403)', async (t) => {
    const clash = await send('POST', '/api/v2/ipam/netblocks', 'admin', { cidr: '10.9.0.0/16', rir: '1918' })
    t.equal(clash.statusCode, 409)
    const bad = await send('POST', '/api/v2/ipam/netblocks', 'admin', { cidr: '10.9.0.1/16' })
    t.equal(bad.statusCode, 400)
    t.equal(json(bad).field, 'cidr')
    const typed = await send('POST', '/api/v2/ipam/netblocks', 'admin', { cidr: 5 })
    t.equal(typed.statusCode, 400)
    const reader = await send('POST', '/api/v2/ipam/netblocks', 'readonly', { cidr: '100.65.0.0/16' })
    t.equal(reader.statusCode, 403)
  })
})

t.test('PATCH /api/v2/ipam/netblocks/{id}', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('changes only the given fields, by id or CIDR', async (t) => {
    const res = await send('PATCH', '/api/v2/ipam/netblocks/10.1.0.0/24', 'admin',
      { id: '', meta1: 'rack 1', meta2: '', is_important: true, vlan_id: '2', tags: '"web"' })
    t.equal(res.statusCode, 200)
    const body = json(res)
    assertNetblock(t, body)
    t.equal(body.meta1, 'rack 1')
    t.equal(body.is_important, true)
    t.equal(body.vlan_id, 2)
    t.same(body.tags, ['web'])
    t.equal(body.description, 'Acme office LAN')
    const byId = await send('PATCH', `/api/v2/ipam/netblocks/${body.id}`, 'scoped', { meta3: 'x' })
    t.equal(byId.statusCode, 200)
    t.equal(json(byId).meta1, 'rack 1')
  })

  t.test('moves an assigned block to another resource and guards both ends', async (t) => {
    const moved = await send('PATCH', '/api/v2/ipam/netblocks/10.1.1.0/24', 'admin', { resource_id: 5 })
    t.equal(json(moved).resource_id, 5)
    const foreign = await send('PATCH', '/api/v2/ipam/netblocks/10.1.1.0/24', 'scoped', { resource_id: 6 })
    t.equal(foreign.statusCode, 403)
    const free = await send('PATCH', '/api/v2/ipam/netblocks/10.0.0.0/8', 'admin', { resource_id: 2 })
    t.equal(free.statusCode, 409)
    const unknown = await send('PATCH', '/api/v2/ipam/netblocks/10.1.1.0/24', 'admin', { region_id: 99 })
    t.equal(unknown.statusCode, 404)
  })

  t.test('takes its own range back unchanged but refuses a different one (422 naming the field)', async (t) => {
    const whole = json(await send('GET', '/api/v2/ipam/netblocks/10.1.1.0/24', 'admin'))
    const echoed = await send('PATCH', `/api/v2/ipam/netblocks/${whole.id}`, 'admin',
      { cidr: whole.cidr, mask: whole.mask, address: whole.address, type: 'IPv4', notes: 'echoed' })
    t.equal(echoed.statusCode, 200, 'a client sending the whole object back is fine')
    t.equal(json(echoed).notes, 'echoed')
    for (const [field, value] of [['mask', 25], ['cidr', '10.1.1.0/25'], ['address', '1'], ['type', 'ipv6']]) {
      const res = await send('PATCH', `/api/v2/ipam/netblocks/${whole.id}`, 'admin', { [field]: value, notes: 'no' })
      t.equal(res.statusCode, 422, `${field} ${value}`)
      t.equal(json(res).field, field)
    }
    const after = json(await send('GET', `/api/v2/ipam/netblocks/${whole.id}`, 'admin'))
    t.equal(after.mask, 24)
    t.equal(after.notes, 'echoed', 'a refused PATCH changes nothing')
  })
})

t.test('DELETE /api/v2/ipam/netblocks/{id}', async (t) => {
  const app = await buildTestApp(t)
  const send = sender(app)

  t.test('deletes an empty aggregate with 204', async (t) => {
    const created = json(await send('POST', '/api/v2/ipam/netblocks', 'admin', { cidr: '100.64.0.0/16', rir: '1918' }))
    const taken = json(await send('PUT', '/api/v2/ipam/netblocks/smart_assign', 'admin',
      { resource_id: 2, type: 'ipv4', mask: 24, top_aggregate: created.id }))
    await send('PUT', `/api/v2/ipam/netblocks/${taken.id as number}/unassign`, 'admin', { skip_holding: true })
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/v2/ipam/netblocks/100.64.0.0/16',
      headers: { ...authAs('admin'), 'content-type': 'application/json' }
    })
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    const gone = await send('GET', `/api/v2/ipam/netblocks/${created.id as number}`, 'admin')
    t.equal(gone.statusCode, 404)
  })

  t.test('refuses aggregates with assignments and inner blocks', async (t) => {
    const busy = await send('DELETE', '/api/v2/ipam/netblocks/10.0.0.0/8', 'admin')
    t.equal(busy.statusCode, 409)
    const inner = await send('DELETE', '/api/v2/ipam/netblocks/10.1.0.0/24', 'admin')
    t.equal(inner.statusCode, 409)
    const reader = await send('DELETE', '/api/v2/ipam/netblocks/192.0.2.0/24', 'readonly')
    t.equal(reader.statusCode, 403)
  })
})
