import t from 'tap'
import { authAs, buildTestApp } from '../../helpers/app.js'
import { R, assertResourceShape, call, entries, status } from './helpers.js'

t.test('GET /api/v2/resources', async (t) => {
  const app = await buildTestApp(t)

  t.test('is a bare array of resources with string ids', async (t) => {
    const res = await call(app, 'GET', `${R}`)
    t.equal(res.status, 200)
    t.ok(Array.isArray(res.body))
    t.ok(res.body.length >= 6)
    for (const resource of res.body) assertResourceShape(t, resource)
    t.equal(res.body[0].attrs, undefined, 'no attrs without load_attributes')
  })

  t.test('?id=N is an array of zero or one', async (t) => {
    const one = await call(app, 'GET', `${R}?id=4&load_attributes=1`)
    t.equal(one.status, 200)
    t.equal(one.body.length, 1)
    t.equal(one.body[0].id, '4')
    t.equal(one.body[0].parent_id, '2')
    t.same(one.body[0].attrs, { city: 'Ashburn' })
    t.same(one.body[0].section, { id: '2', name: 'Datacenter', slug: 'datacenter' })
    const none = await call(app, 'GET', `${R}?id=999`)
    t.equal(none.status, 200)
    t.same(none.body, [])
  })
})

t.test('POST /api/v2/resources', async (t) => {
  const app = await buildTestApp(t)

  t.test('answers 201 with the resource; empty-string id/parent_id/date/modified mean not given', async (t) => {
    const res = await call(app, 'POST', `${R}`, {
      id: '', parent_id: '', name: 'Initech', type: 'entry', date: '', modified: '', attrs: { customer_code: 'INIT' }
    })
    t.equal(res.status, 201)
    assertResourceShape(t, res.body)
    t.equal(res.body.parent_id, '1', 'under the TLR')
    t.equal(res.body.slug, 'initech')
    t.same(res.body.attrs, { customer_code: 'INIT' })
    const read = await call(app, 'GET', `${R}/${res.body.id as string}`)
    t.equal(read.status, 200)
    t.equal(read.body.name, 'Initech')
  })

  t.test('slugs drop accents and keep one hyphen between words; a name with no Latin letters still gets one',
    async (t) => {
      const cases = [
        ['Ünïcode 日本 Straße', 'unicode-strasse'],
        ['  Café -- Crème  ', 'cafe-creme'],
        ['日本', 'resource'],
        ['Ærø Straße Łódź', 'aero-strasse-lodz']
      ]
      for (const [name, slug] of cases) {
        const res = await call(app, 'POST', `${R}`, { name, type: 'entry', parent_id: 1 })
        t.equal(res.status, 201)
        t.equal(res.body.slug, slug, name)
      }
      const blank = await call(app, 'POST', `${R}`, { name: '   ', type: 'entry', parent_id: 1 })
      t.equal(blank.status, 400, 'a blank name is refused')
      t.equal(blank.body.field, 'body.name')
    })

  t.test('takes a section and category by name', async (t) => {
    const res = await call(app, 'POST', `${R}`, {
      name: 'Umbrella Corp', type: 'entry', parent_id: 1, section: 'Customer', category: 'Enterprise'
    })
    t.equal(res.status, 201)
    t.equal(res.body.category_id, '1')
    t.equal(res.body.section.name, 'Customer')
  })

  t.test('refuses bad input with a 4xx naming the problem', async (t) => {
    const parent = await call(app, 'POST', `${R}`, { name: 'x', type: 'entry', parent_id: '999' })
    t.equal(parent.status, 422)
    t.equal(parent.body.field, 'parent_id')
    const section = await call(app, 'POST', `${R}`, { name: 'x', type: 'entry', section: 'Nope' })
    t.equal(section.status, 422)
    t.match(section.body.message, /section "Nope"/)
    const long = await call(app, 'POST', `${R}`, { name: 'x'.repeat(256), type: 'entry' })
    t.equal(long.status, 400)
    t.equal(long.body.field, 'body.name')
    const number = await call(app, 'POST', `${R}`, { name: 'x', type: 'entry', attrs: { port: 22 } })
    t.equal(number.status, 400)
    t.match(number.body.field, /attrs/)
    const system = await call(app, 'POST', `${R}`, { name: 'x', type: 'entry', attrs: { _section: 'a' } })
    t.equal(system.status, 422)
    const missing = await call(app, 'POST', `${R}`, { type: 'entry' })
    t.equal(missing.status, 400)
    t.equal(missing.body.field, 'body.name')
    const list = await call(app, 'GET', `${R}?name=x`)
    t.same(list.body, [], 'nothing was written')
  })

  t.test('type section creates a section that resources can use', async (t) => {
    const res = await call(app, 'POST', `${R}`, { name: 'Router', type: 'section', fields: { mgmt_ip: 'ip' } })
    t.equal(res.status, 201)
    t.equal(res.body.type, 'section')
    const entry = await call(app, 'POST', `${R}`, { name: 'core1', type: 'entry', section_id: res.body.id })
    t.equal(entry.status, 201)
    const section = await call(app, 'GET', `${R}/${entry.body.id as string}/section`)
    t.equal(section.status, 200)
    t.equal(section.body.name, 'Router')
    t.same(section.body.fields.map((field: { name: string }) => field.name), ['mgmt_ip'])
  })
})

