import type { Family } from '../../core/family.js'
import { checkUmbrella, exportUmbrella, seedUmbrella } from './fixtures.js'
import { umbrellaMigrations } from './migrations.js'
import { umbrellaRoutes } from './routes.js'
import { UmbrellaFixtureSchema } from './schemas.js'

export const umbrellaFamily: Family = {
  name: 'umbrella',
  title: 'Umbrella',
  description: 'Umbrella: external IPAM back-ends ("modules") and the blocks mirrored from them, read only, as the ' +
    'official Go client reads them (GetModules, GetNetblocks, GetModuleLinks). Every netblock field is a string ' +
    '(addresses in decimal, flags "1"/"0"); module `permissions` and `acp_workflow_slug` are arrays of strings; ' +
    'links are always an array. Who sees a module or its blocks follows IPAM read on the module\'s parent ' +
    'resource. Known gaps: no write endpoints and no sync (the data comes from fixtures/default/umbrella.json); ' +
    'the vocabulary of `permissions`, `status` and `supported_actions` is the mock\'s guess; passwords and tokens ' +
    'are masked.',
  prefixes: ['/api/v2/umbrella'],
  migrations: umbrellaMigrations,
  seeders: [{ file: 'umbrella.json', schema: UmbrellaFixtureSchema, seed: seedUmbrella, export: exportUmbrella }],
  routes: umbrellaRoutes,
  invariants: [checkUmbrella]
}
