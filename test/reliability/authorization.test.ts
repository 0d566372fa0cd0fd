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
  const runRes = await app.inject({
    method: 'POST',
    url: '/api/v2/acp/workflows/matrix-flow/run',
    headers: authAs('readonly'),
    payload: {}
  })
  if (runRes.statusCode >= 300) throw new Error(`run: ${runRes.statusCode} ${runRes.body}`)
  const run = json(runRes)
  const netblock = await send('GET', '/api/v2/ipam/netblocks/10.1.1.0/24')
  const task = await send('POST', '/api/v2/scheduler/tasks', {
    name: 'matrix task',
    type: 'process_holding_tank',
    parameters: {},
    schedule: 'daily',
    start_time: '2030-01-01 02:00:00'
  })
  const group = await send('POST', '/api/v2/usergroups', { name: 'Matrix group' })
  const grant = await send('POST', `/api/v2/usergroups/${String(group.id)}/grants`, {
    resource_id: 4,
    area: 'ipam',
    read: true
  })
  const spare = await send('POST', '/api/v2/users', {
    username: 'spare@example.com',
    password: 'spare-pass',
    name: 'Spare'
  })
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
    ref: path.includes('{len}') ? '10.1.1.0' : f.netblockId,
    len: '24',
    zid: '310',
    rid: path.startsWith('/api/v2/dhcp/') ? '403' : '311',
    pid: f.pid,
    workflow: f.workflow,
    sections: '2',
    categories: '0',
    attributes: 'city',
    relations: 'contact',
    relation: 'contact',
    link_id: f.linkId,
    attachment_id: '1',
    action: 'reboot',
    grant_id: f.grantId,
    user_id: f.spareUserId
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
    [/^\/api\/v2\/dhcp\/groups\//, '400'],
    [/^\/api\/v2\/dhcp\/servers\//, '401'],
    [/^\/api\/v2\/dhcp\/pools\//, '402'],
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
      method: op.method,
      url,
      headers: { ...authAs('readonly'), 'content-type': 'application/json' },
      payload: payloadOf(op)
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
      method: op.method,
      url,
      headers: { ...authAs('admin'), 'content-type': 'application/json' },
      payload: payloadOf(op)
    })
    const where = `${op.method} ${url} (${op.operationId}) as admin: ${res.statusCode} ${res.body.slice(0, 160)}`
    t.notOk([401, 403].includes(res.statusCode), where)
    t.ok(res.statusCode < 500 || res.statusCode === 501, `no 5xx: ${where}`)
  }
})

// The scoped user's rights cover resource 2 (Acme Corp) and its subtree: 4 and 5 are inside, 3
// (Globex) and 6 (Globex HQ) outside. Fixture netblocks: 10.1.0.0/24 on 2, 10.1.1.0/24 on 4,
// 10.2.0.0/16 on 3, 10.2.5.0/24 on 6. Zones 310 and 320 hang under 2; the outside zone is made by
// the admin under 3.
interface ScopedCase { name: string, method: Method, url: string, body?: unknown, inside: boolean }

