import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

t.test('GET /dev/openapi/{family}.json', async (t) => {
  const app = await buildTestApp(t)
  const index = json<Array<{ name: string, url: string }>>(await app.inject({ url: '/dev/openapi' }))
  t.same(index.map((doc) => doc.name), ['ipam', 'resources', 'dns', 'dhcp', 'users', 'usergroups', 'scheduler', 'acp',
    'umbrella', 'config', 'control'])

  for (const doc of index) {
    t.test(`${doc.name} matches its committed export (run npm run openapi:export after changing routes)`, async (t) => {
      const served = json(await app.inject({ url: doc.url }))
      const committed = JSON.parse(readFileSync(`openapi/${doc.name}.json`, 'utf8'))
      t.same(served, committed)
    })

    t.test(`${doc.name}: every operation carries x-fidelity, an operationId and a summary`, async (t) => {
      const served = json(await app.inject({ url: doc.url }))
      t.equal(served.openapi, '3.0.3')
      for (const [path, item] of Object.entries<Record<string, any>>(served.paths)) {
        t.ok(path.startsWith('/api/v2/') || path.startsWith('/_mock/'), `${path} is written in full`)
        for (const [method, operation] of Object.entries<any>(item)) {
          t.match(operation['x-fidelity'], /^(confirmed|inferred|modeled)$/, `${method} ${path} x-fidelity`)
          t.type(operation['x-fidelity-source'], 'string', `${method} ${path} source note`)
          t.type(operation.operationId, 'string', `${method} ${path} operationId`)
          t.type(operation.summary, 'string', `${method} ${path} summary`)
        }
      }
    })
  }

  t.test('an instance-prefixed document points Try it out at that instance', async (t) => {
    const doc = json(await app.inject({ url: '/team-a/dev/openapi/config.json' }))
    t.same(doc.servers.map((server: { url: string }) => server.url), ['/team-a'])
  })

  t.test('an unknown family is a 404 JSON error', async (t) => {
    const res = await app.inject({ url: '/dev/openapi/nope.json' })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'NOT_FOUND')
  })
})
