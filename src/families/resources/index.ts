import type { Family } from '../../core/family.js'
import { exportResources, ResourcesFixtureSchema, seedResources } from './fixtures.js'
import { checkTree } from './invariants.js'
import { resourceMigrations } from './migrations.js'
import { resourcesRoutes } from './routes/index.js'

export const resourcesFamily: Family = {
  name: 'resources',
  title: 'Resources',
  description: 'Resources: the tree everything in ProVision hangs on (customers, DNS zones and records, DHCP ' +
    'servers), with attributes, links, attachments, backups, sections, categories and asynchronous jobs ' +
    '(push, actions). The top level resource is id 1. Ids, parent_id and category_id are strings on the wire ' +
    '("0" for none); attrs, permissions and section are objects of strings; lists are bare arrays.\n\n' +
    'Known gaps: `export` (CSV), `output`, `query` (GET), `resolve`, `load_children` (query body), `orig_id`, ' +
    '`clone_zone`, `hook_data`, `ui_data`, `field_type`/`help_block` on create and `status_key` are accepted ' +
    'and ignored; actions are no-op jobs; link listings show outgoing links only; attachments and backups ' +
    'are not part of fixture export; sections and categories cannot be edited or deleted through the API. ' +
    '`POST /resources/unassign_all_ips` is served by the IPAM family.',
  prefixes: ['/api/v2/resources'],
  migrations: resourceMigrations,
  seeders: [{ file: 'resources.json', schema: ResourcesFixtureSchema, seed: seedResources, export: exportResources }],
  routes: resourcesRoutes,
  invariants: [checkTree]
}
