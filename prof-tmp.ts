import { buildApp } from './src/app.js'
import { loadConfig } from './src/config.js'
import { insertResource } from './src/families/resources/store.js'
const app = await buildApp(loadConfig([], { LOG_LEVEL: 'silent' }), { logger: false })
const headers = { authorization: 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64'), 'content-type': 'application/json' }
const db = app.instances.get('default').db
for (const n of [1000, 10000]) {
  const z = JSON.parse((await app.inject({ method: 'POST', url: '/api/v2/dns/zones/forward', headers, payload: JSON.stringify({ name: `z${n}.example.` }) })).body)
  db.transaction(() => { for (let i = 0; i < n; i++) insertResource(db, { parent_id: Number(z.id), type: 'dnsrecord', name: 'x' + i, attrs: { record_type: 'A', record_host: `h${i}.z${n}.example.`, record_value: '192.0.2.1', record_ttl: '300', status: 'active' } }, 0) })()
  await app.inject({ method: 'POST', url: `/api/v2/dns/zones/${z.id}/push`, headers })
  let t0 = performance.now()
  let r = await app.inject({ method: 'GET', url: `/api/v2/dns/zones/${z.id}/zonefile`, headers })
  console.log(n, 'zonefile ms', (performance.now() - t0).toFixed(1), r.statusCode)
  t0 = performance.now()
  r = await app.inject({ method: 'POST', url: `/api/v2/dns/zones/${z.id}/push`, headers })
  console.log(n, 'push ms', (performance.now() - t0).toFixed(1), r.statusCode)
  t0 = performance.now()
  r = await app.inject({ method: 'DELETE', url: `/api/v2/dns/zones/${z.id}`, headers })
  console.log(n, 'delete zone ms', (performance.now() - t0).toFixed(1), r.statusCode)
}
await app.close()
