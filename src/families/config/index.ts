import type { Family } from '../../core/family.js'
import { configRoutes } from './routes.js'
import { ConfigFixtureSchema } from './schemas.js'
import { getConfig, patchConfig } from './store.js'

export const configFamily: Family = {
  name: 'config',
  title: 'Config',
  description: 'Instance settings that change API behaviour: holding-tank days, automatic merge, IPv6 sparse ' +
    'scheme and the like. `GET` and `PATCH /api/v2/config`, values as strings. Known gaps: only the settings ' +
    'listed in the schema exist; UI-only settings of the real product are not modeled.',
  prefixes: ['/api/v2/config'],
  seeders: [{
    file: 'config.json',
    schema: ConfigFixtureSchema,
    seed: (db, data: Record<string, unknown>) => { patchConfig(db, data) },
    export: (db) => getConfig(db)
  }],
  routes: configRoutes
}
