// Writes docs/swagger-demo.png: Swagger UI after "Try it out" on the first served demo's write
// (IPAM smart assign, else Config) as the admin, in headless Chromium (Debian's chromium).
// `npm run docs:screenshot [-- <document title>]`.
import { mkdirSync } from 'node:fs'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import {
  chromiumMissing, demos, launchChromium, servedPaths, SwaggerPage, type Demo
} from '../test/helpers/swagger-ui.js'

const output = 'docs/swagger-demo.png'
const missing = chromiumMissing()
if (missing !== null) {
  process.stderr.write(missing + '\n')
  process.exit(1)
}
const app = await buildApp(loadConfig([], { LOG_LEVEL: 'silent' }), { logger: false })
const served = async (candidate: Demo): Promise<boolean> => {
  const paths = await servedPaths(app, candidate)
  return paths.includes(candidate.read.path) && paths.includes(candidate.write.path)
}
const wanted = process.argv[2]
let demo: Demo | undefined
for (const candidate of demos) {
  if ((wanted === undefined || candidate.document === wanted) && await served(candidate)) {
    demo = candidate
    break
  }
}
if (demo === undefined) {
  process.stderr.write(`no served demo${wanted === undefined ? '' : ` for ${wanted}`}; demos: ` +
    demos.map((d) => d.document).join(', ') + '\n')
  await app.close()
  process.exit(2)
}
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchChromium()
try {
  const swagger = await SwaggerPage.open(browser, `${base}/dev/swagger`)
  await swagger.chooseDocument(demo.document)
  await swagger.authorize('admin@example.com', 'admin')
  const result = await swagger.tryOperation(demo.write)
  if (result.status !== 200) throw new Error(`${demo.write.method} ${demo.write.path} answered ${result.status}`)

  // From the top of the page down to the end of the response body.
  const response = swagger.operation(demo.write)
    .locator('.live-responses-table .response-col_description pre.microlight')
    .first()
  await swagger.page.evaluate('window.scrollTo(0, 0)')
  const box = await response.boundingBox()
  const height = Math.ceil((box?.y ?? 0) + (box?.height ?? 900) + 24)
  mkdirSync('docs', { recursive: true })
  await swagger.page.screenshot({ path: output, fullPage: true, clip: { x: 0, y: 0, width: 1280, height } })
  process.stdout.write(`wrote ${output} (${demo.document}: ${demo.write.method.toUpperCase()} ${demo.write.path})\n`)
} finally {
  await browser.close()
  await app.close()
}
