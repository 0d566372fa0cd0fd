// The benchmark's baseline: a bare Fastify server with Basic auth that reads one row from
// better-sqlite3 per request. provision-mock's figures are printed as ratios to this.
// `node bench/baseline-server.ts PORT floor` adds what every mock request also pays for in
// libraries the issues require: @fastify/cors and one pino line per request, written the way
// the mock writes them (on the root logger, with request.log made only when used). The gap
// between the two is a floor no mock code can remove.
import basicAuth from '@fastify/basic-auth'
import cors from '@fastify/cors'
import Database from 'better-sqlite3'
import Fastify, { LogController } from 'fastify'
import pino from 'pino'
import { lazyChildLogger } from '../src/core/request-logger.js'

const floor = process.argv[3] === 'floor'

const db = new Database(':memory:')
db.exec(`CREATE TABLE users (username TEXT PRIMARY KEY, password TEXT);
  INSERT INTO users VALUES ('admin@example.com', 'admin');
  CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, parent_id INTEGER);
  INSERT INTO items VALUES (2, 'Acme Corp', 1);`)
const user = db.prepare('SELECT password FROM users WHERE username = ?').pluck()
const item = db.prepare('SELECT id, name, parent_id FROM items WHERE id = ?')

const app = Fastify(floor
  ? {
      logger: {
        level: 'info',
        stream: pino.destination({ dest: 1, sync: false, minLength: 8192, periodicFlush: 100 })
      },
      logController: new LogController({ disableRequestLogging: true }),
      childLoggerFactory: lazyChildLogger
    }
  : {})
if (floor) {
  await app.register(cors, { origin: true, credentials: true, exposedHeaders: ['WWW-Authenticate', 'Allow'] })
  app.addHook('onResponse', (request, reply, done) => {
    app.log.info({
      reqId: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime
    }, 'request')
    done()
  })
}
await app.register(basicAuth, {
  validate: async (username: string, password: string) => {
    if (user.get(username) !== password) throw new Error('Invalid credentials')
  }
})
app.addHook('onRequest', app.basicAuth)
app.get('/items/:id', async (request) => {
  const row = item.get(Number((request.params as { id: string }).id)) as { id: number, name: string, parent_id: number }
  return { id: String(row.id), name: row.name, parent_id: String(row.parent_id) }
})
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' })
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`)
