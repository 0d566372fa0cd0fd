// Every list that pages takes offset and limit from the query string; values past what SQLite
// (or JavaScript) can hold must be a 400 or an empty page, never a 5xx.
import t from 'tap'
import { authAs, buildTestApp } from '../helpers/app.js'

const lists = [
  '/api/v2/resources', '/api/v2/resources/2/children', '/api/v2/resources/2/links', '/api/v2/ipam/netblocks',
  '/api/v2/dns/zones', '/api/v2/dns/zones/310/records', '/api/v2/users', '/api/v2/umbrella/netblocks',
  '/api/v2/umbrella/modules', '/api/v2/scheduler/tasks', '/api/v2/acp/workflows', '/api/v2/dhcp/pools'
]

t.test('GET lists with huge offset and limit', async (t) => {
  const app = await buildTestApp(t)
  for (const path of lists) {
    for (const query of ['offset=1e308', 'limit=1e308', 'offset=9223372036854775808', 'limit=99999999999999999999']) {
      const res = await app.inject({ url: `${path}?${query}`, headers: authAs('admin') })
      t.ok(res.statusCode === 200 || res.statusCode === 400, `${path}?${query} answers ${res.statusCode}`)
    }
  }
})
