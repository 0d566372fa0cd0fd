import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { call } from './helpers.js'

const ids = (body: Array<{ id: string }>): string[] => body.map((r) => r.id).sort()

t.test('resource permissions: read-only user', async (t) => {
  const app = await buildTestApp(t)

  t.test('reads everything', async (t) => {
    const list = await call(app, 'GET', '/api/v2/resources', undefined, 'readonly')
    t.same(ids(list.body), ['1', '2', '3', '4', '5', '6'])
    t.equal((await call(app, 'GET', '/api/v2/resources/3/attrs', undefined, 'readonly')).status, 200)
    t.equal((await call(app, 'GET', '/api/v2/resources/3/links', undefined, 'readonly')).status, 200)
  })

  t.test('changes nothing', async (t) => {
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v2/resources', { name: 'x', type: 'entry' }],
      ['PATCH', '/api/v2/resources/4', { name: 'x' }],
      ['PUT', '/api/v2/resources/4', { name: 'x' }],
      ['PATCH', '/api/v2/resources/multiple', { id: ['4'], name: 'x' }],
      ['DELETE', '/api/v2/resources/6', undefined],
      ['POST', '/api/v2/resources/4/attrs', { a: 'b' }],
      ['PATCH', '/api/v2/resources/4/attrs', { a: 'b' }],
      ['PUT', '/api/v2/resources/4/attrs', { a: 'b' }],
      ['DELETE', '/api/v2/resources/4/attrs/city', undefined],
      ['POST', '/api/v2/resources/4/links', { resource_id: '3', relation: 'contact' }],
      ['PUT', '/api/v2/resources/4/links', { data: {} }],
      ['POST', '/api/v2/resources/4/clone', { name: 'x' }],
      ['POST', '/api/v2/resources/4/sync', undefined]
    ]
    for (const [method, url, body] of writes) {
      const res = await call(app, method, url, body, 'readonly')
      t.equal(res.status, 403, `${method} ${url}`)
      t.equal(res.body.code, 'PERMISSION_DENIED')
    }
    t.equal((await call(app, 'GET', '/api/v2/resources/4')).body.name, 'Acme Datacenter East')
  })
})

t.test('resource permissions: user scoped to the Acme Corp subtree', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists and queries show only the subtree', async (t) => {
    t.same(ids((await call(app, 'GET', '/api/v2/resources', undefined, 'scoped')).body), ['2', '4', '5'])
    t.same(ids((await call(app, 'POST', '/api/v2/resources/query', { type: 'entry' }, 'scoped')).body), ['2', '4', '5'])
    t.same((await call(app, 'GET', '/api/v2/resources?id=3', undefined, 'scoped')).body, [])
    t.same(ids((await call(app, 'GET', '/api/v2/resources/1/1/attrs/all', undefined, 'scoped')).body), ['2'])
    t.equal((await call(app, 'GET', '/api/v2/resources/3', undefined, 'scoped')).status, 403)
    t.equal((await call(app, 'GET', '/api/v2/resources/1/children', undefined, 'scoped')).status, 403)
  })

  t.test('creates and changes inside the subtree only', async (t) => {
    const inside = await call(app, 'POST', '/api/v2/resources', { name: 'Acme Lab', type: 'entry', parent_id: '2' }, 'scoped')
    t.equal(inside.status, 201)
    t.equal((await call(app, 'POST', '/api/v2/resources', { name: 'x', type: 'entry', parent_id: '3' }, 'scoped')).status, 403)
    t.equal((await call(app, 'POST', '/api/v2/resources', { name: 'x', type: 'entry' }, 'scoped')).status, 403, 'TLR by default')
    t.equal((await call(app, 'PATCH', '/api/v2/resources/6', { name: 'x' }, 'scoped')).status, 403)
    t.equal((await call(app, 'DELETE', `/api/v2/resources/${inside.body.id as string}`, undefined, 'scoped')).status, 204)
  })

  t.test('moving needs rights on both the old and the new parent', async (t) => {
    t.equal((await call(app, 'PATCH', '/api/v2/resources/4', { parent_id: '5' }, 'scoped')).status, 200)
    t.equal((await call(app, 'PATCH', '/api/v2/resources/5', { parent_id: '3' }, 'scoped')).status, 403, 'no rights on the new parent')
    t.equal((await call(app, 'PATCH', '/api/v2/resources/2', { parent_id: '5' }, 'scoped')).status, 403, 'no rights on the old parent (TLR)')
    t.equal((await call(app, 'GET', '/api/v2/resources/5')).body.parent_id, '2')
  })

  t.test('cannot link to what it cannot read', async (t) => {
    t.equal((await call(app, 'POST', '/api/v2/resources/2/links', { resource_id: '3', relation: 'contact' }, 'scoped')).status, 403)
    t.equal((await call(app, 'POST', '/api/v2/resources/2/links', { resource_id: '5', relation: 'contact' }, 'scoped')).status, 200)
  })
})
