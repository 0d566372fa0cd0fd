import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

t.test('POST /_mock/instances with a name the server uses itself', async (t) => {
  const app = await buildTestApp(t)
  for (const name of ['api', 'dev', '_mock']) {
    const res = await app.inject({ method: 'POST', url: '/_mock/instances', payload: { name } })
    t.equal(res.statusCode, 400, name)
    t.match(json(res), { code: 'BAD_REQUEST', field: 'name', message: /reserved/ })
  }
  t.equal(app.instances.find('dev'), undefined, 'no unreachable instance was made')
})
