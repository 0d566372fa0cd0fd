import type { Family } from '../../core/family.js'

export const dhcpFamily: Family = {
  name: 'dhcp',
  title: 'DHCP',
  description: 'DHCP: servers, groups, pools, reservations and pushes.',
  prefixes: ['/api/v2/dhcp']
}
