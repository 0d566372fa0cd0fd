import type { Family } from '../../core/family.js'
import { exportIdentity, IdentityFixtureSchema, seedIdentity } from './fixtures.js'

export const usersFamily: Family = {
  name: 'users',
  title: 'Users',
  description: 'Users: logins, their groups and effective permissions.',
  prefixes: ['/api/v2/users'],
  seeders: [{ file: 'users.json', schema: IdentityFixtureSchema, seed: seedIdentity, export: exportIdentity }]
}
