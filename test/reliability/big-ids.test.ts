// Ids past 2^53 - 1 (Number.MAX_SAFE_INTEGER) cannot be held exactly by JavaScript, so every family
// must refuse them the same way: a 400 naming the field, echoing the digits exactly as sent (never a
// rounded number). The largest safe id is well formed and reaches the store (a "not found").
import t from 'tap'
import { authAs, buildTestApp, json } from '../helpers/app.js'

const tooBig = ['9223372036854775807', '99999999999999999999', '9007199254740992']
const maxSafe = '9007199254740991'

interface Operation {
  name: string
  method: 'GET' | 'POST' | 'PUT'
  /** The path with `ID` where the id goes. */
  url: string
  /** The field the error names. */
  field: string
  /** What the largest safe id answers (200: an empty list). */
  safeStatus: number
  /** A body with "ID" where the id goes (sent quoted, and unquoted as a JSON number). */
  body?: Record<string, unknown>
}

const get = (name: string, url: string, field: string, safeStatus: number): Operation =>
  ({ name, method: 'GET', url, field, safeStatus })

const pathOperations: Operation[] = [
  get('resources: get', '/api/v2/resources/ID', 'params.id', 404),
  get('resources: children (integer id)', '/api/v2/resources/ID/children', 'params.id', 404),
  get('resources: list by id', '/api/v2/resources?id=ID', 'querystring.id', 200),
  get('ipam: netblock', '/api/v2/ipam/netblocks/ID', 'params.ref', 404),
  get('ipam: aggregate', '/api/v2/ipam/aggregates/ID', 'params.id', 404),
  get('ipam: catalog', '/api/v2/ipam/regions/ID', 'params.id', 404),
  get('ipam: list filter', '/api/v2/ipam/netblocks?resource_id=ID', 'resource_id', 200),
  get('dns: zone', '/api/v2/dns/zones/ID', 'params.id', 404),
  get('dns: zones by group', '/api/v2/dns/zones?group_id=ID', 'querystring.group_id', 200),
  get('dhcp: server', '/api/v2/dhcp/servers/ID', 'params.id', 404),
  get('users: user', '/api/v2/users/ID', 'params.id', 404),
  get('users: list by id', '/api/v2/users?id=ID', 'querystring.id', 200),
  get('usergroups: group', '/api/v2/usergroups/ID', 'params.id', 404),
  get('scheduler: task', '/api/v2/scheduler/tasks/ID', 'params.id', 404),
  get('acp: run', '/api/v2/acp/runs/ID', 'params.id', 404),
  get('acp: workflow by id', '/api/v2/acp/workflows/ID', 'params.workflow', 404),
  get('umbrella: module links', '/api/v2/umbrella/modules/ID/links', 'params.id', 404),
  get('umbrella: netblocks by module', '/api/v2/umbrella/netblocks?module_id=ID', 'querystring.module_id', 200)
]

const task = { name: 'big', type: 'process_holding_tank', schedule: 'daily', start_time: '2030-01-01 02:00:00' }
const steps = [{ name: 'a', method: 'GET', path: '/api/v2/config' }]

const send = (name: string, method: 'POST' | 'PUT', url: string, field: string, safeStatus: number,
  body: Record<string, unknown>): Operation => ({ name, method, url, field, safeStatus, body })

const bodyOperations: Operation[] = [
  send('resources: create under a parent', 'POST', '/api/v2/resources', 'body.parent_id', 422,
    { name: 'big', type: 'entry', parent_id: 'ID' }),
  send('ipam: smart assign', 'PUT', '/api/v2/ipam/netblocks/smart_assign', 'body.resource_id', 404,
    { resource_id: 'ID', type: 'ipv4', mask: 28 }),
  send('ipam: direct assign', 'PUT', '/api/v2/ipam/netblocks/10.1.2.0/24/direct_assign', 'body.resource_id', 404,
    { resource_id: 'ID' }),
  send('dns: forward zone under a parent', 'POST', '/api/v2/dns/zones/forward', 'body.parent_id', 422,
    { name: 'big.example.com', parent_id: 'ID' }),
  send('dhcp: server under a parent', 'POST', '/api/v2/dhcp/servers', 'body.parent_id', 404,
    { name: 'big', parent_id: 'ID' }),
  send('users: create in a group', 'POST', '/api/v2/users', 'body.groups.0', 422,
    { username: 'big@example.com', password: 'big', groups: ['ID'] }),
  send('usergroups: add a member', 'POST', '/api/v2/usergroups/1/users', 'body.user_id', 422, { user_id: 'ID' }),
  send('scheduler: task owned by a user', 'POST', '/api/v2/scheduler/tasks', 'body.owner_id', 422,
    { ...task, owner_id: 'ID' }),
  send('acp: workflow owned by a user', 'POST', '/api/v2/acp/workflows', 'body.owner_id', 422,
    { slug: 'big', name: 'big', steps, owner_id: 'ID' })
]

