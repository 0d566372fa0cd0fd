import t from 'tap'
import { insertResource, setAttrs } from '../../../src/families/resources/store.js'
import { buildTestApp, json } from '../../helpers/app.js'
import { call } from '../../helpers/dhcp.js'

// A new pool is checked only against the pools whose cidr can overlap it, and a reservation's
// address only against the reservations of its pool holding that address (both through the
// attribute index). These pin the edges where such a lookup could miss a conflict.

const pools = '/api/v2/dhcp/pools'
const reservations = `${pools}/402/reservations`

t.test('POST /api/v2/dhcp/pools', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db
  const create = async (cidr: string) =>
    await call(app, 'POST', pools, { name: cidr, parent_id: 2, group_id: 400, cidr })

  const first = json(await create('10.50.0.0/24'))
  const second = json(await create('10.50.1.0/24'))

  t.test('a block around several pools names the lowest pool id', async (t) => {
    for (const cidr of ['10.50.0.0/16', '10.50.0.0/23', '10.0.0.0/8']) {
      const res = await create(cidr)
      t.equal(res.statusCode, 409, cidr)
      t.equal(json(res).field, 'cidr')
      t.match(json(res).message, `overlaps DHCP pool ${first.id as string} (10.50.0.0/24)`)
    }
  })

  t.test('a block inside a pool names that pool', async (t) => {
    for (const cidr of ['10.50.1.128/25', '10.50.1.0/24', '10.50.1.252/30']) {
      const res = await create(cidr)
      t.equal(res.statusCode, 409, cidr)
      t.match(json(res).message, `overlaps DHCP pool ${second.id as string} (10.50.1.0/24)`)
    }
  })

  t.test('a block beside the pools is free', async (t) => {
    const res = await create('10.50.2.0/24')
    t.equal(res.statusCode, 200)
  })

  t.test('a stored cidr with a zero-padded length still counts', async (t) => {
    setAttrs(db, Number(first.id), { cidr: '10.0.0.0/09' })
    const res = await create('10.70.1.0/24')
    t.equal(res.statusCode, 409)
    t.match(json(res).message, `overlaps DHCP pool ${first.id as string} (10.0.0.0/09)`)
  })

  t.test('a pool whose cidr does not parse is taken as 0.0.0.0/32', async (t) => {
    setAttrs(db, Number(second.id), { cidr: 'garbage' })
    const res = await create('0.0.0.0/24')
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'cidr')
    t.match(json(res).message, `overlaps DHCP pool ${second.id as string} (garbage)`)
  })

  t.test('other resources with a cidr attr are not pools', async (t) => {
    insertResource(db, { parent_id: 2, type: 'entry', name: 'decoy', attrs: { cidr: '172.20.0.0/16' } }, Date.now())
    t.equal((await create('172.20.4.0/24')).statusCode, 200)
  })
})

t.test('PATCH /api/v2/dhcp/pools/{id}/reservations/{rid}', async (t) => {
  const app = await buildTestApp(t)

  t.test('an address held by another reservation of the pool is a 409 naming it; its own is not', async (t) => {
    const body = { name: 'b', mac: '02:00:00:00:01:01', address: '203.0.113.20' }
    const other = json(await call(app, 'POST', reservations, body))
    const taken = await call(app, 'PATCH', `${reservations}/${other.id as string}`, { address: '203.0.113.10' })
    t.equal(taken.statusCode, 409)
    t.equal(json(taken).field, 'address')
    t.match(json(taken).message, 'already reserved (reservation 403)')
    const own = await call(app, 'PATCH', `${reservations}/${other.id as string}`, { address: '203.0.113.20' })
    t.equal(own.statusCode, 200)
  })
})

t.test('POST /api/v2/dhcp/pools/{id}/reservations', async (t) => {
  const app = await buildTestApp(t)
  const db = app.instances.get('default').db

  t.test('the same address in another pool, or on another kind of resource, is no conflict', async (t) => {
    const pool = json(await call(app, 'POST', pools, { name: 'p', parent_id: 2, group_id: 400, cidr: '10.50.0.0/24' }))
    insertResource(db, {
      parent_id: Number(pool.id), type: 'dhcphost', name: 'stray', attrs: { address: '203.0.113.30', mac: 'x' }
    }, Date.now())
    insertResource(db, { parent_id: 402, type: 'entry', name: 'decoy', attrs: { address: '203.0.113.31' } }, Date.now())
    for (const [mac, address] of [['02:00:00:00:02:01', '203.0.113.30'], ['02:00:00:00:02:02', '203.0.113.31']]) {
      const res = await call(app, 'POST', reservations, { name: 'r', mac, address })
      t.equal(res.statusCode, 200, address)
    }
  })
})

t.test('GET /api/v2/dhcp/pools/{id}/reservations', async (t) => {
  const app = await buildTestApp(t)
  for (const [mac, address] of [['02:00:00:00:03:01', '203.0.113.9'], ['02:00:00:00:03:02', '203.0.113.20'],
    ['02:00:00:00:03:03', '203.0.113.3']]) {
    t.equal((await call(app, 'POST', reservations, { name: address, mac, address })).statusCode, 200)
  }
  const list = json(await call(app, 'GET', reservations))
  t.same(list.map((r: { address: string }) => r.address),
    ['203.0.113.3', '203.0.113.9', '203.0.113.10', '203.0.113.20'], 'numeric address order, not text order')
})
