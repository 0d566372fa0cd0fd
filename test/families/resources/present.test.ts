import Database from 'better-sqlite3'
import t from 'tap'
import type { App } from '../../../src/app.js'
import { buildTestApp } from '../../helpers/app.js'
import { R, assertResourceShape, call } from './helpers.js'

// List pages are presented in batches (one query for the attributes of the whole page, one for the
// links, each section once) and paged in SQL when every row is readable. These tests pin what the
// batching must not change: each item gets exactly its own data, and paging and permissions give
// the same items as the whole list would.

type Item = Record<string, any>
const ids = (body: Item[]): string[] => body.map((r) => r.id)

/** Ten resources under `parent`: every third without attributes, the others with a few, some in a section. */
async function addChildren (app: App, parent: number, prefix: string): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < 10; i++) {
    const attrs = i % 3 === 0 ? {} : { zeta: `${prefix}${i}`, alpha: 'a', 10: 'ten', 2: 'two' }
    const section = i % 4 === 0 ? { section: 'Datacenter' } : i % 4 === 1 ? { section: 'Customer' } : {}
    const res = await call(app, 'POST', R, {
      name: `${prefix} child ${i}`,
      type: 'entry',
      parent_id: parent,
      attrs,
      ...section
    })
    if (res.status !== 201) throw new Error(`creating a child failed: ${JSON.stringify(res.body)}`)
    out.push(res.body.id)
  }
  return out
}

/** Counts statement executions (get, all, iterate, run) while `fn` runs. */
async function countStatements (fn: () => Promise<unknown>): Promise<number> {
  const db = new Database(':memory:')
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>
  db.close()
  const methods = ['get', 'all', 'iterate', 'run'] as const
  const originals = methods.map((name) => proto[name])
  let count = 0
  methods.forEach((name, index) => {
    proto[name] = function (this: unknown, ...args: unknown[]) {
      count++
      return originals[index].apply(this, args)
    }
  })
  try {
    await fn()
  } finally {
    methods.forEach((name, index) => { proto[name] = originals[index] })
  }
  return count
}

t.test('GET /api/v2/resources', async (t) => {
  const app = await buildTestApp(t)
  const inside = await addChildren(app, 2, 'acme')
  const outside = await addChildren(app, 3, 'globex')
  await call(app, 'POST', `${R}/${inside[1]}/links`, { resource_id: inside[2], relation: 'contact', data: { a: 1 } })
  await call(app, 'POST', `${R}/${inside[1]}/links`, { resource_id: '3', relation: 'dnsZoneView' })
  await call(app, 'POST', `${R}/${outside[4]}/links`, { resource_id: inside[1], relation: 'contact', data: 'x' })

  t.test('each item of a page carries its own attrs, {} when it has none', async (t) => {
    const page = (await call(app, 'GET', `${R}?parent_id=2&load_attributes=1&order_by=id`)).body as Item[]
    t.same(ids(page).filter((id) => inside.includes(id)), inside)
    let empty = 0
    for (const item of page) {
      const single = (await call(app, 'GET', `${R}/${item.id}`)).body
      t.strictSame(item.attrs, single.attrs, `resource ${item.id}`)
      t.same(Object.keys(item.attrs), Object.keys(single.attrs), `resource ${item.id}: key order`)
      if (Object.keys(item.attrs).length === 0) empty++
      assertResourceShape(t, item)
    }
    t.ok(empty >= 4, 'the page mixes resources with and without attributes')
    t.same(page.find((item) => item.id === inside[1])?.attrs, { 2: 'two', 10: 'ten', alpha: 'a', zeta: 'acme1' })
  })

  t.test('without load_attributes no item carries attrs', async (t) => {
    for (const query of ['parent_id=2', 'parent_id=2&load_attributes=0', 'load_permissions=1&load_links=1']) {
      const page = (await call(app, 'GET', `${R}?${query}`)).body as Item[]
      t.ok(page.length > 5, query)
      t.ok(page.every((item) => !('attrs' in item)), `${query}: no attrs`)
    }
  })

  t.test('sections and linkages belong to their own item', async (t) => {
    const page = (await call(app, 'GET', `${R}?parent_id=2&load_links=1&order_by=id`)).body as Item[]
    for (const item of page) {
      const single = (await call(app, 'GET', `${R}/${item.id}?load_links=1`)).body
      t.strictSame(item.section, single.section, `resource ${item.id}: section`)
      t.strictSame(item.linkages, single.linkages, `resource ${item.id}: linkages`)
    }
    const linked = page.find((item) => item.id === inside[1]) as Item
    t.same(linked.linkages.map((link: Item) => link.resource_id2), [inside[2], '3'])
    t.same(page.find((item) => item.id === inside[0])?.section.name, 'Datacenter')
    t.same(page.find((item) => item.id === inside[2])?.section, {})
    const contacts = (await call(app, 'GET', `${R}?parent_id=2&load_links=contact`)).body as Item[]
    t.same((contacts.find((item) => item.id === inside[1]) as Item).linkages.map((link: Item) => link.relation),
      ['contact'], 'only the named relations')
  })

  t.test('pages are slices of the whole list, whatever the paging', async (t) => {
    const all = ids((await call(app, 'GET', `${R}?order_by=name`)).body)
    for (const [query, slice] of [
      ['offset=3&limit=4', all.slice(3, 7)],
      ['page=3&limit=5', all.slice(10, 15)],
      ['offset=2&limit=0', all.slice(2)],
      ['offset=2', all.slice(2)],
      [`offset=${all.length - 2}&limit=10`, all.slice(-2)],
      ['offset=99999999999999999999&limit=2', []],
      ['page=99999999999&limit=99999999999', []]
    ] as const) {
      const res = await call(app, 'GET', `${R}?order_by=name&${query}`)
      t.equal(res.status, 200, query)
      t.same(ids(res.body), slice, query)
    }
  })

  t.test('resource__in order survives paging and DESC', async (t) => {
    const order = [inside[5], outside[2], '3', inside[0], outside[9], '2']
    const list = order.join(',')
    const whole = ids((await call(app, 'GET', `${R}?resource__in=${list}&order_by=resource__in`)).body)
    t.same(whole, order)
    const paged = await call(app, 'GET', `${R}?resource__in=${list}&order_by=resource__in&offset=1&limit=3`)
    t.same(ids(paged.body), order.slice(1, 4))
    const desc = await call(app, 'GET', `${R}?resource__in=${list}&order_by=resource__in&sort=DESC&limit=2`)
    t.same(ids(desc.body), [...order].reverse().slice(0, 2))
    const scoped = await call(app, 'GET', `${R}?resource__in=${list}&order_by=resource__in`, undefined, 'scoped')
    t.same(ids(scoped.body), [inside[5], inside[0], '2'], 'the scoped user: its own, in the given order')
  })

  t.test('the scoped user sees nothing outside its rights, on any page', async (t) => {
    const subtree = new Set(['2', ...ids((await call(app, 'GET', `${R}/2/top_of_tree`)).body)])
    const whole = (await call(app, 'GET', `${R}?load_permissions=1`, undefined, 'scoped')).body as Item[]
    t.ok(whole.length > 10)
    t.ok(whole.every((item) => subtree.has(item.id)), 'the whole list stays in the subtree')
    t.ok(whole.every((item) => item.permissions.read === '1'))
    t.notOk(whole.some((item) => outside.includes(item.id) || item.id === '3'))
    const walked: string[] = []
    for (let offset = 0; offset < whole.length + 3; offset += 3) {
      const page = (await call(app, 'GET', `${R}?offset=${offset}&limit=3`, undefined, 'scoped')).body as Item[]
      t.ok(page.length <= 3)
      walked.push(...ids(page))
    }
    t.same(walked, ids(whole), 'pages of 3 walk the same list')
    const byPage = await call(app, 'GET', `${R}?page=2&limit=4&permissions__true=update`, undefined, 'scoped')
    t.same(ids(byPage.body), ids(whole).slice(4, 8))
    const none = await call(app, 'GET', `${R}?parent_id=3&load_attributes=1`, undefined, 'scoped')
    t.same(none.body, [], 'another customer\'s children are not listed')
  })

  t.test('a page costs the same number of queries whatever its size', async (t) => {
    const url = (limit: number): string =>
      `${R}?parent_id=2&order_by=id&limit=${limit}&load_attributes=1&load_permissions=1&load_links=1`
    await call(app, 'GET', url(2))
    const small = await countStatements(() => call(app, 'GET', url(2)))
    const large = await countStatements(() => call(app, 'GET', url(12)))
    t.equal((await call(app, 'GET', url(12))).body.length, 12)
    t.equal(large, small, `${small} statements for 2 items, ${large} for 12`)
  })
})

