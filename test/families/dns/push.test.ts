import t, { type Test } from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { call } from '../../helpers/dns.js'

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0)

function assertMessages (t: Test, messages: Array<Record<string, unknown>>): void {
  for (const message of messages) {
    for (const key of ['msgid', 'message', 'state', 'date_created']) {
      t.type(message[key], 'string', `${key} is a string`)
    }
    t.match(message.state, /^(running|finished|warning|error)$/)
  }
}

t.test('POST /api/v2/dns/zones/{id}/push', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('default')
  instance.clock.set(T0)

  t.test('answers a pid whose status moves from running to finished as the clock advances', async (t) => {
    const res = await call(app, 'POST', '/api/v2/dns/zones/310/push')
    t.equal(res.statusCode, 200)
    const { pid } = json(res)
    t.type(pid, 'string')
    const status = async (): Promise<any[]> => json(await call(app, 'GET', `/api/v2/dns/zones/310/push_status/${pid}`))

    const first = await status()
    assertMessages(t, first)
    t.same(first.map((m) => [m.msgid, m.state]), [['1', 'running']])
    t.equal(first[0].date_created, '2026-12-03 12:00:00')

    instance.clock.advance(1000)
    t.same((await status()).map((m) => m.state), ['running', 'running'])
    t.match((await status())[1].message, /example\.com\. rendered: 9 records, serial 2026010101/)

    instance.clock.advance(2000)
    const last = await status()
    assertMessages(t, last)
    t.same(last.map((m) => m.state), ['running', 'running', 'finished'])
    t.match(last[2].message, /deployed to ns1\.example\.net \(192\.0\.2\.53\)/)
    t.equal(last[2].date_created, '2026-12-03 12:00:03')
  })

  t.test('the push output is exactly the zone file', async (t) => {
    const { pid } = json(await call(app, 'POST', '/api/v2/dns/zones/310/push'))
    const output = await call(app, 'GET', `/api/v2/dns/zones/310/push_output/${pid}`)
    t.equal(output.statusCode, 200)
    t.match(output.headers['content-type'], /^text\/plain/)
    t.equal(output.body, (await call(app, 'GET', '/api/v2/dns/zones/310/zonefile')).body)
    t.match(output.body, '\nwww\t300\tIN\tA\t192.0.2.10\n')
  })

  t.test('a zone without any nameserver ends in error and deploys nothing', async (t) => {
    const group = json(await call(app, 'POST', '/api/v2/dns/groups', { name: 'Bare', nameservers: [] }))
    const zone = json(await call(app, 'POST', '/api/v2/dns/zones/forward', {
      name: 'bare.example', group_id: group.id
    }))
    const { pid } = json(await call(app, 'POST', `/api/v2/dns/zones/${zone.id}/push`))
    instance.clock.advance(5000)
    const messages = json(await call(app, 'GET', `/api/v2/dns/zones/${zone.id}/push_status/${pid}`))
    t.same(messages.map((m: any) => m.state), ['running', 'error'])
    t.match(messages[1].message, /no nameserver/)
    t.equal((await call(app, 'GET', `/api/v2/dns/zones/${zone.id}/push_output/${pid}`)).body, '')

    t.test('an NS record at the apex is enough; no server then means a warning', async (t) => {
      const ns = { record_type: 'NS', record_host: '@', record_value: 'ns.bare.example' }
      await call(app, 'POST', `/api/v2/dns/zones/${zone.id}/records`, ns)
      const again = json(await call(app, 'POST', `/api/v2/dns/zones/${zone.id}/push`))
      instance.clock.advance(5000)
      const url = `/api/v2/dns/zones/${zone.id}/push_status/${again.pid}`
      const states = json(await call(app, 'GET', url)).map((m: any) => m.state)
      t.same(states, ['running', 'running', 'warning'])
    })
  })

  t.test('a record the DNS server would refuse (written through the resource tree) fails the push', async (t) => {
    const db = instance.db
    db.prepare("UPDATE resource_attrs SET value = 'not-an-ip' WHERE resource_id = 318 AND key = 'record_value'").run()
    const { pid } = json(await call(app, 'POST', '/api/v2/dns/zones/310/push'))
    instance.clock.advance(5000)
    const messages = json(await call(app, 'GET', `/api/v2/dns/zones/310/push_status/${pid}`))
    t.same(messages.map((m: any) => m.state), ['running', 'error'])
    t.match(messages[1].message, /record 318: record_value: "not-an-ip" is not an IPv4 address/)
    t.notMatch((await call(app, 'GET', '/api/v2/dns/zones/310/zonefile')).body, 'not-an-ip', 'left out of the file')
    db.prepare("UPDATE resource_attrs SET value = '192.0.2.40' WHERE resource_id = 318 AND key = 'record_value'").run()
  })

  t.test('permissions, unknown zones and bodiless calls', async (t) => {
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/310/push', undefined, 'readonly')).statusCode, 403)
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/310/push', undefined, 'scoped')).statusCode, 200)
    t.equal((await call(app, 'POST', '/api/v2/dns/zones/9999/push')).statusCode, 404)
  })
})

