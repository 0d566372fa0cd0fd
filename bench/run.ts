// npm run bench: throughput of provision-mock's common calls over real HTTP on loopback, each
// printed with its ratio to a bare Fastify + Basic auth + better-sqlite3 baseline measured in the
// same run; cold start to first 200, reset time and RSS. Prints a table; asserts nothing.
// BENCH_SECONDS sets each measurement's length (default 5). GET by id, the baseline and the floor
// are measured BENCH_ROUNDS times in turn (default 3) and the medians printed, so a machine whose
// speed drifts moves all three alike; beside each req/s is the server's own CPU per request.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
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

/** User plus system CPU the process has used, in clock ticks (1/100 s on Linux). */
function cpuTicks (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return Number(fields[11]) + Number(fields[12])
}

interface Measured {
  rps: number
  /** The server's CPU per request, in microseconds. */
  cpuUs: number
}

async function measure (
  url: string, pid: number, options: { method?: string, body?: () => string } = {}
): Promise<Measured> {
  const ticks = cpuTicks(pid)
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
  return { rps: result.requests.average, cpuUs: (cpuTicks(pid) - ticks) * 10_000 / Math.max(1, result.requests.total) }
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function call (base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return res.status === 204 ? null : { status: res.status, body: await res.json().catch(() => null) }
}

const rows: Array<[string, string, string, string]> = []
const row = (name: string, value: string, ratio = '', cpu = ''): void => { rows.push([name, value, ratio, cpu]) }

// Cold start of the built server to its first authenticated 200, before anything else runs.
const coldStarts: number[] = []
for (let i = 0; i < 3; i++) {
  const server = await start(['dist/src/server.js', '--port', '0', '--log-level', 'info'])
  const url = `http://127.0.0.1:${server.port}/api/v2/config`
  for (;;) {
    const res = await fetch(url, { headers: { authorization: auth } }).catch(() => null)
    if (res?.status === 200) break
  }
  coldStarts.push(performance.now() - server.startedMs)
  server.child.kill()
}

const baseline = await start(['--import', 'tsx', 'bench/baseline-server.ts', '0'])
// The same server plus @fastify/cors and a pino line per request, written as the mock writes
// them: the most any server with those two, which the issues require, could reach.
const floor = await start(['--import', 'tsx', 'bench/baseline-server.ts', '0', 'floor'])
const mock = await start(['dist/src/server.js', '--port', '0', '--log-level', 'info'])
const base = `http://127.0.0.1:${mock.port}`
const rssAfterStart = rssMb(mock.child.pid!)

// The three in turn, round after round: the ratios are taken within a round.
const contenders = [
  { name: 'baseline', url: `http://127.0.0.1:${baseline.port}/items/2`, pid: baseline.child.pid! },
  { name: 'floor', url: `http://127.0.0.1:${floor.port}/items/2`, pid: floor.child.pid! },
  { name: 'mock', url: `${base}/api/v2/resources/2`, pid: mock.child.pid! }
]
const results = new Map<string, Measured[]>(contenders.map(({ name }) => [name, []]))
for (let round = 0; round < rounds; round++) {
  for (const { name, url, pid } of contenders) results.get(name)!.push(await measure(url, pid))
}
baseline.child.kill()
floor.child.kill()
const medianOf = (name: string, pick: (m: Measured) => number): number => median(results.get(name)!.map(pick))
const pairedRatio = (name: string): number =>
  median(results.get(name)!.map((m, i) => m.rps / results.get('baseline')![i].rps))
const baselineRps = medianOf('baseline', (m) => m.rps)
const cpu = (value: number): string => value.toFixed(1)

row(`baseline: bare Fastify + Basic auth + one SQLite row (req/s, median of ${rounds})`, baselineRps.toFixed(0),
  '1.00', cpu(medianOf('baseline', (m) => m.cpuUs)))
row('  same + @fastify/cors + a pino line per request (req/s)', medianOf('floor', (m) => m.rps).toFixed(0),
  pairedRatio('floor').toFixed(2), cpu(medianOf('floor', (m) => m.cpuUs)))
row('GET /resources/{id} (req/s)', medianOf('mock', (m) => m.rps).toFixed(0), pairedRatio('mock').toFixed(2),
  cpu(medianOf('mock', (m) => m.cpuUs)))
row('cold start to first 200 (ms, median of 3)', median(coldStarts).toFixed(0))
row('RSS after start (MB)', rssAfterStart.toFixed(1))

/** One measurement of the mock, printed against the baseline's median. */
async function single (name: string, path: string, options?: Parameters<typeof measure>[2]): Promise<void> {
  const m = await measure(base + path, mock.child.pid!, options)
  row(name, m.rps.toFixed(0), (m.rps / baselineRps).toFixed(2), cpu(m.cpuUs))
}

for (
  let i = 0; i < 100; i++
) await call(base, 'POST', '/api/v2/resources', { name: `bench ${i}`, type: 'entry', parent_id: 3 })
await single('GET /resources 100-item list (req/s)', '/api/v2/resources?parent_id=3&limit=100')

const netblocks = await call(base, 'GET', '/api/v2/ipam/netblocks?limit=1')
if (netblocks?.status === 200 && Array.isArray(netblocks.body) && netblocks.body.length > 0) {
  await single('GET /ipam/netblocks/{id} (req/s)', `/api/v2/ipam/netblocks/${netblocks.body[0].id}`)
  await single('PUT /ipam/netblocks/smart_assign IPv6 /64 (req/s)', '/api/v2/ipam/netblocks/smart_assign', {
    method: 'PUT', body: () => JSON.stringify({ resource_id: '2', type: 'ipv6', rir: 'ARIN', mask: 64 })
  })
} else {
  row('GET /ipam/netblocks/{id}', 'not available')
}

const zones = await call(base, 'GET', '/api/v2/dns/zones?limit=1')
if (zones?.status === 200 && Array.isArray(zones.body) && zones.body.length > 0) {
  const zone = zones.body[0]
  let n = 0
  await single('POST /dns/zones/{id}/records (req/s)', `/api/v2/dns/zones/${zone.id}/records`, {
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
process.stdout.write(`${'measure'.padEnd(width)}  ${'value'.padStart(10)}  vs baseline  server CPU µs/request\n`)
for (const [name, value, ratio, cpuUs] of rows) {
  process.stdout.write(`${name.padEnd(width)}  ${value.padStart(10)}  ${ratio.padEnd(11)}  ${cpuUs}\n`)
}
process.stdout.write('targets: GET by id >= 0.70 of baseline; cold start < 300 ms; RSS after start < 150 MB\n')