t.test('POST /api/v2/resources/query', async (t) => {
  const app = await buildTestApp(t)
  const inside = await addChildren(app, 2, 'acme')
  await addChildren(app, 3, 'globex')
  const record = (await call(app, 'POST', R, { name: 'www', type: 'dnsrecord', parent_id: 2, attrs: { ttl: '60' } }))
    .body.id as string

  t.test('dnsrecord items carry attrs without load_attributes, the others do not', async (t) => {
    const page = (await call(app, 'POST', `${R}/query`, { parent_id: 2 })).body as Item[]
    t.same(page.find((item) => item.id === record)?.attrs, { ttl: '60' })
    t.ok(page.filter((item) => item.type !== 'dnsrecord').every((item) => !('attrs' in item)))
    const loaded = (await call(app, 'POST', `${R}/query`, { parent_id: 2, load_attributes: true })).body as Item[]
    for (const item of loaded) {
      t.strictSame(item.attrs, (await call(app, 'GET', `${R}/${item.id}`)).body.attrs, `resource ${item.id}`)
    }
  })

  t.test('resource__in order and paging', async (t) => {
    const order = [inside[7], '3', inside[1], inside[4]]
    const paging = { resource__in: order, order_by: 'resource__in', offset: 1, limit: 2 }
    const res = await call(app, 'POST', `${R}/query`, paging)
    t.same(ids(res.body), order.slice(1, 3))
    const scoped = await call(app, 'POST', `${R}/query`, { resource__in: order, order_by: 'resource__in' }, 'scoped')
    t.same(ids(scoped.body), [inside[7], inside[1], inside[4]])
  })

  t.test('a page costs the same number of queries whatever its size', async (t) => {
    const body = (limit: number): object =>
      ({ parent_id: 2, limit, load_attributes: true, load_links: true, load_permissions: true })
    await call(app, 'POST', `${R}/query`, body(2))
    const small = await countStatements(() => call(app, 'POST', `${R}/query`, body(2)))
    const large = await countStatements(() => call(app, 'POST', `${R}/query`, body(10)))
    t.equal(large, small, `${small} statements for 2 items, ${large} for 10`)
  })
})
