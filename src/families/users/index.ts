import type { Family } from '../../core/family.js'
import { exportIdentity, IdentityFixtureSchema, seedIdentity } from './fixtures.js'
import { userRoutes } from './routes.js'

export const usersFamily: Family = {
  name: 'users',
  title: 'Users',
  description: 'Users: logins, their groups and effective permissions. Every path here is modeled (no public ' +
    'client shows the vendor\'s): bare arrays, snake_case fields, ids as strings, passwords write-only. A user ' +
    'may read themselves and change their own name, e-mail and password; everything else needs the User area ' +
    '(or admin). Password changes and disabling take effect on the very next request. Known gaps: no LDAP, ' +
    'RADIUS, SAML or Duo logins, no password policy or expiry, no per-user API keys, no action log; ' +
    'membership is edited through the Usergroups API only.',
  prefixes: ['/api/v2/users'],
  seeders: [{ file: 'users.json', schema: IdentityFixtureSchema, seed: seedIdentity, export: exportIdentity }],
  routes: userRoutes
}
