import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { toAddress, toNumber } from '../../../src/families/dhcp/address.js'
import { assertStrings, call, poolKeys } from '../../helpers/dhcp.js'

t.test('GET /api/v2/dhcp/pools', async (t) => {
  const app = await buildTestApp(t)

  t.test('lists the fixture pool with all-string fields', async (t) => {
    const res = await call(app, 'GET', '/api/v2/dhcp/pools')
    t.equal(res.statusCode, 200)
    const pools = json(res)
    t.equal(pools.length, 1)
    assertStrings(t, pools[0], poolKeys)
    t.match(pools[0], {
      id: '402',
      parent_id: '5',
      group_id: '400',
      cidr: '203.0.113.0/25',
      netmask: '255.255.255.128',
      range_start: '203.0.113.100',
      range_end: '203.0.113.126',
      router: '203.0.113.1',
      pool_type: 'subnet'
    })
  })

  t.test('filters by group and parent', async (t) => {
    t.equal(json(await call(app, 'GET', '/api/v2/dhcp/pools?group_id=400')).length, 1)
    t.equal(json(await call(app, 'GET', '/api/v2/dhcp/pools?parent_id=3')).length, 0)
  })

  t.test('the scoped user sees the pool under resource 2', async (t) => {
    t.equal(json(await call(app, 'GET', '/api/v2/dhcp/pools', undefined, 'scoped')).length, 1)
  })
})

t.test('POST /api/v2/dhcp/pools', async (t) => {
  const app = await buildTestApp(t)

  t.test('direct assign takes exactly the CIDR from IPAM, assigned to the parent', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dhcp/pools', {
      name: 'Guests',
      parent_id: '2',
      group_id: '400',
      cidr: '10.1.3.0/24',
      range_start: '10.1.3.50',
      range_end: '10.1.3.250',
      router: '10.1.3.1'
    })
    t.equal(res.statusCode, 200)
    const pool = json(res)
    assertStrings(t, pool, poolKeys)
    t.equal(pool.cidr, '10.1.3.0/24')
    const block = json(await call(app, 'GET', `/api/v2/ipam/netblocks/${String(pool.netblock_id)}`))
    t.equal(block.resource_id, 2)
    t.equal(block.cidr, '10.1.3.0/24')
  })

  t.test('smart assign picks a free block of the mask; defaults for router and range', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dhcp/pools', { name: 'Phones', parent_id: 2, group_id: 400, mask: 26 })
    t.equal(res.statusCode, 200)
    const pool = json(res)
    t.match(pool.cidr, /\/26$/)
    const network = toNumber(pool.cidr.split('/')[0])!
    t.equal(pool.router, toAddress(network + 1))
    t.equal(pool.range_start, toAddress(network + 2))
    t.equal(pool.range_end, toAddress(network + 62))
    const block = json(await call(app, 'GET', `/api/v2/ipam/netblocks/${String(pool.netblock_id)}`))
    t.equal(block.cidr, pool.cidr)
    t.equal(block.resource_id, 2)
  })

  t.test('a block overlapping another pool is a 409 naming cidr', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dhcp/pools', { name: 'X', group_id: 400, cidr: '203.0.113.0/26' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'cidr')
    t.match(json(res).message, /overlaps DHCP pool 402/)
  })

  t.test('a block overlapping assigned IPAM space is a 409', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dhcp/pools', { name: 'X', group_id: 400, cidr: '10.1.0.0/24' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'cidr')
  })

  t.test('range or router outside the block are 422s naming the field, and nothing is assigned', async (t) => {
    for (const [extra, field] of [
      [{ range_start: '10.1.4.0' }, 'range_start'],
      [{ range_end: '10.1.5.10' }, 'range_end'],
      [{ range_start: '10.1.4.200', range_end: '10.1.4.100' }, 'range_end'],
      [{ router: '10.1.4.50' }, 'router'],
      [{ router: 'x' }, 'router']
    ] as const) {
      const body = { name: 'X', group_id: 400, cidr: '10.1.4.0/24', ...extra }
      const res = await call(app, 'POST', '/api/v2/dhcp/pools', body)
      t.equal(res.statusCode, 422, field)
      t.equal(json(res).field, field)
    }
    const blocks = json(await call(app, 'GET', '/api/v2/ipam/netblocks?cidr=10.1.4.0/24'))
    t.notOk(blocks.some((b: any) => b.resource_id !== null && b.cidr === '10.1.4.0/24'), 'rolled back')
  })

  t.test('other invalid input names the field', async (t) => {
    for (const [body, status, field] of [
      [{ name: 'X', group_id: 400 }, 422, 'cidr'],
      [{ name: 'X', group_id: 400, cidr: '10.1.4.1/24' }, 422, 'cidr'],
      [{ name: 'X', group_id: 400, cidr: '10.1.4.0/31' }, 422, 'cidr'],
      [{ name: 'X', group_id: 400, mask: 31 }, 422, 'mask'],
      [{ name: 'X', group_id: 999, cidr: '10.1.4.0/24' }, 404, 'group_id'],
      [{ name: 'X', group_id: 400, cidr: '10.1.4.0/24', parent_id: 999 }, 404, 'parent_id'],
      [{ name: 'X', group_id: 400, cidr: '100.64.0.0/24' }, 422, 'cidr']
    ] as const) {
      const res = await call(app, 'POST', '/api/v2/dhcp/pools', body)
      t.equal(res.statusCode, status, JSON.stringify(body))
      t.equal(json(res).field, field)
    }
    t.equal((await call(app, 'POST', '/api/v2/dhcp/pools', { group_id: 400 })).statusCode, 400, 'no name')
  })

  t.test('dhcp rights on the parent: scoped under resource 2 yes, elsewhere no; readonly never', async (t) => {
    const body = { name: 'S', group_id: 400, cidr: '10.1.6.0/24' }
    t.equal((await call(app, 'POST', '/api/v2/dhcp/pools', { ...body, parent_id: 3 }, 'scoped')).statusCode, 403)
    t.equal((await call(app, 'POST', '/api/v2/dhcp/pools', { ...body, parent_id: 4 }, 'readonly')).statusCode, 403)
    const res = await call(app, 'POST', '/api/v2/dhcp/pools', { ...body, parent_id: 4 }, 'scoped')
    t.equal(res.statusCode, 200)
    t.equal(json(res).parent_id, '4')
  })
})

