import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { R, assertResourceShape, call, status } from './helpers.js'

t.test('POST /api/v2/resources/{id}/clone', async (t) => {
  const app = await buildTestApp(t)
  await call(app, 'POST', `${R}/2/links`, { resource_id: '3', relation: 'contact' })

  t.test('copies a resource beside the original with attrs, section, category and links', async (t) => {
    const res = await call(app, 'POST', `${R}/2/clone`, { name: 'Acme Copy' })
    t.equal(res.status, 200)
    assertResourceShape(t, res.body)
    t.equal(res.body.name, 'Acme Copy')
    t.equal(res.body.parent_id, '1')
    t.equal(res.body.category_id, '1')
    t.same(res.body.attrs, { contact_email: 'noc@acme.example', customer_code: 'ACME' })
    t.equal(res.body.section.name, 'Customer')
    const links = await call(app, 'GET', `${R}/${res.body.id as string}/links`)
    t.equal(links.body.length, 1)
    t.same((await call(app, 'GET', `${R}/${res.body.id as string}/children`)).body, [], 'no children')
  })

  t.test('clone_children copies the subtree, under parent_id when given', async (t) => {
    const res = await call(app, 'POST', `${R}/2/clone`, { name: 'Acme Two', clone_children: true, parent_id: '3' })
    t.equal(res.status, 200)
    t.equal(res.body.parent_id, '3')
    const children = await call(app, 'GET', `${R}/${res.body.id as string}/children?load_attributes=1`)
    t.same(children.body.map((c: { name: string }) => c.name), ['Acme Datacenter East', 'Acme Datacenter West'])
    t.equal(children.body[0].attrs.city, 'Ashburn')
  })

  t.test('refuses a copy with children inside its own subtree, unknown parents and missing names', async (t) => {
    t.equal(await status(app, 'POST', `${R}/2/clone`, { name: 'loop', clone_children: true, parent_id: '4' }), 422)
    t.equal(await status(app, 'POST', `${R}/2/clone`, { name: 'x', parent_id: '999' }), 422)
    const missing = await call(app, 'POST', `${R}/2/clone`, {})
    t.equal(missing.status, 400)
    t.equal(missing.body.field, 'body.name')
  })

  t.test('needs create on the target parent', async (t) => {
    t.equal(await status(app, 'POST', `${R}/4/clone`, { name: 'mine' }, 'scoped'), 200)
    t.equal(await status(app, 'POST', `${R}/4/clone`, { name: 'theirs', parent_id: '3' }, 'scoped'), 403)
  })
})
