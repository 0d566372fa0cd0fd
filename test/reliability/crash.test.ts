// Crash safety: with a file database, SIGKILL the server in the middle of a write load, start it
// again on the same file, and find SQLite's integrity intact and every acknowledged write present.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { authAs } from '../helpers/app.js'

function startServer (dbPath: string): Promise<{ child: ChildProcess, base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts', '--port', '0', '--db', dbPath,
    '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match !== null) {
        clearTimeout(timer)
        resolve({ child, base: match[1] })
      }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code})`)) })
  })
}

t.test('SIGKILL during a write load', async (t) => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'pm-crash-')), 'mock.db')
  const headers = { ...authAs('admin'), 'content-type': 'application/json' }
  const first = await startServer(dbPath)

  const acknowledged: Array<{ id: string, name: string }> = []
  const state = { stop: false, sent: 0 }
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; !state.stop && i < 400; i++) {
      const name = `crash-${w}-${i}`
      state.sent++
      const res = await fetch(`${first.base}/api/v2/resources`, {
        method: 'POST', headers, body: JSON.stringify({ name, type: 'entry', parent_id: 2 })
      }).catch(() => null)
      if (res?.status === 201) acknowledged.push({ id: String(((await res.json()) as { id: string }).id), name })
    }
  }
  const load = Promise.all([0, 1, 2, 3, 4, 5].map(worker))
  // Kill once a good number of writes are acknowledged and more are in flight.
  while (acknowledged.length < 60 && state.sent < 2400) await new Promise((resolve) => setTimeout(resolve, 5))
  first.child.kill('SIGKILL')
  state.stop = true
  await load
  if (first.child.exitCode === null && first.child.signalCode === null) {
    await new Promise((resolve) => first.child.once('exit', resolve))
  }
  t.ok(acknowledged.length >= 60, `${acknowledged.length} writes were acknowledged before the kill`)

  const db = new Database(dbPath)
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'SQLite integrity is intact')
  db.close()

  const second = await startServer(dbPath)
  t.teardown(() => { second.child.kill('SIGKILL') })
  const missing: string[] = []
  for (const write of acknowledged) {
    const res = await fetch(`${second.base}/api/v2/resources/${write.id}`, { headers })
    const body = res.status === 200 ? await res.json() as { name: string } : undefined
    if (body?.name !== write.name) missing.push(`${write.id} ${write.name}`)
  }
  t.same(missing, [], 'every acknowledged write is present after the restart')
})
