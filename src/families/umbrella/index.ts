import type { Family } from '../../core/family.js'

export const umbrellaFamily: Family = {
  name: 'umbrella',
  title: 'Umbrella',
  description: 'Umbrella: external IPAM modules and their mirrored netblocks.',
  prefixes: ['/api/v2/umbrella']
}