const scopedCases: ScopedCase[] = [
  { name: 'read resource 4', method: 'GET', url: '/api/v2/resources/4', inside: true },
  { name: 'read resource 6', method: 'GET', url: '/api/v2/resources/6', inside: false },
  {
    name: 'update resource 4',
    method: 'PATCH',
    url: '/api/v2/resources/4',
    body: { name: 'Acme East renamed' },
    inside: true
  },
  {
    name: 'update resource 6',
    method: 'PATCH',
    url: '/api/v2/resources/6',
    body: { name: 'Globex HQ renamed' },
    inside: false
  },
  {
    name: 'create a child of 4',
    method: 'POST',
    url: '/api/v2/resources',
    body: { name: 'Inside child', type: 'entry', parent_id: '4' },
    inside: true
  },
  {
    name: 'create a child of 6',
    method: 'POST',
    url: '/api/v2/resources',
    body: { name: 'Outside child', type: 'entry', parent_id: '6' },
    inside: false
  },
  { name: 'read the block on 2', method: 'GET', url: '/api/v2/ipam/netblocks/10.1.0.0/24', inside: true },
  { name: 'read the block on 4', method: 'GET', url: '/api/v2/ipam/netblocks/10.1.1.0/24', inside: true },
  { name: 'read the block on 3', method: 'GET', url: '/api/v2/ipam/netblocks/10.2.0.0/16', inside: false },
  { name: 'read the block on 6', method: 'GET', url: '/api/v2/ipam/netblocks/10.2.5.0/24', inside: false },
  {
    name: 'update the block on 4',
    method: 'PATCH',
    url: '/api/v2/ipam/netblocks/10.1.1.0/24',
    body: { description: 'mine' },
    inside: true
  },
  {
    name: 'update the block on 6',
    method: 'PATCH',
    url: '/api/v2/ipam/netblocks/10.2.5.0/24',
    body: { description: 'theirs' },
    inside: false
  },
  {
    name: 'move the block on 4 to 6',
    method: 'PATCH',
    url: '/api/v2/ipam/netblocks/10.1.1.0/24',
    body: { resource_id: 6 },
    inside: false
  },
  {
    name: 'smart assign to 4',
    method: 'PUT',
    url: '/api/v2/ipam/netblocks/smart_assign',
    body: { resource_id: 4, type: 'ipv4', mask: 28 },
    inside: true
  },
  {
    name: 'smart assign to 6',
    method: 'PUT',
    url: '/api/v2/ipam/netblocks/smart_assign',
    body: { resource_id: 6, type: 'ipv4', mask: 28 },
    inside: false
  },
  {
    name: 'smart assign IPv6 to 4',
    method: 'PUT',
    url: '/api/v2/ipam/netblocks/smart_assign',
    body: { resource_id: '4', type: 'ipv6', mask: 64 },
    inside: true
  },
  {
    name: 'unassign the block on 6',
    method: 'PUT',
    url: '/api/v2/ipam/netblocks/10.2.5.0/24/unassign',
    body: {},
    inside: false
  },
  { name: 'delete the block on 3', method: 'DELETE', url: '/api/v2/ipam/netblocks/10.2.0.0/16', inside: false },
  { name: 'read zone 310 (under 2)', method: 'GET', url: '/api/v2/dns/zones/310', inside: true },
  { name: 'read the zone under 3', method: 'GET', url: '/api/v2/dns/zones/{outsideZone}', inside: false },
  { name: 'read the records of 310', method: 'GET', url: '/api/v2/dns/zones/310/records', inside: true },
  {
    name: 'read the records of the zone under 3',
    method: 'GET',
    url: '/api/v2/dns/zones/{outsideZone}/records',
    inside: false
  },
  {
    name: 'add a record to 310',
    method: 'POST',
    url: '/api/v2/dns/zones/310/records',
    body: { record_type: 'A', record_host: 'in.example.com.', record_value: '192.0.2.7' },
    inside: true
  },
  {
    name: 'add a record to the zone under 3',
    method: 'POST',
    url: '/api/v2/dns/zones/{outsideZone}/records',
    body: { record_type: 'A', record_host: 'out.globex.test.', record_value: '192.0.2.8' },
    inside: false
  },
  {
    name: 'update a record of the zone under 3',
    method: 'PATCH',
    url: '/api/v2/dns/zones/{outsideZone}/records/{outsideRecord}',
    body: { record_value: '192.0.2.9' },
    inside: false
  },
  {
    name: 'delete a record of the zone under 3',
    method: 'DELETE',
    url: '/api/v2/dns/zones/{outsideZone}/records/{outsideRecord}',
    inside: false
  },
  {
    name: 'create a zone under 4',
    method: 'POST',
    url: '/api/v2/dns/zones/forward',
    body: { name: 'inside.test.', parent_id: 4 },
    inside: true
  },
  {
    name: 'create a zone under 6',
    method: 'POST',
    url: '/api/v2/dns/zones/forward',
    body: { name: 'outside.test.', parent_id: 6 },
    inside: false
  },
  {
    name: 'move zone 320 under 3',
    method: 'PATCH',
    url: '/api/v2/dns/zones/320',
    body: { parent_id: 3 },
    inside: false
  },
  { name: 'delete the zone under 3', method: 'DELETE', url: '/api/v2/dns/zones/{outsideZone}', inside: false }
]

