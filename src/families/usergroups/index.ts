import type { Family } from '../../core/family.js'
import { usergroupRoutes } from './routes/index.js'

export const usergroupsFamily: Family = {
  name: 'usergroups',
  title: 'Usergroups',
  description: 'Usergroups: groups, membership and the grants that make up permissions. Every path here is ' +
    'modeled (no public client shows the vendor\'s): bare arrays, snake_case fields, ids as strings. A grant gives ' +
    'create/read/update/delete in one area (ipam, dns, dhcp, resource, user) on a resource and its subtree ' +
    '(resource 1, the TLR, is global), or the admin / swip flag; a grant lower in the tree overrides the ' +
    'group\'s grant above it. A user\'s rights are the union over their groups, computed per request, so every ' +
    'change shows on the next request. "Global Admins" and "Global Read Only" cannot be deleted and only their ' +
    'external_id changes. Known gaps: no Peering area, no SAML/LDAP group sync (external_id is stored only), no ' +
    'audit log.',
  prefixes: ['/api/v2/usergroups'],
  routes: usergroupRoutes
}
