import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'

const grantKeys = ['id', 'group_id', 'resource_id', 'area', 'create', 'read', 'update', 'delete']

t.test('GET /api/v2/usergroups/{id}/grants', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('lists the grants with string ids and boolean rights', async (t) => {
    const res = await call('GET', '/api/v2/usergroups/2/grants', 'readonly')
    t.equal(res.statusCode, 200)
    const grants = json(res)
    t.same(grants.map((g: { area: string }) => g.area), ['ipam', 'dns', 'dhcp', 'resource', 'user'])
    for (const grant of grants) {
      t.same(Object.keys(grant), grantKeys)
      t.match(grant, { group_id: '2', resource_id: '1', create: false, read: true, update: false, delete: false })
      t.type(grant.id, 'string')
    }
  })

  t.test('members may read their own group\'s grants, others need User-area read', async (t) => {
    t.equal((await call('GET', '/api/v2/usergroups/3/grants', 'scoped')).statusCode, 200)
    t.equal((await call('GET', '/api/v2/usergroups/1/grants', 'scoped')).statusCode, 403)
    t.equal((await call('GET', '/api/v2/usergroups/99/grants')).statusCode, 404)
  })
})

t.test('POST /api/v2/usergroups/{id}/grants', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('grants rights in one area on a resource (201); unset bits are false', async (t) => {
    const res = await call('POST', '/api/v2/usergroups/3/grants', 'admin', {
      resource_id: '3',
      area: 'ipam',
      read: true
    })
    t.equal(res.statusCode, 201)
    const grant = json(res)
    t.same(Object.keys(grant), grantKeys)
    t.match(grant, {
      group_id: '3',
      resource_id: '3',
      area: 'ipam',
      create: false,
      read: true,
      update: false,
      delete: false
    })
    const one = await call('GET', `/api/v2/usergroups/3/grants/${grant.id as string}`)
    t.same(json(one), grant)
  })

  t.test('admin and swip are flags: every bit set', async (t) => {
    const res = await call('POST', '/api/v2/usergroups/3/grants', 'admin', { resource_id: 3, area: 'swip' })
    t.equal(res.statusCode, 201)
    t.match(json(res), { area: 'swip', create: true, read: true, update: true, delete: true })
  })

  t.test('a missing resource is a 422, a second grant for the same area and resource a 409', async (t) => {
    const missing = await call('POST', '/api/v2/usergroups/3/grants', 'admin', {
      resource_id: 999,
      area: 'dns',
      read: true
    })
    t.equal(missing.statusCode, 422)
    t.match(json(missing), { field: 'resource_id', message: /resource 999 does not exist/ })
    const twice = await call('POST', '/api/v2/usergroups/3/grants', 'admin', {
      resource_id: 2,
      area: 'ipam',
      read: true
    })
    t.equal(twice.statusCode, 409)
    t.match(json(twice).message, /PATCH/)
  })

  t.test('an unknown area or group, and grants on system groups, are refused', async (t) => {
    const area = await call('POST', '/api/v2/usergroups/3/grants', 'admin', { resource_id: 2, area: 'peering' })
    t.equal(area.statusCode, 400)
    t.equal(json(area).field, 'body.area')
    const empty = await call('POST', '/api/v2/usergroups/3/grants', 'admin', { resource_id: '', area: 'dns' })
    t.equal(empty.statusCode, 400, 'an empty id is not an id')
    t.equal(json(empty).field, 'resource_id')
    t.equal((await call('POST', '/api/v2/usergroups/99/grants', 'admin', {
      resource_id: 2,
      area: 'dns'
    })).statusCode, 404)
    const system = await call('POST', '/api/v2/usergroups/2/grants', 'admin', {
      resource_id: 2,
      area: 'dns',
      update: true
    })
    t.equal(system.statusCode, 409)
  })

  t.test('only an admin grants admin; nobody changes the grants of their own group', async (t) => {
    await call('POST', '/api/v2/usergroups', 'admin', { name: 'Managers' })
    await call('POST', '/api/v2/usergroups/4/grants', 'admin', {
      resource_id: 1,
      area: 'user',
      read: true,
      update: true
    })
    await call('POST', '/api/v2/usergroups/4/users', 'admin', { user_id: 2 })
    const admin = await call('POST', '/api/v2/usergroups/3/grants', 'readonly', { resource_id: 1, area: 'admin' })
    t.equal(admin.statusCode, 403)
    const own = await call('POST', '/api/v2/usergroups/4/grants', 'readonly', {
      resource_id: 1,
      area: 'dns',
      read: true
    })
    t.equal(own.statusCode, 403)
    t.match(json(own).message, /your own group/)
    const other = await call('POST', '/api/v2/usergroups/3/grants', 'readonly', {
      resource_id: 6,
      area: 'dns',
      read: true
    })
    t.equal(other.statusCode, 201, 'a User-area manager manages other groups')
    t.equal((await call('POST', '/api/v2/usergroups/3/grants', 'scoped', {
      resource_id: 5,
      area: 'dns'
    })).statusCode, 403)
  })
})