t.test('the scoped user inside and outside its subtree', async (t) => {
  const app = await buildTestApp(t)
  const admin = { ...authAs('admin'), 'content-type': 'application/json' }
  const zone = json(
    await app.inject({
      method: 'POST',
      url: '/api/v2/dns/zones/forward',
      headers: admin,
      payload: { name: 'globex.test.', parent_id: 3 }
    })
  )
  const record = json(await app.inject({
    method: 'POST',
    url: `/api/v2/dns/zones/${String(zone.id)}/records`,
    headers: admin,
    payload: { record_type: 'A', record_host: 'www.globex.test.', record_value: '192.0.2.80' }
  }))
  t.type(zone.id, 'string')
  t.type(record.id, 'string')
  for (const c of scopedCases) {
    const url = c.url.replace('{outsideZone}', String(zone.id)).replace('{outsideRecord}', String(record.id))
    const res = await app.inject({
      method: c.method,
      url,
      headers: { ...authAs('scoped'), 'content-type': 'application/json' },
      payload: c.body === undefined ? undefined : JSON.stringify(c.body)
    })
    const where = `${c.name}: ${c.method} ${url} ${res.statusCode} ${res.body.slice(0, 160)}`
    if (c.inside) t.ok(res.statusCode >= 200 && res.statusCode < 300, where)
    else t.equal(res.statusCode, 403, where)
  }
  // The outside objects are untouched.
  t.equal(json(await app.inject({ url: '/api/v2/resources/6', headers: admin })).name, 'Globex HQ')
  t.equal(json(await app.inject({ url: '/api/v2/ipam/netblocks/10.2.5.0/24', headers: admin })).resource_id, 6)
  t.equal(json(await app.inject({ url: `/api/v2/dns/zones/${String(zone.id)}/records`, headers: admin })).length, 1)
})

t.test('lists show the scoped user nothing outside its rights', async (t) => {
  const app = await buildTestApp(t)
  const admin = { ...authAs('admin'), 'content-type': 'application/json' }
  const scoped = authAs('scoped')
  // Objects outside the subtree that the lists must hide.
  await app.inject({
    method: 'POST',
    url: '/api/v2/dns/zones/forward',
    headers: admin,
    payload: { name: 'globex.test.', parent_id: 3 }
  })
  await app.inject({
    method: 'PUT',
    url: '/api/v2/ipam/netblocks/smart_assign',
    headers: admin,
    payload: { resource_id: 6, type: 'ipv4', mask: 28 }
  })

  // The subtree of 2, from the admin's full list.
  const all = json<Array<{ id: string, parent_id: string }>>(
    await app.inject({ url: '/api/v2/resources?limit=10000', headers: admin })
  )
  const parent = new Map(all.map((r) => [r.id, r.parent_id]))
  const inside = (id: string | number | null | undefined): boolean => {
    let at = id === null || id === undefined ? undefined : String(id)
    for (let hops = 0; at !== undefined && hops < 1000; hops++) {
      if (at === '2') return true
      at = parent.get(at)
    }
    return false
  }
  t.ok(all.some((r) => !inside(r.id)), 'the admin sees resources outside the subtree')

  const resources = json<Array<{ id: string }>>(
    await app.inject({ url: '/api/v2/resources?limit=10000', headers: scoped })
  )
  t.ok(resources.length > 0, 'the scoped user sees its resources')
  t.same(resources.filter((r) => !inside(r.id)).map((r) => r.id), [], 'GET /resources: nothing outside')

  const blocks = json<Array<{ cidr: string, resource_id: string | number | null }>>(
    await app.inject({ url: '/api/v2/ipam/netblocks?limit=10000', headers: scoped }))
  t.ok(blocks.length > 0, 'the scoped user sees its netblocks')
  t.same(blocks.filter((b) => !inside(b.resource_id)).map((b) => b.cidr), [], 'GET /ipam/netblocks: nothing outside')

  const zones = json<Array<{ name: string, parent_id: string }>>(
    await app.inject({ url: '/api/v2/dns/zones', headers: scoped })
  )
  t.ok(zones.length > 0, 'the scoped user sees its zones')
  t.same(zones.filter((z) => !inside(z.parent_id)).map((z) => z.name), [], 'GET /dns/zones: nothing outside')

  // Umbrella blocks belong to modules; module 2 hangs under resource 2, module 1 under the TLR.
  const modules = json<Array<{ id: string, parent_id: string }>>(
    await app.inject({ url: '/api/v2/umbrella/modules', headers: admin })
  )
  const moduleParent = new Map(modules.map((m) => [String(m.id), String(m.parent_id)]))
  const umbrella = json<Array<{ id: string, module_id: string }>>(
    await app.inject({ url: '/api/v2/umbrella/netblocks', headers: scoped })
  )
  t.ok(umbrella.length > 0, 'the scoped user sees its Umbrella blocks')
  t.same(
    umbrella.filter((b) => !inside(moduleParent.get(String(b.module_id)))).map((b) => b.id),
    [],
    'GET /umbrella/netblocks: nothing outside'
  )
  const umbrellaModules = json<Array<{ id: string, parent_id: string }>>(
    await app.inject({ url: '/api/v2/umbrella/modules', headers: scoped })
  )
  t.same(
    umbrellaModules.filter((m) => !inside(m.parent_id)).map((m) => m.id),
    [],
    'GET /umbrella/modules: nothing outside'
  )
})

