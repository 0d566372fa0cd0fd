// Authorization matrix: every operation of every served OpenAPI document (the control plane has
// no per-user auth and is skipped) is sent with no credentials, a wrong password, as the read-only
// user and as the admin. Path parameters name objects that exist (fixture ids, or objects the
// admin creates first) so each request reaches its permission check rather than a 404.
// The scoped user (acme@example.com, rights on resource 2 "Acme Corp" subtree only) gets a table
// of concrete inside/outside cases, and no list shows it an object outside its rights.
import t from 'tap'
import type { App } from '../../src/app.js'
import { authAs, basic, buildTestApp, json } from '../helpers/app.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

interface Operation { method: Method, path: string, operationId: string, example: unknown }

/** Every operation of every served document but the control plane's. */
async function operations (app: App): Promise<Operation[]> {
  const found: Operation[] = []
  const index = json<Array<{ name: string }>>(await app.inject({ url: '/dev/openapi' }))
  for (const doc of index) {
    if (doc.name === 'control') continue
    const document = json(await app.inject({ url: `/dev/openapi/${doc.name}.json` }))
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        const content = operation.requestBody?.content?.['application/json']
        found.push({
          method: method.toUpperCase() as Method,
          path,
          operationId: String(operation.operationId),
          example: content?.example ?? content?.schema?.examples?.[0] ??
            (Object.values<any>(content?.examples ?? {})[0])?.value
        })
      }
    }
  }
  return found
}

/**
 * Operations the read-only user may perform although they are not GETs: they read, or they are
 * self-service that ProVision allows any signed-in user.
 */
const readOnlyAllowed: Record<string, string> = {
  // A query is a read sent as POST.
  query_resource: 'POST /resources/query is a search',
  // A user may update their own account (name, password): the matrix patches the caller itself.
  patch_users_id: 'self-service: the matrix patches the read-only user itself',
  // Running a workflow executes its steps as the caller, so each step is checked on its own; the
  // run itself is allowed to any signed-in user.
  run_workflow: 'self-service: steps run with the caller\'s own rights'
}

/** Reads the read-only user may not make, each documented in its family's OpenAPI description. */
const readOnlyRefused: Record<string, string> = {
  // The Scheduler document: "Admin only."
  get_task_types: 'scheduler is admin only',
  get_tasks: 'scheduler is admin only',
  get_task: 'scheduler is admin only',
  get_task_runs: 'scheduler is admin only'
}

interface Fixture {
  workflow: string
  netblockId: string
  taskId: string
  runId: string
  grantId: string
  linkId: string
  pid: string
  userGroupId: string
  spareUserId: string
}

/** Objects the fixtures lack, made by the admin so every path parameter names something real. */
async function prepare (app: App): Promise<Fixture> {
  const admin = authAs('admin')
  const send = async (method: Method, url: string, payload?: unknown): Promise<any> => {
    const res = await app.inject({ method, url, headers: admin, payload: payload as object })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return json(res)
  }
  await send('POST', '/api/v2/acp/workflows', {
    slug: 'matrix-flow', name: 'matrix', steps: [{ name: 'read', method: 'GET', path: '/api/v2/config' }]
  })
  // The run is the read-only user's own (a run is visible to its caller and to admins).
  const runRes = await app.inject({ method: 'POST', url: '/api/v2/acp/workflows/matrix-flow/run', headers: authAs('readonly'), payload: {} })
  if (runRes.statusCode >= 300) throw new Error(`run: ${runRes.statusCode} ${runRes.body}`)
  const run = json(runRes)
  const netblock = await send('GET', '/api/v2/ipam/netblocks/10.1.1.0/24')
  const task = await send('POST', '/api/v2/scheduler/tasks', {
    name: 'matrix task', type: 'process_holding_tank', parameters: {}, schedule: 'daily', start_time: '2030-01-01 02:00:00'
  })
  const group = await send('POST', '/api/v2/usergroups', { name: 'Matrix group' })
  const grant = await send('POST', `/api/v2/usergroups/${String(group.id)}/grants`, { resource_id: 4, area: 'ipam', read: true })
  const spare = await send('POST', '/api/v2/users', { username: 'spare@example.com', password: 'spare-pass', name: 'Spare' })
  await send('POST', `/api/v2/usergroups/${String(group.id)}/users`, { user_id: spare.id })
  const link = await send('POST', '/api/v2/resources/4/links', { resource_id: '3', relation: 'contact', data: {} })
  const push = await send('POST', '/api/v2/dns/zones/310/push')
  return {
    workflow: 'matrix-flow',
    netblockId: String(netblock.id),
    taskId: String(task.id),
    runId: String(run.id ?? run.run_id ?? 1),
    grantId: String(grant.id ?? grant[0]?.id ?? 1),
    linkId: String(link.id ?? link[0]?.id ?? 1),
    pid: String(push.pid ?? 1),
    userGroupId: String(group.id),
    spareUserId: String(spare.id)
  }
}

