import type { Family } from '../../core/family.js'
import { exportResources, ResourcesFixtureSchema, seedResources } from './fixtures.js'

export const resourcesFamily: Family = {
  name: 'resources',
  title: 'Resources',
  description: 'Resources: the tree everything in ProVision hangs on (customers, DNS zones and records, DHCP ' +
    'servers), with attributes, links, attachments, backups and actions.',
  prefixes: ['/api/v2/resources'],
  seeders: [{ file: 'resources.json', schema: ResourcesFixtureSchema, seed: seedResources, export: exportResources }]
}
