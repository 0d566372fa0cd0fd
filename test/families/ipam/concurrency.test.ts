import type { AddressInfo } from 'node:net'
import t from 'tap'
import { parseCidr, endOf, type Cidr } from '../../../src/families/ipam/ip.js'
import { authAs, buildTestApp } from '../../helpers/app.js'

t.test('PUT /api/v2/ipam/netblocks/smart_assign over real HTTP', async (t) => {
  const app = await buildTestApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}/api/v2/ipam/netblocks/smart_assign`
  const headers = { ...authAs('admin'), 'content-type': 'application/json' }

  t.test('parallel smart assigns never hand out overlapping space', async (t) => {
    const requests = Array.from({ length: 60 }, (_, index) => fetch(url, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        resource_id: String(2 + (index % 5)),
        type: index % 3 === 0 ? 'ipv6' : 'ipv4',
        rir: index % 3 === 0 ? 'ARIN' : '1918',
        mask: index % 3 === 0 ? 56 + (index % 8) : 22 + (index % 9)
      })
    }))
    const responses = await Promise.all(requests)
    const bodies = await Promise.all(responses.map(async (res) => ({
      status: res.status,
      body: await res.json() as { cidr: string, id: number }
    })))
    for (const { status } of bodies) t.equal(status, 200)
    const blocks = bodies.map(({ body }) => parseCidr(body.cidr as string) as Cidr)
      .sort((a, b) => (a.version - b.version) || (a.start < b.start ? -1 : 1))
    let clashes = 0
    for (let index = 1; index < blocks.length; index++) {
      const before = blocks[index - 1]
      if (before.version === blocks[index].version && blocks[index].start <= endOf(before)) clashes++
    }
    t.equal(clashes, 0)
    t.equal(new Set(bodies.map(({ body }) => body.id)).size, bodies.length, 'every block has its own id')
  })
})
