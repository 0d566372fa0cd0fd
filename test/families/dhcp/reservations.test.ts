import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { assertStrings, call, reservationKeys } from '../../helpers/dhcp.js'

const url = '/api/v2/dhcp/pools/402/reservations'

t.test('GET /api/v2/dhcp/pools/{id}/reservations', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', url, undefined, 'scoped')
  t.equal(res.statusCode, 200)
  const list = json(res)
  t.equal(list.length, 1)
  assertStrings(t, list[0], reservationKeys)
  t.match(list[0], {
    id: '403', pool_id: '402', mac: '00:11:22:33:44:55', address: '203.0.113.10', hostname: 'printer1'
  })
  t.equal((await call(app, 'GET', '/api/v2/dhcp/pools/999/reservations')).statusCode, 404)
})

t.test('POST /api/v2/dhcp/pools/{id}/reservations', async (t) => {
  const app = await buildTestApp(t)

  t.test('binds a MAC, normalised, to an address of the pool', async (t) => {
    const body = { name: 'camera', mac: 'AA-BB-CC-00-11-22', address: '203.0.113.20', hostname: 'Camera1' }
    const res = await call(app, 'POST', url, body, 'scoped')
    t.equal(res.statusCode, 200)
    const reservation = json(res)
    assertStrings(t, reservation, reservationKeys)
    t.equal(reservation.mac, 'aa:bb:cc:00:11:22')
    t.equal(reservation.hostname, 'camera1')
    t.equal(reservation.pool_id, '402')
  })

  t.test('a MAC used twice, in any spelling, is a 409 naming mac', async (t) => {
    const res = await call(app, 'POST', url, { name: 'dup', mac: '0011.2233.4455', address: '203.0.113.21' })
    t.equal(res.statusCode, 409)
    t.equal(json(res).field, 'mac')
    t.match(json(res).message, /reservation 403/)
  })

  t.test('an address outside the pool is a 422 naming address', async (t) => {
    for (const address of ['10.1.3.5', '203.0.113.0', '203.0.113.127', 'nope']) {
      const res = await call(app, 'POST', url, { name: 'out', mac: '02:00:00:00:00:09', address })
      t.equal(res.statusCode, 422, address)
      t.equal(json(res).field, 'address')
    }
  })

  t.test('an address in the range, the router\'s, or already reserved is a 409 naming address', async (t) => {
    for (const address of ['203.0.113.110', '203.0.113.1', '203.0.113.10']) {
      const res = await call(app, 'POST', url, { name: 'busy', mac: '02:00:00:00:00:09', address })
      t.equal(res.statusCode, 409, address)
      t.equal(json(res).field, 'address')
    }
  })

  t.test('a bad MAC or missing fields are 422s naming the field', async (t) => {
    for (const [body, field] of [
      [{ name: 'm', mac: '00:11:22', address: '203.0.113.30' }, 'mac'],
      [{ name: 'm', address: '203.0.113.30' }, 'mac'],
      [{ name: 'm', mac: '02:00:00:00:00:0a' }, 'address'],
      [{ name: 'm', mac: '02:00:00:00:00:0a', address: '203.0.113.30', hostname: 'bad name' }, 'hostname']
    ] as const) {
      const res = await call(app, 'POST', url, body)
      t.equal(res.statusCode, 422, field)
      t.equal(json(res).field, field)
    }
  })

  t.test('readonly may not reserve', async (t) => {
    const body = { name: 'ro', mac: '02:00:00:00:00:0b', address: '203.0.113.31' }
    const res = await call(app, 'POST', url, body, 'readonly')
    t.equal(res.statusCode, 403)
  })
})

t.test('GET /api/v2/dhcp/pools/{id}/reservations/{rid}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', `${url}/403`, undefined, 'readonly')
  t.equal(res.statusCode, 200)
  assertStrings(t, json(res), reservationKeys)
  t.equal((await call(app, 'GET', `${url}/402`)).statusCode, 404, 'a pool is not a reservation')
})

t.test('PATCH /api/v2/dhcp/pools/{id}/reservations/{rid}', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'PATCH', `${url}/403`, { hostname: 'printer2', mac: '00:11:22:33:44:55' }, 'scoped')
  t.equal(res.statusCode, 200, 'its own MAC is not a duplicate')
  t.equal(json(res).hostname, 'printer2')
  t.equal((await call(app, 'PATCH', `${url}/403`, { address: '10.1.9.1' })).statusCode, 422)
  t.equal((await call(app, 'PATCH', `${url}/403`, { name: 'r' }, 'readonly')).statusCode, 403)
  t.match((await call(app, 'GET', '/api/v2/dhcp/servers/401/config')).body, 'option host-name "printer2";')
})

t.test('DELETE /api/v2/dhcp/pools/{id}/reservations/{rid}', async (t) => {
  const app = await buildTestApp(t)
  t.equal((await call(app, 'DELETE', `${url}/403`, undefined, 'readonly')).statusCode, 403)
  t.equal((await call(app, 'DELETE', `${url}/403`, undefined, 'scoped')).statusCode, 204)
  t.same(json(await call(app, 'GET', url)), [])
  t.equal((await call(app, 'DELETE', `${url}/403`)).statusCode, 404)
  const reuse = await call(app, 'POST', url, { name: 'again', mac: '00:11:22:33:44:55', address: '203.0.113.10' })
  t.equal(reuse.statusCode, 200, 'the MAC and address are free again')
})
