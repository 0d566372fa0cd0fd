import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { authAs } from '../helpers/app.js'

/** A stream that parses every JSON line written to it into `lines`. */
function collectLines (): { lines: any[], stream: Writable } {
  const lines: any[] = []
  const stream = new Writable({
    write (chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line))
      done()
    }
  })
  return { lines, stream }
}

t.test('request logging', async (t) => {
  const { lines, stream } = collectLines()
  const app = await buildApp(loadConfig([], { LOG_LEVEL: 'info' }), { logger: { level: 'info', stream } })
  t.teardown(() => app.close())

  await app.inject({ url: '/team-x/api/v2/config', headers: authAs('admin') })

  t.test('one line per request with method, url, status, time and instance', async (t) => {
    const requests = lines.filter((line) => line.msg === 'request')
    t.equal(requests.length, 1)
    t.match(requests[0], { method: 'GET', url: '/team-x/api/v2/config', status: 200, instance: 'team-x', level: 30 })
    t.type(requests[0].ms, 'number')
    t.match(requests[0].reqId, /^req-/)
  })

  t.test('credentials never reach the log', async (t) => {
    const text = JSON.stringify(lines)
    t.notMatch(text, authAs('admin').authorization.slice(6))
    t.notMatch(text, /authorization/i)
  })
})

t.test('what a handler logs through request.log carries the request id', async (t) => {
  const { lines, stream } = collectLines()
  const app = await buildApp(loadConfig([], { LOG_LEVEL: 'debug' }), { logger: { level: 'debug', stream } })
  t.teardown(() => app.close())

  const res = await app.inject({
    method: 'POST',
    url: '/api/v2/users',
    headers: authAs('admin'),
    payload: { username: 'logged@example.com', password: 'secret-pass-1' }
  })
  t.equal(res.statusCode, 201, res.body)
  const created = lines.find((line) => line.msg === 'user created')
  const request = lines.find((line) => line.msg === 'request' && line.method === 'POST')
  t.ok(created, 'the handler line is written')
  t.match(created, { level: 20, userId: Number })
  t.equal(created.reqId, request.reqId, 'with the same reqId as the request line')
})
