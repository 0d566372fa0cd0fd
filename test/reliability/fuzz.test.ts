// Schema-driven fuzzing: every operation of every served OpenAPI document receives generated
// invalid input. No response may be a 5xx, every error must be JSON with a message, and the
// instance's invariants must hold afterwards. Seeded: FUZZ_SEED reproduces a run; FUZZ_CASES sets
// the cases per operation (a small fixed budget by default, larger by hand).
import t from 'tap'
import { authAs, buildTestApp, json } from '../helpers/app.js'
import { violations } from '../helpers/invariants.js'

const seed = Number(process.env.FUZZ_SEED ?? 20261203)
const casesPerOperation = Number(process.env.FUZZ_CASES ?? 6)

function mulberry32 (state: number): () => number {
  return () => {
    state = (state + 0x6D2B79F5) | 0
    let x = Math.imul(state ^ (state >>> 15), 1 | state)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const nastyStrings = [
  '', ' ', '0', '-1', '99999999999999999999999', '1e309', 'NaN', 'null', 'true', 'abc',
  "1' OR '1'='1", '"; DROP TABLE resources; --', '../../../etc/passwd', '%00', '\u0000', 'ü😀𝔘',
  '\u202e\u202d', 'a'.repeat(5000), '10.0.0.0/33', '10.0.0.256/24', '::ffff:1.2.3.4/129', '1.2.3',
  '2001:db8::/-1', 'example..com.', '-bad-.example.com', '*.*.', '<script>alert(1)</script>', '{{input.x}}'
]
const nastyNumbers = [-1, 0, 2 ** 53, -(2 ** 63), 1e308, 0.5, 4294967296]
const nastyValues: unknown[] = [
  null, true, false, [], {}, [[[[[[[[[[1]]]]]]]]]], { a: { b: { c: { d: { e: {} } } } } },
  ...nastyNumbers, ...nastyStrings
]

type Random = () => number
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]

function nested (depth: number): unknown {
  let value: unknown = 'x'
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

interface Case { url: string, headers: Record<string, string>, payload?: string }

/** One invalid request for an operation. */
function makeCase (random: Random, path: string, operation: any, example: unknown): Case {
  const params = (operation.parameters ?? []) as Array<{ name: string, in: string }>
  const url = path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(String(pick(random, nastyValues.filter((v) =>
    typeof v === 'string' || typeof v === 'number')) ?? 'x')) || 'x')
  const query = params.filter((p) => p.in === 'query')
    .filter(() => random() < 0.5)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(pick(random, nastyValues)))}`)
  const headers: Record<string, string> = { ...authAs('admin') }
  const full = query.length > 0 ? `${url}?${query.join('&')}` : url
  if (operation.requestBody === undefined) return { url: full, headers }

  const base = (example !== null && typeof example === 'object' && !Array.isArray(example)) ? example as object : {}
  const choice = Math.floor(random() * 9)
  let payload: string
  headers['content-type'] = 'application/json'
  switch (choice) {
    case 0: { // every field a wrong type
      const body: Record<string, unknown> = {}
      for (const key of Object.keys(base)) body[key] = pick(random, nastyValues)
      payload = JSON.stringify(body)
      break
    }
    case 1: { // one field wrong
      const keys = Object.keys(base)
      const body: Record<string, unknown> = { ...base }
      if (keys.length > 0) body[pick(random, keys)] = pick(random, nastyValues)
      payload = JSON.stringify(body)
      break
    }
    case 2: { // one field missing, one unknown extra
      const body: Record<string, unknown> = { ...base }
      const keys = Object.keys(base)
      if (keys.length > 0) delete body[pick(random, keys)]
      body['no_such_field_' + Math.floor(random() * 100)] = pick(random, nastyValues)
      payload = JSON.stringify(body)
      break
    }
    case 3: payload = JSON.stringify(pick(random, [null, [], 42, 'text', true, [base]])); break
    case 4: payload = pick(random, ['{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\u0000', '{"a":"\\ud800"}']); break
    case 5: payload = JSON.stringify(nested(200 + Math.floor(random() * 800))); break
    case 6: {
      headers['content-type'] = pick(random, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])
      payload = 'a=1&b=2'
      break
    }
    case 7: { // huge strings everywhere
      const body: Record<string, unknown> = {}
      for (const key of Object.keys(base)) body[key] = 'z'.repeat(20000)
      payload = JSON.stringify(body)
      break
    }
    default: { // plausible body with nasty strings
      const body: Record<string, unknown> = {}
      for (const key of Object.keys(base)) body[key] = pick(random, nastyStrings)
      payload = JSON.stringify(body)
    }
  }
  return { url: full, headers, payload }
}

t.test('fuzzing every operation', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_MAX_INSTANCES: '10000' })
  const random = mulberry32(seed)
  const index = json<Array<{ name: string }>>(await app.inject({ url: '/dev/openapi' }))
  let operations = 0
  let sent = 0

  for (const doc of index) {
    const document = json(await app.inject({ url: `/dev/openapi/${doc.name}.json` }))
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        operations++
        const instance = `fuzz-${operations}`
        const prefix = path.startsWith('/_mock') ? '' : `/${instance}`
        const example = operation.requestBody?.content?.['application/json']?.schema?.examples?.[0]
        for (let i = 0; i < casesPerOperation; i++) {
          const request = makeCase(random, path, operation, example)
          // The control plane acts on the whole server (reset, delete instances): fuzz it only with
          // reads and with its instance-scoped forms pointed at a throwaway instance.
          if (path.startsWith('/_mock') && method !== 'get' && !path.includes('{name}')) continue
          const url = path.startsWith('/_mock')
            ? request.url.replace(/\/_mock\/instances\/[^/]+/, `/_mock/instances/${instance}`)
            : prefix + request.url
          const res = await app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            headers: request.headers,
            payload: request.payload
          })
          sent++
          const where = `seed ${seed} ${method.toUpperCase()} ${url.slice(0, 200)} ` +
            `body ${String(request.payload).slice(0, 200)}`
          if (res.statusCode >= 500 && res.statusCode !== 501 && res.statusCode !== 503) {
            t.fail(`5xx: ${res.statusCode} ${res.body.slice(0, 200)} for ${where}`)
          }
          if (res.statusCode >= 400) {
            let body: any
            try { body = JSON.parse(res.body) } catch { body = undefined }
            if (
              typeof body?.message !== 'string'
            ) t.fail(`error without a JSON message: ${res.statusCode} for ${where}`)
          }
        }
        const found = app.instances.find(instance)
        if (found !== undefined) {
          t.same(violations(found.db), [], `invariants hold after fuzzing ${method.toUpperCase()} ${path}`)
          app.instances.delete(instance)
        }
      }
    }
  }
  t.ok(operations > 0, `fuzzed ${operations} operations with ${sent} requests (seed ${seed})`)
})
