// npm run bench: throughput of provision-mock's common calls over real HTTP on loopback, each
// printed with its ratio to a bare Fastify + Basic auth + better-sqlite3 baseline measured in the
// same run; cold start to first 200, reset time and RSS. Prints a table; asserts nothing.
// BENCH_SECONDS sets each measurement's length (default 5).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const auth = 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64')

function start (args: string[]): Promise<{ child: ChildProcess, port: number, startedMs: number }> {
  const startedMs = performance.now()
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      const match = /listening (\d+)|Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (match === null) return
      // From here on the request log lines are drained unread: parsing them would take CPU from
      // the server being measured.
      child.stdout!.off('data', onData)
      child.stdout!.resume()
      resolve({ child, port: Number(match[1] ?? match[2]), startedMs })
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
}

function rssMb (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

async function measure (url: string, options: { method?: string, body?: () => string } = {}): Promise<number> {
  const result = await autocannon({
    url,
    method: (options.method ?? 'GET') as 'GET',
    connections: 10,
    duration: seconds,
    headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
    ...(options.body === undefined
      ? {}
      : { requests: [{ setupRequest: (request: any) => ({ ...request, body: options.body!() }) }] })
  })
  if (result.non2xx > 0 || result.errors > 0) {
    process.stderr.write(`warning: ${url}: ${result.non2xx} non-2xx, ${result.errors} errors\n`)
  }
  return result.requests.average
}

async function call (base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return res.status === 204 ? null : { status: res.status, body: await res.json().catch(() => null) }
}

const rows: Array<[string, string, string]> = []
const row = (name: string, value: string, ratio = ''): void => { rows.push([name, value, ratio]) }

const baseline = await start(['--import', 'tsx', 'bench/baseline-server.ts', '0'])
const baselineRps = await measure(`http://127.0.0.1:${baseline.port}/items/2`)
row('baseline: bare Fastify + Basic auth + one SQLite row (req/s)', baselineRps.toFixed(0), '1.00')
baseline.child.kill()

// The same server plus @fastify/cors and a pino line per request, as the mock must have: the
// most any server with those two could reach.
const floor = await start(['--import', 'tsx', 'bench/baseline-server.ts', '0', 'floor'])
const floorRps = await measure(`http://127.0.0.1:${floor.port}/items/2`)
row('  same + @fastify/cors + a pino line per request (req/s)', floorRps.toFixed(0),
  (floorRps / baselineRps).toFixed(2))
floor.child.kill()

// Cold start of the built server to its first authenticated 200.
const coldStarts: number[] = []
for (let i = 0; i < 3; i++) {
  const server = await start(['dist/src/server.js', '--port', '0', '--log-level', 'info'])
  const base = `http://127.0.0.1:${server.port}`
  for (;;) {
    const res = await fetch(`${base}/api/v2/config`, { headers: { authorization: auth } }).catch(() => null)
    if (res?.status === 200) break
  }
  coldStarts.push(performance.now() - server.startedMs)
  server.child.kill()
}
coldStarts.sort((a, b) => a - b)
row('cold start to first 200 (ms, median of 3)', coldStarts[1].toFixed(0))

const mock = await start(['dist/src/server.js', '--port', '0', '--log-level', 'info'])
const base = `http://127.0.0.1:${mock.port}`
row('RSS after start (MB)', rssMb(mock.child.pid!).toFixed(1))

const byId = await measure(`${base}/api/v2/resources/2`)
row('GET /resources/{id} (req/s)', byId.toFixed(0), (byId / baselineRps).toFixed(2))

for (
  let i = 0; i < 100; i++
) await call(base, 'POST', '/api/v2/resources', { name: `bench ${i}`, type: 'entry', parent_id: 3 })
const list = await measure(`${base}/api/v2/resources?parent_id=3&limit=100`)
row('GET /resources 100-item list (req/s)', list.toFixed(0), (list / baselineRps).toFixed(2))

const netblocks = await call(base, 'GET', '/api/v2/ipam/netblocks?limit=1')
if (netblocks?.status === 200 && Array.isArray(netblocks.body) && netblocks.body.length > 0) {
  const rps = await measure(`${base}/api/v2/ipam/netblocks/${netblocks.body[0].id}`)
  row('GET /ipam/netblocks/{id} (req/s)', rps.toFixed(0), (rps / baselineRps).toFixed(2))
  const assign = await measure(`${base}/api/v2/ipam/netblocks/smart_assign`, {
    method: 'PUT', body: () => JSON.stringify({ resource_id: '2', type: 'ipv6', rir: 'ARIN', mask: 64 })
  })
  row('PUT /ipam/netblocks/smart_assign IPv6 /64 (req/s)', assign.toFixed(0), (assign / baselineRps).toFixed(2))
} else {
  row('GET /ipam/netblocks/{id}', 'not available')
}

const zones = await call(base, 'GET', '/api/v2/dns/zones?limit=1')
if (zones?.status === 200 && Array.isArray(zones.body) && zones.body.length > 0) {
  const zone = zones.body[0]
  let n = 0
  const rps = await measure(`${base}/api/v2/dns/zones/${zone.id}/records`, {
    method: 'POST',
    body: () => JSON.stringify({
      id: '',
      parent_id: String(zone.id),
      record_type: 'TXT',
      record_host: `bench${n++}.${zone.name}`,
      record_value: 'bench',
      record_ttl: '300'
    })
  })
  row('POST /dns/zones/{id}/records (req/s)', rps.toFixed(0), (rps / baselineRps).toFixed(2))
} else {
  row('POST /dns/zones/{id}/records', 'not available')
}

const reset = await call(base, 'POST', '/_mock/reset')
if (reset?.status === 200) {
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    await call(base, 'POST', '/_mock/reset')
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  row('POST /_mock/reset round trip (ms, median of 20)', times[10].toFixed(2))
} else {
  row('POST /_mock/reset', 'not available')
}
row('RSS after load (MB)', rssMb(mock.child.pid!).toFixed(1))
mock.child.kill()

const width = Math.max(...rows.map((r) => r[0].length))
process.stdout.write(`${'measure'.padEnd(width)}  ${'value'.padStart(10)}  vs baseline\n`)
for (
  const [name, value, ratio] of rows
) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(10)}  ${ratio}\n`)
process.stdout.write('targets: GET by id >= 0.70 of baseline; cold start < 300 ms; RSS after start < 150 MB\n')
