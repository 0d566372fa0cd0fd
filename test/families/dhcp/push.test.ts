import t, { type Test } from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'
import { call, fixtureConfig } from '../../helpers/dhcp.js'

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0)

function assertMessages (t: Test, messages: Array<Record<string, unknown>>): void {
  for (const message of messages) {
    for (const key of ['msgid', 'message', 'state', 'date_created']) {
      t.type(message[key], 'string', `${key} is a string`)
    }
    t.match(message.state, /^(running|finished|warning|error)$/)
  }
}

for (const [kind, id] of [['pools', 402], ['groups', 400], ['servers', 401]] as const) {
  t.test(`POST /api/v2/dhcp/${kind}/{id}/push`, async (t) => {
    const app = await buildTestApp(t)
    const instance = app.instances.get('default')
    instance.clock.set(T0)

    t.test('answers a pid whose status moves from running to finished as the clock advances', async (t) => {
      const res = await call(app, 'POST', `/api/v2/dhcp/${kind}/${id}/push`)
      t.equal(res.statusCode, 200)
      const { pid } = json(res)
      t.type(pid, 'string')
      const status = async (): Promise<any[]> =>
        json(await call(app, 'GET', `/api/v2/dhcp/${kind}/${id}/push_status/${String(pid)}`))

      const first = await status()
      assertMessages(t, first)
      t.same(first.map((m) => [m.msgid, m.state]), [['1', 'running']])
      t.equal(first[0].date_created, '2026-12-03 12:00:00')

      instance.clock.advance(1000)
      const second = await status()
      t.same(second.map((m) => m.state), ['running', 'running'])
      t.equal(second[1].message, 'dhcpd.conf rendered: 1 subnets, 1 hosts')

      instance.clock.advance(2000)
      const last = await status()
      assertMessages(t, last)
      t.same(last.map((m) => m.state), ['running', 'running', 'finished'])
      t.match(last[2].message, /deployed to dhcp1\.example\.net \(192\.0\.2\.67\)$/)
      t.equal(last[2].date_created, '2026-12-03 12:00:03')

      t.test(`GET /api/v2/dhcp/${kind}/{id}/push_output/{pid} is exactly the server's dhcpd.conf`, async (t) => {
        const output = await call(app, 'GET', `/api/v2/dhcp/${kind}/${id}/push_output/${String(pid)}`)
        t.equal(output.statusCode, 200)
        t.match(output.headers['content-type'], /^text\/plain/)
        t.equal(output.body, fixtureConfig)
      })
    })

    t.test('an unknown id is a 404, an unknown or foreign pid a 404', async (t) => {
      t.equal((await call(app, 'POST', `/api/v2/dhcp/${kind}/999/push`)).statusCode, 404)
      t.equal((await call(app, 'GET', `/api/v2/dhcp/${kind}/${id}/push_status/999999`)).statusCode, 404)
      t.equal((await call(app, 'GET', `/api/v2/dhcp/${kind}/${id}/push_output/999999`)).statusCode, 404)
      const other = kind === 'pools' ? 'groups/400' : 'pools/402'
      const { pid } = json(await call(app, 'POST', `/api/v2/dhcp/${other}/push`))
      t.equal((await call(app, 'GET', `/api/v2/dhcp/${kind}/${id}/push_status/${String(pid)}`)).statusCode, 404)
    })

    t.test('readonly may poll but not push', async (t) => {
      t.equal((await call(app, 'POST', `/api/v2/dhcp/${kind}/${id}/push`, undefined, 'readonly')).statusCode, 403)
      const { pid } = json(await call(app, 'POST', `/api/v2/dhcp/${kind}/${id}/push`))
      const url = `/api/v2/dhcp/${kind}/${id}/push_status/${String(pid)}`
      const polled = await call(app, 'GET', url, undefined, 'readonly')
      t.equal(polled.statusCode, 200)
    })

    t.test('the scoped user may push the pool under resource 2 only', async (t) => {
      const res = await call(app, 'POST', `/api/v2/dhcp/${kind}/${id}/push`, undefined, 'scoped')
      t.equal(res.statusCode, kind === 'pools' ? 200 : 403)
    })
  })
}

t.test('push outcomes other than finished', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('default')

  t.test('a group without servers ends in a warning', async (t) => {
    const group = json(await call(app, 'POST', '/api/v2/dhcp/groups', { name: 'Lonely' }))
    const { pid } = json(await call(app, 'POST', `/api/v2/dhcp/groups/${String(group.id)}/push`))
    instance.clock.advance(5000)
    const messages = json(await call(app, 'GET', `/api/v2/dhcp/groups/${String(group.id)}/push_status/${String(pid)}`))
    t.same(messages.map((m: any) => m.state), ['running', 'running', 'warning'])
    t.match(messages[2].message, /no DHCP server/)
  })

  // IPAM refuses to unassign a pool's block; the Resources API can still point the pool elsewhere.
  t.test('a pool whose block is gone ends in error and deploys nothing', async (t) => {
    const repointed = await app.inject({
      method: 'PATCH', url: '/api/v2/resources/402/attrs', headers: authAs('admin'), payload: { netblock_id: '999999' }
    })
    t.equal(repointed.statusCode, 200, repointed.body)
    const { pid } = json(await call(app, 'POST', '/api/v2/dhcp/servers/401/push'))
    instance.clock.advance(5000)
    const messages = json(await call(app, 'GET', `/api/v2/dhcp/servers/401/push_status/${String(pid)}`))
    t.same(messages.map((m: any) => m.state), ['running', 'error'])
    t.match(messages[1].message, /pool 402 \(203\.0\.113\.0\/25\) has no assigned IPAM block/)
    t.equal((await call(app, 'GET', `/api/v2/dhcp/servers/401/push_output/${String(pid)}`)).body, '')
  })
})