t.test('credentials follow the account and stay in their instance', async (t) => {
  const app = await buildTestApp(t)
  const admin = { ...authAs('admin'), 'content-type': 'application/json' }
  const readonly = { ...authAs('readonly'), 'content-type': 'application/json' }

  t.test('self-service cannot raise the caller\'s own rights', async (t) => {
    const enable = await app.inject({
      method: 'PATCH',
      url: '/api/v2/users/2',
      headers: readonly,
      payload: { enabled: true }
    })
    t.equal(enable.statusCode, 403)
    const rename = await app.inject({
      method: 'PATCH',
      url: '/api/v2/users/2',
      headers: readonly,
      payload: { username: 'admin2@example.com' }
    })
    t.equal(rename.statusCode, 403)
    const join = await app.inject({
      method: 'POST',
      url: '/api/v2/usergroups/1/users',
      headers: readonly,
      payload: { user_id: 2 }
    })
    t.equal(join.statusCode, 403)
    const grant = await app.inject({
      method: 'POST', url: '/api/v2/usergroups/2/grants', headers: readonly, payload: { resource_id: 1, area: 'admin' }
    })
    t.equal(grant.statusCode, 403)
    const config = await app.inject({
      method: 'PATCH',
      url: '/api/v2/config',
      headers: readonly,
      payload: { auto_merge_limits: '10' }
    })
    t.equal(config.statusCode, 403)
  })

  t.test('a changed password takes effect on the next request', async (t) => {
    t.equal((await app.inject({ url: '/api/v2/users/2', headers: readonly })).statusCode, 200)
    const change = await app.inject({
      method: 'PATCH',
      url: '/api/v2/users/2',
      headers: readonly,
      payload: { password: 'new-secret-1' }
    })
    t.equal(change.statusCode, 200)
    t.equal((await app.inject({ url: '/api/v2/users/2', headers: readonly })).statusCode, 401)
    t.equal(
      (
        await app.inject({
          url: '/api/v2/users/2',
          headers: { authorization: basic('readonly@example.com', 'new-secret-1') }
        })
      ).statusCode,
      200
    )
  })

  t.test('a disabled user is refused at once', async (t) => {
    t.equal((await app.inject({ url: '/api/v2/resources/4', headers: authAs('scoped') })).statusCode, 200)
    t.equal((await app.inject({ method: 'PUT', url: '/api/v2/users/3/disable', headers: admin })).statusCode, 200)
    const res = await app.inject({ url: '/api/v2/resources/4', headers: authAs('scoped') })
    t.equal(res.statusCode, 401)
    t.type(res.headers['www-authenticate'], 'string')
  })

  t.test('a user made in one instance does not exist in another', async (t) => {
    const made = await app.inject({
      method: 'POST',
      url: '/iso-a/api/v2/users',
      headers: admin,
      payload: { username: 'only-a@example.com', password: 'only-a-pass' }
    })
    t.equal(made.statusCode, 201)
    const mine = { authorization: basic('only-a@example.com', 'only-a-pass') }
    t.equal((await app.inject({ url: '/iso-a/api/v2/users', headers: mine })).statusCode, 200)
    t.equal((await app.inject({ url: '/iso-b/api/v2/users', headers: mine })).statusCode, 401)
    t.equal((await app.inject({ url: '/api/v2/users', headers: mine })).statusCode, 401)
  })
})
