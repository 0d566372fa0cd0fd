import t from 'tap'
import { authAs, buildTestApp, json } from '../../helpers/app.js'
import { R, call, status } from './helpers.js'

interface Form {
  payload: Buffer
  headers: Record<string, string>
}

function multipart (fileName: string, contentType: string, content: Buffer): Form {
  const boundary = '----provision-mock-test'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }
  }
}

t.test('POST /api/v2/resources/{id}/attachments', async (t) => {
  const app = await buildTestApp(t, { PROVISION_MOCK_ATTACHMENT_LIMIT: '1000' })
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3])

  t.test('stores a multipart upload and answers its metadata as strings', async (t) => {
    const form = multipart('rack diagram.png', 'image/png', png)
    const res = await app.inject({
      method: 'POST', url: `${R}/4/attachments`, headers: { ...authAs(), ...form.headers }, payload: form.payload
    })
    t.equal(res.statusCode, 200)
    const body = json(res)
    t.same(body, {
      id: body.id,
      resource_id: '4',
      name: 'rack diagram.png',
      file_name: 'rack diagram.png',
      content_type: 'image/png',
      size: '12',
      date: body.date
    })
    t.type(body.id, 'string')
    t.type(body.date, 'string')
  })

  t.test('a file over the attachment limit is a 413', async (t) => {
    const form = multipart('big.bin', 'application/octet-stream', Buffer.alloc(2000, 1))
    const res = await app.inject({
      method: 'POST', url: `${R}/4/attachments`, headers: { ...authAs(), ...form.headers }, payload: form.payload
    })
    t.equal(res.statusCode, 413)
    t.equal(json(res).code, 'PAYLOAD_TOO_LARGE')
    t.equal((await call(app, 'GET', `${R}/4/attachments`)).body.length, 1, 'nothing stored')
  })

  t.test('a JSON body is refused', async (t) => {
    const res = await call(app, 'POST', `${R}/4/attachments`, { file: 'x' })
    t.equal(res.status, 415)
  })

  t.test('needs update rights', async (t) => {
    const form = multipart('a.txt', 'text/plain', Buffer.from('hi'))
    const res = await app.inject({
      method: 'POST',
      url: `${R}/4/attachments`,
      headers: { ...authAs('readonly'), ...form.headers },
      payload: form.payload
    })
    t.equal(res.statusCode, 403)
  })
})

t.test('GET, download and DELETE /api/v2/resources/{id}/attachments/{attachment_id}', async (t) => {
  const app = await buildTestApp(t)
  const content = Buffer.from('name,rack\nsw1,A1\n')
  const form = multipart('inventory.csv', 'text/csv', content)
  const uploaded = json(await app.inject({
    method: 'POST', url: `${R}/2/attachments`, headers: { ...authAs(), ...form.headers }, payload: form.payload
  }))

  t.test('lists and previews metadata', async (t) => {
    const list = await call(app, 'GET', `${R}/2/attachments`)
    t.equal(list.status, 200)
    t.equal(list.body.length, 1)
    const filtered = await call(app, 'GET', `${R}/2/attachments?attachment_id=${uploaded.id as string}`)
    t.equal(filtered.body.length, 1)
    const one = await call(app, 'GET', `${R}/2/attachments/${uploaded.id as string}`)
    t.equal(one.status, 200)
    t.equal(one.body.file_name, 'inventory.csv')
    t.equal(await status(app, 'GET', `${R}/3/attachments/${uploaded.id as string}`), 404)
  })

  t.test('downloads the bytes with the original type and name', async (t) => {
    const url = `${R}/2/attachments/${uploaded.id as string}/download`
    const res = await app.inject({ url, headers: authAs('readonly') })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/csv/)
    t.match(res.headers['content-disposition'], /filename="inventory.csv"/)
    t.same(res.rawPayload, content)
  })

  t.test('deletes with 204', async (t) => {
    const res = await call(app, 'DELETE', `${R}/2/attachments/${uploaded.id as string}`)
    t.equal(res.status, 204)
    t.equal(res.body, undefined)
    t.same((await call(app, 'GET', `${R}/2/attachments`)).body, [])
  })
})

t.test('POST /api/v2/resources/{id}/attachments with a broken multipart body', async (t) => {
  const app = await buildTestApp(t)
  const bodies: Array<[string, string]> = [
    ['multipart/form-data; boundary=xyz', 'garbage'],
    ['multipart/form-data', 'garbage'],
    ['multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello']
  ]
  for (const [type, payload] of bodies) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/resources/2/attachments',
      headers: { ...authAs('admin'), 'content-type': type },
      payload
    })
    t.equal(res.statusCode, 400, `${type}: ${res.body}`)
    t.equal(JSON.parse(res.body).code, 'BAD_REQUEST')
  }
  t.same(JSON.parse((await app.inject({ url: '/api/v2/resources/2/attachments', headers: authAs('admin') })).body), [],
    'nothing was stored')
})
