import { execFile, spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { authAs } from './helpers/app.js'

// The built server as `npm start` and `npx provision-mock` run it: the launcher, the bundle, its
// code cache and its template cache. Builds first, as `npm start` does.
const execFileAsync = promisify(execFile)
const entry = 'dist/src/server.js'

interface Started { port: number, output: () => string, stop: () => Promise<void> }

/** Starts `command` and waits for the listening line in what it prints. */
function start (command: string, args: string[]): Promise<Started> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in 20 s: ${out}`)), 20_000)
    child.stdout.on('data', () => {
      const match = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (match === null) return
      clearTimeout(timer)
      resolve({ port: Number(match[1]), output: () => out, stop: async () => { child.kill(); await exited } })
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}: ${out}`)) })
  })
}

async function config (port: number): Promise<{ status: number, body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v2/config`, { headers: authAs('admin') })
  return { status: res.status, body: await res.json() }
}

t.test('node dist/src/server.js', async (t) => {
  await execFileAsync('npm', ['run', 'build', '--silent'], { timeout: 120_000 })

  t.test('the build leaves the code cache and the default fixtures\' template beside the bundle', async (t) => {
    t.ok(readdirSync('dist/src').some((file) => /^server\.bundle\.cjs\..+\.cache$/.test(file)))
    t.equal(readdirSync('dist/src/templates').filter((file) => file.endsWith('.sqlite')).length, 1)
  })

  t.test('serves the API on the default fixtures and logs JSON lines when not on a terminal', async (t) => {
    const server = await start(process.execPath, [entry, '--port', '0'])
    t.teardown(server.stop)
    const res = await config(server.port)
    t.equal(res.status, 200)
    t.equal(res.body.holding_tank_days, '30')
    const line = server.output().split('\n').find((l) => l.includes('Server listening'))!
    t.equal(JSON.parse(line).level, 30)
  })

  t.test('starts on a terminal with pretty log lines', { skip: !existsSync('/usr/bin/script') && 'no script(1)' },
    async (t) => {
      const server = await start('/usr/bin/script', ['-qec', `${process.execPath} ${entry} --port 0`, '/dev/null'])
      t.teardown(server.stop)
      t.equal((await config(server.port)).status, 200)
      t.match(server.output(), /INFO.*Server listening at/)
      t.notMatch(server.output(), /Cannot find module|Error/)
    })
})
