import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'
import { R, call, status } from './helpers.js'

t.test('GET /api/v2/resources/{id}/attrs', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'GET', `${R}/2/attrs`)
  t.equal(res.status, 200)
  t.same(res.body, { _section: 'Customer', contact_email: 'noc@acme.example', customer_code: 'ACME' })
  t.equal(await status(app, 'GET', `${R}/99/attrs`), 404)
  t.equal(await status(app, 'GET', `${R}/x/attrs`), 400)
})

t.test('POST /api/v2/resources/{id}/attrs', async (t) => {
  const app = await buildTestApp(t)

  t.test('adds attributes given flat or under attrs', async (t) => {
    const res = await call(app, 'POST', `${R}/4/attrs`, { id: '4', rack_count: '40', attrs: { power: '2N' } })
    t.equal(res.status, 200)
    t.same(res.body, { _section: 'Datacenter', city: 'Ashburn', power: '2N', rack_count: '40' })
  })

  t.test('an existing name is a 409 and nothing is written', async (t) => {
    const res = await call(app, 'POST', `${R}/4/attrs`, { city: 'Reston', floor: '2' })
    t.equal(res.status, 409)
    t.equal((await call(app, 'GET', `${R}/4/attrs`)).body.floor, undefined)
  })

  t.test('non-string values and system names are refused', async (t) => {
    const number = await call(app, 'POST', `${R}/4/attrs`, { floor: 2 })
    t.equal(number.status, 400)
    t.match(number.body.field, /floor/)
    const system = await call(app, 'POST', `${R}/4/attrs`, { _owner: 'me' })
    t.equal(system.status, 422)
    t.match(system.body.message, /system metadata/)
  })
})

t.test('PATCH /api/v2/resources/{id}/attrs', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'PATCH', `${R}/4/attrs`, { city: 'Reston', floor: '3' })
  t.equal(res.status, 200)
  t.same(res.body, { _section: 'Datacenter', city: 'Reston', floor: '3' })
})

t.test('PUT /api/v2/resources/{id}/attrs', async (t) => {
  const app = await buildTestApp(t)
  const res = await call(app, 'PUT', `${R}/2/attrs`, { attrs: { customer_code: 'ACM' } })
  t.equal(res.status, 200)
  t.same(res.body, { _section: 'Customer', customer_code: 'ACM' })
})

t.test('DELETE /api/v2/resources/{id}/attrs/{attributes}', async (t) => {
  const app = await buildTestApp(t)

  t.test('deletes a comma-separated list and answers 204 empty', async (t) => {
    const res = await call(app, 'DELETE', `${R}/2/attrs/customer_code,contact_email`)
    t.equal(res.status, 204)
    t.equal(res.body, undefined)
    t.same((await call(app, 'GET', `${R}/2/attrs`)).body, { _section: 'Customer' })
  })

  t.test('an unknown name is a 404 and nothing is deleted', async (t) => {
    const res = await call(app, 'DELETE', `${R}/4/attrs/city,nope`)
    t.equal(res.status, 404)
    t.match(res.body.message, /nope/)
    t.equal((await call(app, 'GET', `${R}/4/attrs`)).body.city, 'Ashburn')
  })
})
