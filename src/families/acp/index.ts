import type { Family } from '../../core/family.js'
import { acpMigrations } from './migrations.js'
import { acpRoutes } from './routes/index.js'
import { runWorkflowTask } from './tasks.js'
import { userDeletionChecks } from '../../core/identity-store.js'
import { ownedBy } from './store.js'

// A user who owns workflows cannot be deleted until they are removed or handed over.
userDeletionChecks.push(ownedBy)

export const acpFamily: Family = {
  name: 'acp',
  title: 'API Composer Platform',
  description: 'API Composer Platform: workflows with a slug and ordered steps, each an API v2 call whose path ' +
    'and body are templated from the run input and earlier steps\' results (`{{input.mask}}`, ' +
    '`{{steps.assign.body.cidr | address}}`). POST the input to `/api/v2/acp/workflows/{slug}/run`: the steps ' +
    'run against the same instance with the caller\'s rights, each step\'s request, status and response is ' +
    'recorded, and the first failing step stops the run. The Scheduler task `acp_run_workflow` runs a workflow ' +
    'as the task owner. Writing workflows is admin only. Paths and fields are the mock\'s design (ACP is a ' +
    'separate product with no public API). Known gaps: no conditions, loops or retries; steps may not call the ' +
    'ACP or Scheduler APIs (so a workflow cannot run itself); runs are synchronous; 200 runs are kept per ' +
    'workflow; ProVision\'s own ACP settings (URL, credentials) and gadget are not modeled.',
  prefixes: ['/api/v2/acp'],
  migrations: acpMigrations,
  routes: acpRoutes,
  tasks: [runWorkflowTask]
}
