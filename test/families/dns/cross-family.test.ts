import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'

t.test('POST /api/v2/resources/query over DNS data', async (t) => {
  const app = await buildTestApp(t)
  const admin = authAs('admin')

  t.test('a record created through DNS is found by its attrs, which come without asking', async (t) => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v2/dns/zones/310/records',
      headers: admin,
      payload: {
        id: '',
        parent_id: '310',
        record_type: 'A',
        record_host: 'cross.example.com.',
        record_value: '192.0.2.77',
        record_ttl: '600'
      }
    })
    t.equal(created.statusCode, 200, created.body)
    const found = json(
      await app.inject({
        method: 'POST',
        url: '/api/v2/resources/query',
        headers: admin,
        payload: {
          type: 'dnsrecord',
          attrs: [{ key: 'record_host', value: 'cross.example.com.', compare: '=', rule: 'AND' }]
        }
      })
    )
    t.equal(found.length, 1)
    t.equal(found[0].id, String(json(created).id))
    t.equal(found[0].parent_id, '310')
    t.match(found[0].attrs, { record_type: 'A', record_value: '192.0.2.77', record_ttl: '600' })
  })

  t.test('a change through the Resources family shows in the DNS family and its zone file', async (t) => {
    const record = json(
      await app.inject({ url: '/api/v2/dns/zones/310/records?record_host=cross.example.com.', headers: admin })
    )[0]
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v2/resources/${String(record.id)}`,
      headers: admin,
      payload: { attrs: { record_value: '192.0.2.78', k8s_externaldns: '1' } }
    })
    t.equal(patched.statusCode, 200, patched.body)
    const again = json(
      await app.inject({ url: `/api/v2/dns/zones/310/records?id=${String(record.id)}`, headers: admin })
    )
    t.equal(again[0].record_value, '192.0.2.78')
    const zonefile = await app.inject({ url: '/api/v2/dns/zones/310/zonefile', headers: admin })
    t.match(zonefile.body, /cross\s+600\s+IN\s+A\s+192\.0\.2\.78/)
  })
})