t.test('GET /api/v2/resources/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('is one object with attrs', async (t) => {
    const res = await call(app, 'GET', `${R}/2`)
    t.equal(res.status, 200)
    assertResourceShape(t, res.body)
    t.same(res.body.attrs, { contact_email: 'noc@acme.example', customer_code: 'ACME' })
    t.equal(res.body.category_id, '1')
  })

  t.test('a bad id is a 400 and an unknown one a 404', async (t) => {
    t.equal(await status(app, 'GET', `${R}/abc`), 400)
    const missing = await call(app, 'GET', `${R}/999`)
    t.equal(missing.status, 404)
    t.match(missing.body.message, /resource 999/)
  })

  t.test('literal paths win over {id}', async (t) => {
    const top = await call(app, 'GET', `${R}/top_of_tree?section=Customer`)
    t.equal(top.status, 200)
    t.same(top.body.map((r: { id: string }) => r.id).sort(), ['2', '3'])
  })
})

t.test('PATCH /api/v2/resources/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('changes only what is given and answers the resource', async (t) => {
    const res = await call(app, 'PATCH', `${R}/4`, { attrs: { rack_count: '40' } })
    t.equal(res.status, 200)
    t.same(res.body.attrs, { city: 'Ashburn', rack_count: '40' })
    t.equal(res.body.name, 'Acme Datacenter East')
  })

  t.test('takes a Go-client body with every field, echoed objects included', async (t) => {
    const res = await call(app, 'PATCH', `${R}/5`, {
      id: '5',
      parent_id: '2',
      name: 'Acme DC West',
      type: '',
      date: '',
      modified: '',
      attrs: { city: 'Fremont' },
      permissions: { read: '1' },
      section: { id: '2', name: 'Datacenter' },
      linkages: []
    })
    t.equal(res.status, 200)
    t.equal(res.body.name, 'Acme DC West')
    t.equal(res.body.type, 'entry')
    t.equal(res.body.section.name, 'Datacenter', 'an echoed section object changes nothing')
  })

  t.test('moves a resource and refuses cycles', async (t) => {
    const move = await call(app, 'PATCH', `${R}/4`, { parent_id: 5 })
    t.equal(move.status, 200)
    t.equal(move.body.parent_id, '5')
    const cycle = await call(app, 'PATCH', `${R}/2`, { parent_id: '4' })
    t.equal(cycle.status, 422)
    t.match(cycle.body.message, /descendants/)
    const self = await call(app, 'PATCH', `${R}/2`, { parent_id: '2' })
    t.equal(self.status, 422)
  })
})

t.test('PUT /api/v2/resources/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('replaces the resource: attrs become exactly those given', async (t) => {
    const res = await call(app, 'PUT', `${R}/2`, { name: 'Acme Inc', attrs: { customer_code: 'ACME2' } })
    t.equal(res.status, 200)
    t.same(res.body.attrs, { customer_code: 'ACME2' })
    t.equal(res.body.slug, 'acme-inc')
    t.same(res.body.section, {}, 'section reset')
    t.equal(res.body.category_id, '0')
    t.equal(res.body.parent_id, '1', 'parent kept')
  })

  t.test('needs a name', async (t) => {
    const res = await call(app, 'PUT', `${R}/2`, { attrs: {} })
    t.equal(res.status, 400)
  })
})

t.test('PATCH /api/v2/resources/multiple', async (t) => {
  const app = await buildTestApp(t)

  t.test('changes every listed resource and answers them', async (t) => {
    const res = await call(app, 'PATCH', `${R}/multiple`, { id: ['4', 5], attrs: { tier: 'gold' } })
    t.equal(res.status, 200)
    t.same(res.body.map((r: { id: string }) => r.id), ['4', '5'])
    for (const r of res.body) t.equal(r.attrs.tier, 'gold')
  })

  t.test('is all or nothing', async (t) => {
    const res = await call(app, 'PATCH', `${R}/multiple`, { id: ['6', '999'], attrs: { tier: 'silver' } })
    t.equal(res.status, 404)
    const six = await call(app, 'GET', `${R}/6`)
    t.equal(six.body.attrs.tier, undefined)
  })
})

