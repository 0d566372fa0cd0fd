import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { R, call, entries, status } from './helpers.js'

const ids = (body: Array<{ id: string }>): string[] => body.map((r) => r.id).sort()
const entryIds = (body: Array<{ id: string, type: string }>): string[] => ids(entries(body))

t.test('resource permissions: read-only user', async (t) => {
  const app = await buildTestApp(t)

  t.test('reads everything', async (t) => {
    const list = await call(app, 'GET', `${R}`, undefined, 'readonly')
    t.same(ids(list.body), ids((await call(app, 'GET', `${R}`)).body), 'the same list as an admin')
    t.same(ids(list.body.filter((r: { type: string }) => ['tlr', 'entry'].includes(r.type))),
      ['1', '2', '3', '4', '5', '6'])
    t.equal(await status(app, 'GET', `${R}/3/attrs`, undefined, 'readonly'), 200)
    t.equal(await status(app, 'GET', `${R}/3/links`, undefined, 'readonly'), 200)
  })

  t.test('changes nothing', async (t) => {
    const writes: Array<[string, string, unknown]> = [
      ['POST', `${R}`, { name: 'x', type: 'entry' }],
      ['PATCH', `${R}/4`, { name: 'x' }],
      ['PUT', `${R}/4`, { name: 'x' }],
      ['PATCH', `${R}/multiple`, { id: ['4'], name: 'x' }],
      ['DELETE', `${R}/6`, undefined],
      ['POST', `${R}/4/attrs`, { a: 'b' }],
      ['PATCH', `${R}/4/attrs`, { a: 'b' }],
      ['PUT', `${R}/4/attrs`, { a: 'b' }],
      ['DELETE', `${R}/4/attrs/city`, undefined],
      ['POST', `${R}/4/links`, { resource_id: '3', relation: 'contact' }],
      ['PUT', `${R}/4/links`, { data: {} }],
      ['POST', `${R}/4/clone`, { name: 'x' }],
      ['POST', `${R}/4/sync`, undefined]
    ]
    for (const [method, url, body] of writes) {
      const res = await call(app, method, url, body, 'readonly')
      t.equal(res.status, 403, `${method} ${url}`)
      t.equal(res.body.code, 'PERMISSION_DENIED')
    }
    t.equal((await call(app, 'GET', `${R}/4`)).body.name, 'Acme Datacenter East')
  })
})

t.test('resource permissions: user scoped to the Acme Corp subtree', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists and queries show only the subtree', async (t) => {
    const list = (await call(app, 'GET', `${R}`, undefined, 'scoped')).body
    t.same(entryIds(list), ['2', '4', '5'])
    const subtree = new Set(ids((await call(app, 'GET', `${R}/2/top_of_tree`)).body))
    t.ok(list.every((r: { id: string }) => r.id === '2' || subtree.has(r.id)), 'nothing outside the subtree')
    t.same(ids((await call(app, 'POST', `${R}/query`, { type: 'entry' }, 'scoped')).body), ['2', '4', '5'])
    t.same((await call(app, 'GET', `${R}?id=3`, undefined, 'scoped')).body, [])
    t.same(ids((await call(app, 'GET', `${R}/1/1/attrs/all`, undefined, 'scoped')).body), ['2'])
    t.equal(await status(app, 'GET', `${R}/3`, undefined, 'scoped'), 403)
    t.equal(await status(app, 'GET', `${R}/1/children`, undefined, 'scoped'), 403)
  })

  t.test('creates and changes inside the subtree only', async (t) => {
    const inside = await call(app, 'POST', `${R}`, { name: 'Acme Lab', type: 'entry', parent_id: '2' }, 'scoped')
    t.equal(inside.status, 201)
    t.equal(await status(app, 'POST', `${R}`, { name: 'x', type: 'entry', parent_id: '3' }, 'scoped'), 403)
    t.equal(await status(app, 'POST', `${R}`, { name: 'x', type: 'entry' }, 'scoped'), 403, 'TLR by default')
    t.equal(await status(app, 'PATCH', `${R}/6`, { name: 'x' }, 'scoped'), 403)
    t.equal(await status(app, 'DELETE', `${R}/${inside.body.id as string}`, undefined, 'scoped'), 204)
  })

  t.test('moving needs rights on both the old and the new parent', async (t) => {
    t.equal(await status(app, 'PATCH', `${R}/4`, { parent_id: '5' }, 'scoped'), 200)
    t.equal(await status(app, 'PATCH', `${R}/5`, { parent_id: '3' }, 'scoped'), 403, 'no rights on the new parent')
    t.equal(await status(app, 'PATCH', `${R}/2`, { parent_id: '5' }, 'scoped'), 403,
      'no rights on the old parent (TLR)')
    t.equal((await call(app, 'GET', `${R}/5`)).body.parent_id, '2')
  })

  t.test('cannot link to what it cannot read', async (t) => {
    t.equal(await status(app, 'POST', `${R}/2/links`, { resource_id: '3', relation: 'contact' }, 'scoped'), 403)
    t.equal(await status(app, 'POST', `${R}/2/links`, { resource_id: '5', relation: 'contact' }, 'scoped'), 200)
  })
})
