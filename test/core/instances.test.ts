import t from 'tap'
import { authAs, buildTestApp, json } from '../helpers/app.js'

t.test('GET /{instance}/api/v2/config', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_MAX_INSTANCES: '3' })
  const patch = (prefix: string, value: string) => app.inject({
    method: 'PATCH', url: `${prefix}/api/v2/config`, headers: authAs('admin'), payload: { holding_tank_days: value }
  })
  const days = async (prefix: string) =>
    json(await app.inject({ url: `${prefix}/api/v2/config`, headers: authAs('admin') })).holding_tank_days

  t.test('each instance is seeded from the fixtures and isolated from the others', async (t) => {
    t.equal((await patch('/team-a', '7')).statusCode, 200)
    t.equal((await patch('', '9')).statusCode, 200)
    t.equal(await days('/team-a'), '7')
    t.equal(await days('/team-b'), '30', 'a new instance starts from the fixtures')
    t.equal(await days(''), '9')
    t.equal(await days('/default'), '9', 'the unprefixed path is the instance named default')
  })

  t.test('past the cap a new instance is a 503 JSON error', async (t) => {
    t.equal(app.instances.list().length, 3)
    const res = await app.inject({ url: '/team-c/api/v2/config', headers: authAs('admin') })
    t.equal(res.statusCode, 503)
    t.equal(json(res).code, 'INSTANCE_LIMIT')
    t.equal((await app.inject({ url: '/team-a/api/v2/config', headers: authAs('admin') })).statusCode, 200,
      'existing instances still answer')
  })

  t.test('a name outside [A-Za-z0-9_-]{1,64} is not an instance prefix', async (t) => {
    const res = await app.inject({ url: `/${'x'.repeat(65)}/api/v2/config`, headers: authAs('admin') })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'ROUTE_NOT_FOUND')
  })
})
