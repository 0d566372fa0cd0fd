// Profiling helper: node --cpu-prof --import tsx bench/profile-inject.ts METHOD URL [BODY] [COUNT]
// Builds the app silently and sends the same request COUNT times (default 5000) with app.inject.
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const [method = 'GET', url = '/api/v2/resources/2', body, count = '5000'] = process.argv.slice(2)
const headers = {
  authorization: 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64'),
  'content-type': 'application/json'
}
const app = await buildApp(loadConfig([], { LOG_LEVEL: 'silent' }), { logger: false })
if (url.includes('parent_id=3')) {
  for (let i = 0; i < 100; i++) {
    await app.inject({ method: 'POST', url: '/api/v2/resources', headers, payload: { name: `b ${i}`, parent_id: 3 } })
  }
}
const request = { method: method as 'GET', url, headers, payload: body === '' ? undefined : body }
const first = await app.inject(request)
if (first.statusCode >= 300) throw new Error(`${first.statusCode} ${first.body}`)
for (let i = 0; i < Number(count); i++) await app.inject(request)
await app.close()