t.test('GET /api/v2/dhcp/pools/{id}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', '/api/v2/dhcp/pools/402', undefined, 'scoped')
  t.equal(res.statusCode, 200)
  assertStrings(t, json(res), poolKeys)
  t.equal((await call(app, 'GET', '/api/v2/dhcp/pools/401')).statusCode, 404)
})

t.test('PATCH /api/v2/dhcp/pools/{id}', async (t) => {
  const app = await buildTestApp(t)

  t.test('changes the range and name', async (t) => {
    const body = { range_start: '203.0.113.110', name: 'Office' }
    const res = await call(app, 'PATCH', '/api/v2/dhcp/pools/402', body, 'scoped')
    t.equal(res.statusCode, 200)
    t.equal(json(res).range_start, '203.0.113.110')
    t.equal(json(res).range_end, '203.0.113.126')
    t.equal(json(res).name, 'Office')
  })

  t.test('a range covering a reservation is a 409; block and parent stay', async (t) => {
    const res = await call(app, 'PATCH', '/api/v2/dhcp/pools/402', { range_start: '203.0.113.5' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'range_start')
    const moves = [[{ cidr: '10.1.3.0/24' }, 'cidr'], [{ mask: 25 }, 'mask'], [{ parent_id: 3 }, 'parent_id']] as const
    for (const [body, field] of moves) {
      const moved = await call(app, 'PATCH', '/api/v2/dhcp/pools/402', body)
      t.equal(moved.statusCode, 422, field)
      t.equal(json(moved).field, field)
    }
    t.equal((await call(app, 'PATCH', '/api/v2/dhcp/pools/402', { router: '203.0.113.110' })).statusCode, 422)
  })

  t.test('readonly may not change it', async (t) => {
    t.equal((await call(app, 'PATCH', '/api/v2/dhcp/pools/402', { name: 'R' }, 'readonly')).statusCode, 403)
  })
})

t.test('DELETE /api/v2/dhcp/pools/{id}', async (t) => {
  const app = await buildTestApp(t)
  t.equal((await call(app, 'DELETE', '/api/v2/dhcp/pools/402', undefined, 'readonly')).statusCode, 403)
  const netblock = json(await call(app, 'GET', '/api/v2/dhcp/pools/402')).netblock_id

  t.test('deletes the pool and its reservations and unassigns the block', async (t) => {
    const res = await call(app, 'DELETE', '/api/v2/dhcp/pools/402?skip_holding=true', undefined, 'scoped')
    t.equal(res.statusCode, 204)
    t.equal((await call(app, 'GET', '/api/v2/dhcp/pools/402')).statusCode, 404)
    t.equal((await call(app, 'GET', '/api/v2/resources/403')).statusCode, 404, 'the reservation is gone')
    const blocks = json(await call(app, 'GET', '/api/v2/ipam/netblocks?cidr=203.0.113.0/25'))
    t.notOk(blocks.some((b: any) => String(b.id) === String(netblock) && b.resource_id !== null))
    const body = { name: 'Again', group_id: 400, cidr: '203.0.113.0/25' }
    const again = await call(app, 'POST', '/api/v2/dhcp/pools', body)
    t.equal(again.statusCode, 200, 'the block is free again')
  })
})
