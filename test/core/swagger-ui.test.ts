import t from 'tap'
import { basic, buildTestApp, json, users } from '../helpers/app.js'
import { chromiumMissing, demos, launchChromium, servedPaths, SwaggerPage } from '../helpers/swagger-ui.js'

// Several pages in a real browser on a 2-core machine: more time than tap's default.
t.setTimeout(300_000)

t.test('GET /dev/swagger in headless Chromium', async (t) => {
  const missing = chromiumMissing()
  if (missing !== null) {
    // CI installs chromium (.ci/run) and must run this test; a developer without it sees why it skipped.
    if (process.env.CI === 'true') t.fail(missing)
    else t.skip(missing, () => {})
    return
  }
  const app = await buildTestApp(t)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await launchChromium()
  t.teardown(() => browser.close())

  for (const demo of demos) {
    t.ok((await servedPaths(app, demo)).length > 0, `the ${demo.document} document serves the demo's operations`)
    const name = `${demo.document}: Try it out as the admin answers 200 with data, as read-only the write is a 403`
    t.test(name, async (t) => {
      const swagger = await SwaggerPage.open(browser, `${base}/dev/swagger`)
      t.teardown(() => swagger.close())
      await swagger.chooseDocument(demo.document)
      t.equal(await swagger.selectedDocument(), demo.document)

      await swagger.authorize(users.admin.username, users.admin.password)
      const read = await swagger.tryOperation(demo.read)
      t.equal(read.status, 200, `${demo.read.method} ${demo.read.path}`)
      t.ok(demo.hasData(read.body), 'the read shows data')
      t.equal(new URL(read.url).pathname, demo.read.path)
      const write = await swagger.tryOperation(demo.write)
      t.equal(write.status, 200, `${demo.write.method} ${demo.write.path} with the example body`)
      t.ok(demo.hasData(write.body), 'the write shows data')

      await swagger.authorize(users.readonly.username, users.readonly.password)
      const readOnlyRead = await swagger.tryOperation(demo.read)
      t.equal(readOnlyRead.status, 200)
      t.ok(demo.hasData(readOnlyRead.body))
      const denied = await swagger.tryOperation(demo.write)
      t.equal(denied.status, 403)
      t.equal(denied.body.code, 'PERMISSION_DENIED')
      t.type(denied.body.message, 'string')
      t.equal(denied.authorization, basic(users.readonly.username, users.readonly.password))
    })
  }

  t.test('the selector loads the family documents only, never the plugin\'s whole /dev/swagger/json', async (t) => {
    const swagger = await SwaggerPage.open(browser, `${base}/dev/swagger`)
    t.teardown(() => swagger.close())
    t.equal(await swagger.selectedDocument(), 'IPAM', 'IPAM is the first document')
    t.match(await swagger.title(), /ProVision APIv2 mock: IPAM/)
    await swagger.chooseDocument('Config')
    const documents = swagger.requested.map((url) => new URL(url).pathname).filter((path) => !path.includes('/static/'))
    t.same(documents, ['/dev/swagger', '/dev/openapi/ipam.json', '/dev/openapi/config.json'])
  })

  for (const page of ['/team-a/dev/swagger', '/team-a/dev/swagger/']) {
    t.test(`${page} sends Try it out requests to /team-a/api/v2/...`, async (t) => {
      const swagger = await SwaggerPage.open(browser, `${base}${page}`)
      t.teardown(() => swagger.close())
      await swagger.chooseDocument('Config')
      t.ok(
        swagger.requested.some((url) => new URL(url).pathname.startsWith('/team-a/') && url.endsWith('/config.json')),
        'the document comes from the instance'
      )
      await swagger.authorize(users.admin.username, users.admin.password)
      const write = await swagger.tryOperation({ method: 'patch', path: '/api/v2/config' })
      t.equal(write.status, 200)
      t.equal(new URL(write.url).pathname, '/team-a/api/v2/config')
      const headers = { authorization: write.authorization ?? '' }
      t.equal(json(await app.inject({ url: '/team-a/api/v2/config', headers })).auto_merge_limits, '10')
      t.equal(json(await app.inject({ url: '/untouched/api/v2/config', headers })).auto_merge_limits, '0')
    })
  }

  t.test('Authorize persists across documents and page reloads', async (t) => {
    const swagger = await SwaggerPage.open(browser, `${base}/dev/swagger`)
    t.teardown(() => swagger.close())
    await swagger.chooseDocument('Config')
    await swagger.authorize(users.admin.username, users.admin.password)
    await swagger.chooseDocument('Mock control')
    await swagger.chooseDocument('Config')
    t.ok(await swagger.isAuthorized(), 'still authorized after switching documents')

    await swagger.page.reload()
    await swagger.page.locator('.information-container .title', { hasText: ': Config' }).waitFor()
    t.equal(await swagger.selectedDocument(), 'Config', 'the reload keeps the chosen document')
    t.ok(await swagger.isAuthorized(), 'still authorized after a reload')
    const read = await swagger.tryOperation({ method: 'get', path: '/api/v2/config' })
    t.equal(read.status, 200)
    t.equal(read.authorization, basic(users.admin.username, users.admin.password))
  })
})