t.test('DELETE /api/v2/resources/{id}', async (t) => {
  const app = await buildTestApp(t)
  // Resources of the test's own: the fixture resources hold netblocks, DNS and DHCP data.
  const make = async (name: string, parent: string): Promise<string> =>
    (await call(app, 'POST', R, { name, type: 'entry', parent_id: parent })).body.id as string
  const top = await make('Delete me', '1')
  const child = await make('Delete me too', top)
  const grandchild = await make('And me', child)
  const leaf = await make('Leaf', '1')
  const other = await make('Other', '1')

  t.test('answers 204 with an empty body', async (t) => {
    const res = await call(app, 'DELETE', `${R}/${leaf}`)
    t.equal(res.status, 204)
    t.equal(res.body, undefined)
    t.equal(await status(app, 'GET', `${R}/${leaf}`), 404)
  })

  t.test('refuses a resource with children unless recursive', async (t) => {
    const refused = await call(app, 'DELETE', `${R}/${top}`)
    t.equal(refused.status, 422)
    t.match(refused.body.message, /has children/)
    const gone = await call(app, 'DELETE', `${R}/${top}?recursive=true`)
    t.equal(gone.status, 204)
    for (const id of [top, child, grandchild]) t.equal(await status(app, 'GET', `${R}/${id}`), 404)
  })

  t.test('refuses a resource that still holds netblocks', async (t) => {
    t.equal(await status(app, 'DELETE', `${R}/4`), 409)
    t.equal(await status(app, 'GET', `${R}/4`), 200)
  })

  t.test('never deletes the top level resource', async (t) => {
    t.equal(await status(app, 'DELETE', `${R}/1?recursive=1`), 422)
  })

  t.test('accepts the Go client\'s Content-Type with no body', async (t) => {
    const res = await app.inject({
      method: 'DELETE',
      url: `${R}/${other}?recursive=true`,
      headers: { ...authAs('admin'), 'content-type': 'application/json' }
    })
    t.equal(res.statusCode, 204)
  })
})

t.test('GET /api/v2/resources/{id}/children', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', `${R}/2/children?load_attributes=true`)
  t.equal(res.status, 200)
  const own = entries(res.body as Array<{ id: string, type: string, attrs: Record<string, string> }>)
  t.same(own.map((r) => r.id), ['4', '5'])
  t.equal(own[0].attrs.city, 'Ashburn')
  t.ok(res.body.every((r: { parent_id: string }) => r.parent_id === '2'), 'direct children only')
})

t.test('GET /api/v2/resources/{id}/top_of_tree', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', `${R}/1/top_of_tree`)
  t.equal(res.status, 200)
  t.same(entries(res.body as Array<{ id: string, type: string }>).map((r) => r.id), ['2', '3', '4', '5', '6'],
    'nearest first')
  const limited = await call(app, 'GET', `${R}/1/top_of_tree?limit=2`)
  t.equal(limited.body.length, 2)
})

t.test('GET /api/v2/resources/top_of_tree', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', `${R}/top_of_tree?section_id=2`)
  t.equal(res.status, 200)
  t.same(res.body.map((r: { id: string }) => r.id).sort(), ['4', '5', '6'])
  t.equal(await status(app, 'GET', `${R}/top_of_tree`), 400)
  t.equal(await status(app, 'GET', `${R}/top_of_tree?section=nope`), 422)
})

t.test('GET /api/v2/resources/{id}/section', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', `${R}/2/section`)
  t.equal(res.status, 200)
  t.equal(res.body.id, '1')
  t.same(res.body.fields.map((f: { name: string }) => f.name), ['customer_code', 'contact_email'])
  for (const field of res.body.fields) for (const value of Object.values(field)) t.type(value, 'string')
  t.same(res.body.categories, [{ id: '1', name: 'Enterprise', slug: 'enterprise' }])
  t.equal(await status(app, 'GET', `${R}/1/section`), 404)
})

t.test('GET /api/v2/resources/{sections}/{categories}/attrs/all', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists the attrs of the resources in those sections', async (t) => {
    const res = await call(app, 'GET', `${R}/Customer/all/attrs/all`)
    t.equal(res.status, 200)
    t.same(res.body.map((r: { id: string }) => r.id).sort(), ['2', '3'])
    t.equal(res.body[0].attrs.customer_code, 'ACME')
  })

  t.test('narrows by category and adds children on request', async (t) => {
    const res = await call(app, 'GET', `${R}/1/1/attrs/all?load_children=1`)
    t.same(entries(res.body as Array<{ id: string, type: string }>).map((r) => r.id), ['2', '4', '5'])
  })

  t.test('an unknown section is a 404', async (t) => {
    t.equal(await status(app, 'GET', `${R}/nope/all/attrs/all`), 404)
  })
})
