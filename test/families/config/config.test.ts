import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'

t.test('GET /api/v2/config', async (t) => {
  const app = await buildTestApp(t)

  t.test('answers every setting as a string', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/api/v2/config', headers: authAs('readonly') })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.equal(body.holding_tank_days, '30')
    for (const value of Object.values(body)) t.type(value, 'string')
  })

  t.test('needs credentials', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/api/v2/config' })
    t.equal(res.statusCode, 401)
    t.match(res.headers['www-authenticate'], /^Basic realm="ProVision"/)
    t.equal(json(res).code, 'INVALID_CREDENTIALS')
  })
})

t.test('PATCH /api/v2/config', async (t) => {
  const app = await buildTestApp(t)

  t.test('the vendor example works verbatim and a later GET shows it', async (t) => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: { ...authAs('admin'), 'content-type': 'application/json;charset=utf-8' },
      payload: '{"auto_merge_limits":"10"}'
    })
    t.equal(res.statusCode, 200)
    t.equal(json(res).auto_merge_limits, '10')
    const after = await app.inject({ method: 'GET', url: '/api/v2/config', headers: authAs('admin') })
    t.equal(json(after).auto_merge_limits, '10')
  })

  t.test('is admin only', async (t) => {
    const res = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: authAs('readonly'), payload: { auto_merge_limits: '3' }
    })
    t.equal(res.statusCode, 403)
    t.equal(json(res).code, 'PERMISSION_DENIED')
  })

  t.test('refuses unknown keys and wrong types with a 400 naming the field', async (t) => {
    const unknown = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: authAs('admin'), payload: { no_such_setting: '1' }
    })
    t.equal(unknown.statusCode, 400)
    t.equal(json(unknown).field, 'body.no_such_setting')
    const wrong = await app.inject({
      method: 'PATCH', url: '/api/v2/config', headers: authAs('admin'), payload: { holding_tank_days: 'soon' }
    })
    t.equal(wrong.statusCode, 400)
    t.equal(json(wrong).field, 'holding_tank_days')
    const after = await app.inject({ method: 'GET', url: '/api/v2/config', headers: authAs('admin') })
    t.equal(json(after).holding_tank_days, '30', 'nothing was written')
  })
})
