import t from 'tap'
import { authAs, basic, buildTestApp, json } from '../helpers/app.js'

t.test('GET /api/v2/config authentication', async (t) => {
  const app = await buildTestApp(t)
  const get = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v2/config', headers })

  const refused = async (t: any, headers: Record<string, string>) => {
    const res = await get(headers)
    t.equal(res.statusCode, 401)
    t.match(res.headers['www-authenticate'], /^Basic realm="ProVision"/)
    t.match(res.headers['content-type'], /^application\/json/)
    const message = headers.authorization === undefined ? 'HTTP Basic credentials are required' : 'Invalid credentials'
    t.same(json(res), { message, code: 'INVALID_CREDENTIALS' })
  }

  t.test('no header is a 401 with a Basic challenge saying credentials are needed', async (t) => refused(t, {}))
  t.test('a header that is not Basic is a 401', async (t) => refused(t, { authorization: 'Bearer abc' }))
  t.test('bad base64 is a 401', async (t) => refused(t, { authorization: 'Basic %%%not-base64%%%' }))
  t.test('credentials without a colon are a 401', async (t) => {
    await refused(t, { authorization: 'Basic ' + Buffer.from('admin@example.com').toString('base64') })
  })
  t.test('a wrong password is a 401', async (t) => refused(t, { authorization: basic('admin@example.com', 'nope') }))
  t.test('an unknown user is a 401', async (t) => refused(t, { authorization: basic('ghost@example.com', 'admin') }))

  t.test('the right password is a 200, and so is the cached second request', async (t) => {
    t.equal((await get(authAs('admin'))).statusCode, 200)
    t.equal((await get(authAs('admin'))).statusCode, 200)
    t.equal((await get({ authorization: basic('admin@example.com', 'admin2') })).statusCode, 401,
      'a cached success does not let another password through')
  })

  t.test('a disabled user is refused on the next request', async (t) => {
    const db = app.instances.get('default').db
    t.equal((await get(authAs('scoped'))).statusCode, 200)
    db.prepare('UPDATE users SET enabled = 0 WHERE username = ?').run('acme@example.com')
    t.equal((await get(authAs('scoped'))).statusCode, 401)
    db.prepare('UPDATE users SET enabled = 1 WHERE username = ?').run('acme@example.com')
  })

  t.test('credentials are checked per instance', async (t) => {
    const other = app.instances.get('other-team').db
    other.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run('scrypt$1$1$1$x$y', 'admin@example.com')
    t.equal((await app.inject({ url: '/other-team/api/v2/config', headers: authAs('admin') })).statusCode, 401)
    t.equal((await get(authAs('admin'))).statusCode, 200)
  })

  t.test('control and docs routes need no credentials', async (t) => {
    t.equal((await app.inject({ url: '/_mock/health' })).statusCode, 200)
    t.equal((await app.inject({ url: '/dev/openapi' })).statusCode, 200)
  })

  t.test('a CORS preflight is answered without credentials', async (t) => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v2/config',
      headers: { origin: 'http://tool.example', 'access-control-request-method': 'PATCH' }
    })
    t.equal(res.statusCode, 204)
    t.equal(res.headers['access-control-allow-origin'], 'http://tool.example')
    const bare = await app.inject({ method: 'OPTIONS', url: '/api/v2/config' })
    t.equal(bare.statusCode, 204, 'an OPTIONS without Origin is no error either')
    t.equal(bare.body, '')
  })
})

t.test('remembered credentials and rights follow every identity change', async (t) => {
  const app = await buildTestApp(t)
  const admin = authAs('admin')
  const probe = { authorization: basic('probe@example.com', 'probe-pass') }
  const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>,
    payload?: object) => await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })

  const entry = async (name: string) =>
    json(await send('POST', '/api/v2/resources', admin, { name, type: 'entry', parent_id: 1 }))
  const resource = await entry('probe target')
  const group = json(await send('POST', '/api/v2/usergroups', admin, { name: 'Probe group' }))
  const user = json(await send('POST', '/api/v2/users', admin, {
    username: 'probe@example.com', password: 'probe-pass', groups: [group.id]
  }))
  const grant = await send('POST', `/api/v2/usergroups/${group.id as string}/grants`, admin,
    { resource_id: resource.id, area: 'resource', read: true })
  t.equal(grant.statusCode, 201)

  t.test('a grant removed by a resource delete\'s cascade is gone on the next request', async (t) => {
    t.equal((await send('GET', `/api/v2/resources/${resource.id as string}`, probe)).statusCode, 200)
    t.equal((await send('DELETE', `/api/v2/resources/${resource.id as string}`, admin)).statusCode, 204)
    const reused = await entry('someone else')
    t.equal(reused.id, resource.id, 'the freed id is reused, so a stale grant would open the new resource')
    t.equal((await send('GET', `/api/v2/resources/${reused.id as string}`, probe)).statusCode, 403)
  })

  t.test('leaving the group and a deleted user take effect on the next request', async (t) => {
    const again = await entry('probe two')
    await send('POST', `/api/v2/usergroups/${group.id as string}/grants`, admin,
      { resource_id: again.id, area: 'resource', read: true })
    const path = `/api/v2/resources/${again.id as string}`
    t.equal((await send('GET', path, probe)).statusCode, 200)
    const left = await send('DELETE', `/api/v2/usergroups/${group.id as string}/users/${user.id as string}`, admin)
    t.equal(left.statusCode, 204)
    t.equal((await send('GET', path, probe)).statusCode, 403)
    t.equal((await send('DELETE', `/api/v2/users/${user.id as string}`, admin)).statusCode, 204)
    t.equal((await send('GET', path, probe)).statusCode, 401)
  })
})
