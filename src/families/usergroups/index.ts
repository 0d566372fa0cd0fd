import type { Family } from '../../core/family.js'

export const usergroupsFamily: Family = {
  name: 'usergroups',
  title: 'Usergroups',
  description: 'Usergroups: groups, membership and the grants that make up permissions.',
  prefixes: ['/api/v2/usergroups']
}
