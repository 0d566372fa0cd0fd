// Part of `npm run build`, after tsc. Bundles the server into one CommonJS file,
// dist/src/server.bundle.cjs, and writes the launcher (src/launcher.ts) over dist/src/server.js,
// the `bin` and `npm start` entry. Loading ~1,000 small modules cost more than half of a cold
// start; one file compiled through V8's code cache costs a fraction. A warm-up run then fills
// that code cache and the default fixtures' template cache (src/core/template-cache.ts), so the
// first start after a build is as quick as the next. `npm run bench` measures the result. The
// library entry (dist/src/index.js) stays as tsc wrote it.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { build } from 'esbuild'

const bundle = 'dist/src/server.bundle.cjs'
// Stands in for the build's id until the bundle exists to be hashed; same length as the id, so
// the source map's columns stay right.
const placeholder = 'provision-mock-build-id-pending!'

await build({
  entryPoints: ['src/server.ts'],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // A native addon, and the pretty printer, loaded only on a terminal (src/app.ts).
  external: ['better-sqlite3', 'pino-pretty'],
  sourcemap: true,
  logLevel: 'warning',
  define: {
    'import.meta.url': 'provisionMockModuleUrl',
    'process.env.PROVISION_MOCK_BUILD_ID': JSON.stringify(placeholder)
  },
  banner: { js: "const provisionMockModuleUrl = require('node:url').pathToFileURL(__filename).href;" }
})
const code = readFileSync(bundle, 'utf8')
const id = createHash('sha256').update(code).digest('hex').slice(0, placeholder.length)
writeFileSync(bundle, code.replaceAll(placeholder, id))
copyFileSync('dist/src/launcher.js', 'dist/src/server.js')

// Caches of earlier builds are dead weight: their keys can never match again.
rmSync('dist/src/templates', { recursive: true, force: true })
for (const file of readdirSync('dist/src')) {
  if (file.startsWith('server.bundle.cjs.') && file.endsWith('.cache')) rmSync(`dist/src/${file}`)
}

await warmUp()

/** Starts the built server, makes one authenticated request and stops it once the caches exist. */
async function warmUp (): Promise<void> {
  const child = spawn(process.execPath, ['dist/src/server.js', '--port', '0', '--log-level', 'info'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PROVISION_MOCK_CODE_CACHE_DELAY: '0' }
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
        if (match !== null) resolve(Number(match[1]))
      })
      child.once('exit', (code) => reject(new Error(`warm-up server exited with ${code}: ${out}`)))
    })
    const auth = 'Basic ' + Buffer.from('admin@example.com:admin').toString('base64')
    const res = await fetch(`http://127.0.0.1:${port}/api/v2/config`, { headers: { authorization: auth } })
    if (res.status !== 200) throw new Error(`warm-up request answered ${res.status}`)
    for (let i = 0; i < 100 && !readdirSync('dist/src').some((file) => file.endsWith('.cache')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    child.kill()
    await exited
  }
}
