import type { Family } from '../../core/family.js'
import { schedulerMigrations } from './migrations.js'
import { schedulerRoutes } from './routes.js'
import { userDeletionChecks } from '../../core/identity-store.js'
import { ownedBy } from './store.js'

// A user who owns tasks cannot be deleted until they are removed or handed over.
userDeletionChecks.push(ownedBy)

export const schedulerFamily: Family = {
  name: 'scheduler',
  title: 'Scheduler',
  description: 'Scheduler: tasks of a type offered by another family (process the holding tank, DNS and DHCP ' +
    'pushes, ACP workflow runs), with parameters checked against the type\'s schema and a schedule (once, hourly, ' +
    'daily, weekly, monthly from a start time). Time is the instance clock: when it moves past due times, every ' +
    'due occurrence runs in order, each recorded with its result; "run now" runs a task at once. Tasks run as ' +
    'their owner. Admin only. Paths and fields are the mock\'s design (no public client shows them). Known gaps: ' +
    'times are UTC (no time zones or DST); a catch-up runs at most the latest 50 missed occurrences per task and ' +
    'records the rest as skipped; 100 runs are kept per task; the product\'s housekeeping tasks (session cleanup, ' +
    'backups, archive deletion, lease monitoring, IPAM alerts, approvals) are not offered.',
  prefixes: ['/api/v2/scheduler'],
  migrations: schedulerMigrations,
  routes: schedulerRoutes
}
