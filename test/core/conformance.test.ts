import Fastify from 'fastify'
import t from 'tap'
import { installConformanceCheck, type Violation } from '../../src/core/conformance.js'

t.test('installConformanceCheck', async (t) => {
  const violations: Violation[] = []
  const app = Fastify()
  installConformanceCheck(app, (v) => violations.push(v))
  const response = {
    200: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    204: { type: 'null' }
  }
  app.get('/good', { schema: { response } }, async () => ({ id: '1' }))
  app.get('/wrong-type', { schema: { response } }, async (_request, reply) =>
    reply.type('application/json').serializer((x: unknown) => JSON.stringify(x)).send({ id: 1 }))
  app.get('/undocumented', { schema: { response } }, async (_request, reply) =>
    reply.code(409 as 200).send({ id: '1' })
  )
  app.get('/crash', { schema: { response } }, async () => { throw new Error('boom') })
  app.delete('/empty', { schema: { response } }, async (_request, reply) => reply.code(204).send())
  t.teardown(() => app.close())

  for (const url of ['/good', '/wrong-type', '/undocumented', '/crash']) await app.inject({ url })
  await app.inject({ method: 'DELETE', url: '/empty' })

  t.same(violations.map((v) => [v.url, v.problem]), [
    ['/wrong-type', 'body/id must be string'],
    ['/undocumented', 'status 409 is not documented'],
    ['/crash', 'server error']
  ])
})
