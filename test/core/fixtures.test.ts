import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { FixtureError } from '../../src/core/fixtures.js'

/** A copy of the default fixture set with one file changed. */
function brokenSet (file: string, change: (data: any) => unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-fixtures-'))
  cpSync('fixtures/default', dir, { recursive: true })
  const path = join(dir, file)
  writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')))))
  return dir
}

const build = (fixtures: string) =>
  buildApp(loadConfig([], { LOG_LEVEL: 'silent', PROVISION_MOCK_FIXTURES: fixtures }), { logger: false })

t.test('fixture loading', async (t) => {
  t.test('a wrong type names the file and the field', async (t) => {
    const dir = brokenSet('users.json', (data) => { data.users[1].username = 42; return data })
    const error = await build(dir).then(() => undefined, (caught: unknown) => caught)
    t.ok(error instanceof FixtureError)
    t.match((error as FixtureError).file, /users\.json$/)
    t.equal((error as FixtureError).field, '/users/1/username')
  })

  t.test('a reference to a missing resource names the field', async (t) => {
    const dir = brokenSet('resources.json', (data) => { data.resources[2].parent_id = 999; return data })
    await t.rejects(build(dir), { name: 'FixtureError', field: '/resources/2/parent_id', message: /parent 999/ })
  })

  t.test('invalid JSON names the file', async (t) => {
    const dir = brokenSet('config.json', () => null)
    writeFileSync(join(dir, 'config.json'), '{ not json')
    await t.rejects(build(dir), { name: 'FixtureError', message: /config\.json: invalid JSON/ })
  })

  t.test('an unknown setting in config.json names the key', async (t) => {
    const dir = brokenSet('config.json', (data) => ({ ...data, bogus: '1' }))
    await t.rejects(build(dir), { name: 'FixtureError', field: 'bogus' })
  })

  t.test('a missing fixture directory refuses to build', async (t) => {
    await t.rejects(build('/nonexistent/fixtures'), { name: 'FixtureError', message: /does not exist/ })
  })

  t.test('ids are the same for every build of a fixture set', async (t) => {
    const ids = async () => {
      const app = await build('fixtures/default')
      const db = app.instances.get('default').db
      const rows = db.prepare('SELECT id, name FROM resources ORDER BY id').all()
      await app.close()
      return rows
    }
    t.same(await ids(), await ids())
  })

  t.test('the server refuses to start on a broken fixture: one line on stderr, exit 2', async (t) => {
    const dir = brokenSet('users.json', (data) => { delete data.users[0].groups; return data })
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts', '--port', '0', '--fixtures', dir],
      { encoding: 'utf8', timeout: 30000 })
    t.equal(run.status, 2)
    t.match(run.stderr, /^provision-mock: .*users\.json: \/users\/0: /)
    t.equal(run.stderr.trim().split('\n').length, 1)
  })
})