interface Request { method: Operation['method'], url: string, headers: Record<string, string>, payload?: string }

/** The request for one operation and id; `quoted` false sends a body id as a bare JSON number. */
function request (op: Operation, id: string, quoted = true): Request {
  const headers: Record<string, string> = authAs('admin')
  const url = op.url.replace('ID', id)
  if (op.body === undefined) return { method: op.method, url, headers }
  headers['content-type'] = 'application/json'
  const payload = JSON.stringify(op.body).replace('"ID"', quoted ? JSON.stringify(id) : id)
  return { method: op.method, url, headers, payload }
}

t.test('ids past 2^53 - 1', async (t) => {
  const app = await buildTestApp(t)

  for (const op of [...pathOperations, ...bodyOperations]) {
    const forms = op.body === undefined ? [true] : [true, false]
    for (const quoted of forms) {
      for (const id of tooBig) {
        const sent = quoted ? id : `${id} (a JSON number)`
        t.test(`${op.method} ${op.url} (${op.name}): ${sent} is a 400 naming ${op.field}`, async (t) => {
          const response = await app.inject(request(op, id, quoted))
          const body = json(response)
          t.equal(response.statusCode, 400, body.message)
          t.match(response.headers['content-type'], /application\/json/)
          t.equal(body.code, 'BAD_REQUEST')
          t.equal(body.field, op.field)
          t.type(body.message, 'string')
          t.ok(body.message.includes(id), `message echoes ${id}: ${body.message}`)
          const rounded = String(Number(id))
          if (rounded !== id) t.notOk(body.message.includes(rounded), 'never the rounded number')
        })
      }
    }
  }
})

t.test('the largest safe id is well formed', async (t) => {
  const app = await buildTestApp(t)

  for (const op of [...pathOperations, ...bodyOperations]) {
    const forms = op.body === undefined ? [true] : [true, false]
    for (const quoted of forms) {
      t.test(`${op.method} ${op.url} (${op.name}): ${maxSafe}${quoted ? '' : ' as a number'}`, async (t) => {
        const response = await app.inject(request(op, maxSafe, quoted))
        const body = json(response)
        t.equal(response.statusCode, op.safeStatus, response.body)
        if (op.safeStatus === 200) {
          t.same(body, [])
        } else {
          t.type(body.message, 'string')
          t.ok(body.message.includes(maxSafe), `message names ${maxSafe}: ${body.message}`)
        }
      })
    }
  }
})

t.test('ids keep their other meanings', async (t) => {
  const app = await buildTestApp(t)
  const headers = { ...authAs('admin'), 'content-type': 'application/json' }

  t.test('a path id of 0 is well formed, and not found', async (t) => {
    const response = await app.inject({ url: '/api/v2/resources/0', headers })
    t.equal(response.statusCode, 404)
    t.equal(json(response).message, 'resource 0 not found')
  })

  t.test('a body id of "" is not given', async (t) => {
    const payload = JSON.stringify({ name: 'unparented.example.com', parent_id: '' })
    const response = await app.inject({ method: 'POST', url: '/api/v2/dns/zones/forward', headers, payload })
    t.equal(response.statusCode, 200, response.body)
    t.equal(json(response).parent_id, '1')
  })

  t.test('other text is a 400 quoting it, by the same rule', async (t) => {
    for (const id of ['abc', '-1', '1.5', '00000000000000001']) {
      const payload = JSON.stringify({ name: 'odd.example.com', parent_id: id })
      const response = await app.inject({ method: 'POST', url: '/api/v2/dns/zones/forward', headers, payload })
      t.equal(response.statusCode, 400, id)
      t.same(json(response), {
        message: `body.parent_id ${JSON.stringify(id)} must be a whole number from 0 to 9007199254740991`,
        code: 'BAD_REQUEST',
        field: 'body.parent_id'
      })
    }
  })

  t.test('control-plane fault ids are names, not numbers: quoted exactly in the 404', async (t) => {
    const response = await app.inject({ url: '/_mock/instances/default/faults/f9223372036854775807' })
    t.equal(response.statusCode, 404)
    t.match(json(response).message, 'f9223372036854775807')
  })
})
