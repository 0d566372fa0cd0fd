import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'

t.test('DELETE /api/v2/resources/{id} of a resource holding netblocks', async (t) => {
  const app = await buildTestApp(t)
  const admin = authAs('admin')
  const held = json(await app.inject({ url: '/api/v2/ipam/netblocks?resource_id=4', headers: admin }))
  t.ok(held.length > 0, 'the fixtures assign blocks to resource 4')

  t.test('is a 409 that says what to do, and nothing is deleted', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/api/v2/resources/4', headers: admin })
    t.equal(res.statusCode, 409)
    t.match(json(res).message, /resource 4 is still referenced: \d+ netblocks? \(unassign them first/)
    t.equal((await app.inject({ url: '/api/v2/resources/4', headers: admin })).statusCode, 200)
    t.equal(json(await app.inject({ url: '/api/v2/ipam/netblocks?resource_id=4', headers: admin })).length, held.length)
  })

  t.test('a recursive delete above it is refused as a whole', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/api/v2/resources/2?recursive=true', headers: admin })
    t.equal(res.statusCode, 409)
    t.equal((await app.inject({ url: '/api/v2/resources/2', headers: admin })).statusCode, 200)
  })

  t.test('succeeds once its blocks are unassigned', async (t) => {
    const unassigned = await app.inject({
      method: 'POST', url: '/api/v2/resources/unassign_all_ips', headers: admin, payload: { resource_ids: ['4'] }
    })
    t.equal(unassigned.statusCode, 200)
    t.equal((await app.inject({ method: 'DELETE', url: '/api/v2/resources/4', headers: admin })).statusCode, 204)
    t.same(json(await app.inject({ url: '/api/v2/ipam/netblocks?resource_id=4', headers: admin })), [])
    t.same(json(await app.inject({ url: '/_mock/invariants' })).violations, [])
  })
})
