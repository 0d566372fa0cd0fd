import type { Family } from '../../core/family.js'

export const ipamFamily: Family = {
  name: 'ipam',
  title: 'IPAM',
  description: 'IPAM: netblocks, smart and direct assignment, holding tank, aggregates, VLANs, rules, SWIP.',
  prefixes: ['/api/v2/ipam']
}