t.test('PATCH /api/v2/usergroups/{id}/grants/{grant_id}', async (t) => {
  const call = caller(await buildTestApp(t))
  const acmeDns = json(await call('GET', '/api/v2/usergroups/3/grants')).find((g: { area: string }) => g.area === 'dns')

  t.test('changes only the bits given', async (t) => {
    const res = await call('PATCH', `/api/v2/usergroups/3/grants/${acmeDns.id as string}`, 'admin', { delete: false })
    t.equal(res.statusCode, 200)
    t.match(json(res), { id: acmeDns.id, area: 'dns', create: true, read: true, update: true, delete: false })
  })

  t.test('flags are revoked, not patched (422); unknown grant 404; empty body 400; system group 409', async (t) => {
    const swip = json(await call('GET', '/api/v2/usergroups/3/grants')).find((g: { area: string }) => g.area === 'swip')
    t.equal((await call('PATCH', `/api/v2/usergroups/3/grants/${swip.id as string}`, 'admin',
      { read: false })).statusCode, 422)
    t.equal((await call('PATCH', '/api/v2/usergroups/3/grants/999', 'admin', { read: false })).statusCode, 404)
    t.equal((await call('PATCH', `/api/v2/usergroups/1/grants/${acmeDns.id as string}`, 'admin',
      { read: false })).statusCode, 409)
    t.equal((await call('PATCH', `/api/v2/usergroups/3/grants/${acmeDns.id as string}`, 'admin', {})).statusCode, 400)
  })
})

t.test('DELETE /api/v2/usergroups/{id}/grants/{grant_id}', async (t) => {
  const call = caller(await buildTestApp(t))
  const grants = json(await call('GET', '/api/v2/usergroups/3/grants'))

  t.test('revokes a grant (204)', async (t) => {
    const res = await call('DELETE', `/api/v2/usergroups/3/grants/${grants[0].id as string}`)
    t.equal(res.statusCode, 204)
    t.equal(json(await call('GET', '/api/v2/usergroups/3/grants')).length, grants.length - 1)
    t.equal((await call('GET', `/api/v2/usergroups/3/grants/${grants[0].id as string}`)).statusCode, 404)
  })

  t.test('a grant of another group is a 404; the system groups keep theirs (409)', async (t) => {
    t.equal((await call('DELETE', `/api/v2/usergroups/2/grants/${grants[1].id as string}`)).statusCode, 409)
    const admins = json(await call('GET', '/api/v2/usergroups/1/grants'))
    const foreign = await call('DELETE', `/api/v2/usergroups/3/grants/${admins[0].id as string}`)
    t.equal(foreign.statusCode, 404)
    t.match(json(foreign).message, /of usergroup 3 not found/)
    t.equal((await call('DELETE', `/api/v2/usergroups/1/grants/${admins[0].id as string}`)).statusCode, 409)
  })
})
