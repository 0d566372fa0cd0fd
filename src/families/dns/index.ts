import type { Family } from '../../core/family.js'

export const dnsFamily: Family = {
  name: 'dns',
  title: 'DNS',
  description: 'DNS: zones, records, groups, servers, ACLs and pushes.',
  prefixes: ['/api/v2/dns']
}
