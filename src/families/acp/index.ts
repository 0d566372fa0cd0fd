import type { Family } from '../../core/family.js'

export const acpFamily: Family = {
  name: 'acp',
  title: 'API Composer Platform',
  description: 'API Composer Platform: workflows of API calls run by slug.',
  prefixes: ['/api/v2/acp']
}