t.test('GET /api/v2/dns/zones/{id}/push_status/{pid}', async (t) => {
  const app = await buildTestApp(t)
  const { pid } = json(await call(app, 'POST', '/api/v2/dns/zones/310/push'))
  t.equal((await call(app, 'GET', `/api/v2/dns/zones/310/push_status/${pid}`, undefined, 'readonly')).statusCode, 200)
  t.equal((await call(app, 'GET', `/api/v2/dns/zones/320/push_status/${pid}`)).statusCode, 404, 'another zone\'s pid')
  const asGroup = await call(app, 'GET', `/api/v2/dns/groups/301/push_status/${pid}`)
  t.equal(asGroup.statusCode, 404, 'a zone pid is not a group pid')
  t.equal((await call(app, 'GET', '/api/v2/dns/zones/310/push_status/424242')).statusCode, 404)
  t.equal((await call(app, 'GET', '/api/v2/dns/zones/310/push_output/424242')).statusCode, 404)
})

t.test('POST /api/v2/dns/groups/{id}/push', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('default')
  instance.clock.set(T0)

  const { pid } = json(await call(app, 'POST', '/api/v2/dns/groups/301/push'))
  instance.clock.advance(3000)
  const messages = json(await call(app, 'GET', `/api/v2/dns/groups/301/push_status/${pid}`))
  assertMessages(t, messages)
  t.same(messages.map((m: any) => m.state), ['running', 'running', 'running', 'finished'])
  const output = (await call(app, 'GET', `/api/v2/dns/groups/301/push_output/${pid}`)).body
  t.match(output, /^; ---\n\$ORIGIN example\.com\.\n/)
  t.match(output, '\n; ---\n$ORIGIN 2.0.192.in-addr.arpa.\n')
  t.equal((await call(app, 'POST', '/api/v2/dns/groups/301/push', undefined, 'readonly')).statusCode, 403)
  t.equal((await call(app, 'POST', '/api/v2/dns/groups/310/push')).statusCode, 404)

  t.test('a group without servers warns', async (t) => {
    const body = { name: 'Lonely', nameservers: ['ns.lonely.example'] }
    const group = json(await call(app, 'POST', '/api/v2/dns/groups', body))
    await call(app, 'POST', '/api/v2/dns/zones/forward', { name: 'lonely.example', group_id: group.id })
    const push = json(await call(app, 'POST', `/api/v2/dns/groups/${group.id}/push`))
    instance.clock.advance(3000)
    const last = json(await call(app, 'GET', `/api/v2/dns/groups/${group.id}/push_status/${push.pid}`)).at(-1)
    t.equal(last.state, 'warning')
    t.match(last.message, /no DNS server/)
  })
})

t.test('POST /api/v2/dns/servers/{id}/push', async (t) => {
  const app = await buildTestApp(t)
  const instance = app.instances.get('default')
  instance.clock.set(T0)

  const res = await call(app, 'POST', '/api/v2/dns/servers/302/push')
  t.equal(res.statusCode, 200)
  const { pid } = json(res)
  const first = json(await call(app, 'GET', `/api/v2/dns/servers/302/push_status/${pid}`))
  t.same(first.map((m: any) => m.state), ['running'])
  instance.clock.advance(3000)
  const last = json(await call(app, 'GET', `/api/v2/dns/servers/302/push_status/${pid}`)).at(-1)
  t.equal(last.state, 'finished')
  t.match(last.message, /server ns1\.example\.net deployed to ns1\.example\.net \(192\.0\.2\.53\)/)
  const scoped = await call(app, 'POST', '/api/v2/dns/servers/302/push', undefined, 'scoped')
  t.equal(scoped.statusCode, 403, 'servers need admin')
  t.equal((await call(app, 'POST', '/api/v2/dns/servers/999/push')).statusCode, 404)
})
