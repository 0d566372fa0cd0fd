import type { Family } from '../../core/family.js'

export const schedulerFamily: Family = {
  name: 'scheduler',
  title: 'Scheduler',
  description: 'Scheduler: tasks that run on a schedule on the mock clock.',
  prefixes: ['/api/v2/scheduler']
}
