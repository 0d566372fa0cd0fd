import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'

t.test('GET /api/v2/usergroups', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('answers a bare array with string ids and boolean is_system', async (t) => {
    const res = await call('GET', '/api/v2/usergroups', 'readonly')
    t.equal(res.statusCode, 200)
    t.same(json(res), [
      { id: '1', name: 'Global Admins', description: 'Full rights everywhere', external_id: '', is_system: true },
      { id: '2', name: 'Global Read Only', description: 'Read everything', external_id: '', is_system: true },
      {
        id: '3',
        name: 'Acme Operators',
        description: 'Full rights on the Acme Corp subtree only',
        external_id: '',
        is_system: false
      }
    ])
  })

  t.test('filters by name and pages', async (t) => {
    const byName = json(await call('GET', '/api/v2/usergroups?name=Global%20Read%20Only'))
    t.same(byName.map((g: { id: string }) => g.id), ['2'])
    t.same(json(await call('GET', '/api/v2/usergroups?offset=2&limit=5')).map((g: { id: string }) => g.id), ['3'])
  })

  t.test('shows a caller without User-area read only their own groups', async (t) => {
    t.same(json(await call('GET', '/api/v2/usergroups', 'scoped')).map((g: { id: string }) => g.id), ['3'])
  })
})

t.test('POST /api/v2/usergroups', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('creates a group (201) that is not a system group', async (t) => {
    const res = await call('POST', '/api/v2/usergroups', 'admin', {
      name: 'Globex NOC',
      description: 'Globex operators'
    })
    t.equal(res.statusCode, 201)
    t.same(json(res), {
      id: '4',
      name: 'Globex NOC',
      description: 'Globex operators',
      external_id: '',
      is_system: false
    })
  })

  t.test('refuses a duplicate name (409), a missing name (400) and callers without User-area create (403)',
    async (t) => {
      const duplicate = await call('POST', '/api/v2/usergroups', 'admin', { name: 'Global Admins' })
      t.equal(duplicate.statusCode, 409)
      t.equal(json(duplicate).field, 'name')
      const missing = await call('POST', '/api/v2/usergroups', 'admin', { description: 'x' })
      t.equal(missing.statusCode, 400)
      t.equal(json(missing).field, 'body.name')
      t.equal((await call('POST', '/api/v2/usergroups', 'readonly', { name: 'x' })).statusCode, 403)
    })
})

t.test('GET /api/v2/usergroups/{id}', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('answers one group; members may read their own', async (t) => {
    const res = await call('GET', '/api/v2/usergroups/3', 'scoped')
    t.equal(res.statusCode, 200)
    t.equal(json(res).name, 'Acme Operators')
    t.equal((await call('GET', '/api/v2/usergroups/1', 'scoped')).statusCode, 403)
    t.equal((await call('GET', '/api/v2/usergroups/99')).statusCode, 404)
  })
})

t.test('PATCH /api/v2/usergroups/{id}', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('changes an ordinary group', async (t) => {
    const res = await call('PATCH', '/api/v2/usergroups/3', 'admin', { name: 'Acme NOC', description: 'renamed' })
    t.equal(res.statusCode, 200)
    t.match(json(res), { id: '3', name: 'Acme NOC', description: 'renamed' })
  })

  t.test('on a system group only external_id may change', async (t) => {
    const external = await call('PATCH', '/api/v2/usergroups/2', 'admin', { external_id: 'cn=readers' })
    t.equal(external.statusCode, 200)
    t.equal(json(external).external_id, 'cn=readers')
    const rename = await call('PATCH', '/api/v2/usergroups/1', 'admin', { name: 'Admins' })
    t.equal(rename.statusCode, 409)
    t.equal(json(rename).field, 'name')
    t.equal(json(await call('GET', '/api/v2/usergroups/1')).name, 'Global Admins')
  })

  t.test('refuses a taken name (409), no rights (403), unknown group (404)', async (t) => {
    t.equal((await call('PATCH', '/api/v2/usergroups/3', 'admin', { name: 'Global Read Only' })).statusCode, 409)
    t.equal((await call('PATCH', '/api/v2/usergroups/3', 'scoped', { description: 'x' })).statusCode, 403)
    t.equal((await call('PATCH', '/api/v2/usergroups/99', 'admin', { description: 'x' })).statusCode, 404)
  })
})

t.test('DELETE /api/v2/usergroups/{id}', async (t) => {
  const call = caller(await buildTestApp(t))

  t.test('deletes an ordinary group with its memberships and grants', async (t) => {
    const res = await call('DELETE', '/api/v2/usergroups/3')
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.same(json(await call('GET', '/api/v2/users/3/groups')), [])
    const perms = json(await call('GET', '/api/v2/users/3/permissions?resource_id=2'))
    t.equal(perms.ipam.read, false, 'the grants went with it')
  })

  t.test('refuses the system groups (409) and callers without User-area delete (403)', async (t) => {
    for (const id of [1, 2]) {
      const res = await call('DELETE', `/api/v2/usergroups/${id}`)
      t.equal(res.statusCode, 409)
      t.match(json(res).message, /system group/)
    }
    t.equal((await call('DELETE', '/api/v2/usergroups/2', 'readonly')).statusCode, 403)
    t.equal((await call('DELETE', '/api/v2/usergroups/99')).statusCode, 404)
  })
})
