import { isAbsolute, join } from 'node:path'
import t from 'tap'
import { loadConfig, packageRoot } from '../src/config.js'

t.test('loadConfig fixtures', async (t) => {
  t.test('the default set resolves inside the package, whatever the working directory', async (t) => {
    const config = loadConfig([], {})
    t.ok(isAbsolute(config.fixtures))
    t.equal(config.fixtures, join(packageRoot(), 'fixtures', 'default'))
  })

  t.test('a given path stays relative to the working directory', async (t) => {
    t.equal(loadConfig(['--fixtures', 'my/set'], {}).fixtures, 'my/set')
    t.equal(loadConfig([], { PROVISION_MOCK_FIXTURES: 'other' }).fixtures, 'other')
  })
})
