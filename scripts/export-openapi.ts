// Writes openapi/<family>.json: the documents the server serves for the default instance.
// Run it after changing a route schema; test/core/openapi.test.ts fails while they differ.
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const app = await buildApp(loadConfig([], { LOG_LEVEL: 'silent' }), { logger: false })
const index = (await app.inject({ url: '/dev/openapi' })).json() as Array<{ name: string, url: string }>
mkdirSync('openapi', { recursive: true })
for (const doc of index) {
  const body = (await app.inject({ url: doc.url })).json()
  writeFileSync(`openapi/${doc.name}.json`, JSON.stringify(body, null, 2) + '\n')
}
await app.close()
process.stdout.write(`wrote ${index.length} documents to openapi/\n`)