/** A URL whose path parameters name existing objects; `self` is the user a /users/{id} path names. */
function urlFor (path: string, f: Fixture, self: string): string {
  // {ref} alone is a netblock id; {ref}/{len} its CIDR.
  const values: Record<string, string> = {
    ref: path.includes('{len}') ? '10.1.1.0' : f.netblockId, len: '24', zid: '310', rid: '311', pid: f.pid, workflow: f.workflow,
    sections: '2', categories: '0', attributes: 'city', relations: 'contact', relation: 'contact',
    link_id: f.linkId, attachment_id: '1', action: 'reboot', grant_id: f.grantId, user_id: f.spareUserId
  }
  const ids: Array<[RegExp, string]> = [
    [/^\/api\/v2\/ipam\/(regions|tags|vlan_domains|vlans|lirs|rules)\//, '1'],
    [/^\/api\/v2\/ipam\/aggregates\//, '1'],
    // Only DNS and DHCP resources can be pushed: push a zone, so the permission check is reached.
    [/^\/api\/v2\/resources\/\{id\}\/(push|push_status)/, '310'],
    [/^\/api\/v2\/resources\//, '4'],
    [/^\/api\/v2\/dns\/zones\//, '310'],
    [/^\/api\/v2\/dns\/groups\//, '301'],
    [/^\/api\/v2\/dns\/acls\//, '300'],
    [/^\/api\/v2\/dns\/servers\//, '302'],
    [/^\/api\/v2\/users\//, self],
    [/^\/api\/v2\/usergroups\//, f.userGroupId],
    [/^\/api\/v2\/scheduler\/tasks\//, f.taskId],
    [/^\/api\/v2\/acp\/runs\//, f.runId],
    [/^\/api\/v2\/umbrella\/modules\//, '1']
  ]
  const id = ids.find(([pattern, value]) => value !== '' && pattern.test(path))?.[1] ?? '1'
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => name === 'id' ? id : (values[name] ?? '1'))
}

function payloadOf (op: Operation): string | undefined {
  if (op.method === 'GET' || op.method === 'DELETE') return undefined
  return JSON.stringify(op.example ?? {})
}

t.test('every operation without valid credentials', async (t) => {
  const app = await buildTestApp(t)
  const fixture = await prepare(app)
  const ops = await operations(app)
  t.ok(ops.length > 100, `walked ${ops.length} operations`)
  const cases: Array<[string, Record<string, string>]> = [
    ['no credentials', {}],
    ['a wrong password', { authorization: basic('admin@example.com', 'not-the-password') }],
    ['an unknown user', { authorization: basic('nobody@example.com', 'admin') }]
  ]
  for (const op of ops) {
    const url = urlFor(op.path, fixture, '2')
    for (const [label, headers] of cases) {
      const res = await app.inject({
        method: op.method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: payloadOf(op)
      })
      const where = `${op.method} ${url} with ${label}`
      t.equal(res.statusCode, 401, where)
      t.match(String(res.headers['www-authenticate']), /^Basic realm=/, `${where}: WWW-Authenticate`)
      t.match(res.headers['content-type'], /application\/json/, `${where}: JSON body`)
      t.type(json(res).message, 'string', `${where}: message`)
    }
  }
})

t.test('every operation as the read-only user', async (t) => {
  const app = await buildTestApp(t)
  const fixture = await prepare(app)
  for (const op of await operations(app)) {
    const url = urlFor(op.path, fixture, '2')
    const res = await app.inject({
      method: op.method, url, headers: { ...authAs('readonly'), 'content-type': 'application/json' }, payload: payloadOf(op)
    })
    const where = `${op.method} ${url} (${op.operationId}) as readonly: ${res.statusCode} ${res.body.slice(0, 160)}`
    t.ok(res.statusCode < 500 || res.statusCode === 501, `no 5xx: ${where}`)
    if (op.operationId in readOnlyRefused) {
      t.equal(res.statusCode, 403, `refused: ${where}`)
    } else if (op.method === 'GET' || op.operationId in readOnlyAllowed) {
      t.notOk([401, 403].includes(res.statusCode), `allowed: ${where}`)
    } else {
      t.equal(res.statusCode, 403, `refused: ${where}`)
    }
  }
})

t.test('every operation as the admin', async (t) => {
  const app = await buildTestApp(t)
  const fixture = await prepare(app)
  for (const op of await operations(app)) {
    // The admin acts on the spare user, never on itself (disabling or deleting yourself is refused).
    const url = urlFor(op.path, fixture, fixture.spareUserId)
    const res = await app.inject({
      method: op.method, url, headers: { ...authAs('admin'), 'content-type': 'application/json' }, payload: payloadOf(op)
    })
    const where = `${op.method} ${url} (${op.operationId}) as admin: ${res.statusCode} ${res.body.slice(0, 160)}`
    t.notOk([401, 403].includes(res.statusCode), where)
    t.ok(res.statusCode < 500 || res.statusCode === 501, `no 5xx: ${where}`)
  }
})
