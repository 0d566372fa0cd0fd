import { Type } from 'typebox'
import type { Instance } from '../../core/instances.js'
import type { TaskDefinition, TaskOutcome } from '../../core/tasks.js'
import { IdInputSchema } from '../../core/schemas.js'
import { invalid } from './names.js'
import { listGroups } from './infra-store.js'
import { planGroupPush, planServerPush, planZonePush, pushKinds, type PushPlan } from './push.js'

function run (instance: Instance, kind: string, id: number, plan: (id: number) => PushPlan): TaskOutcome {
  const planned = plan(id)
  instance.jobs.start(kind, id, planned.steps, planned.output)
  return planned.outcome
}

function idOf (parameters: Record<string, unknown>, key: string): number {
  const id = Number(parameters[key])
  if (!Number.isSafeInteger(id) || id <= 0) throw invalid(key, `a DNS ${key.replace('_id', '')} id is required`)
  return id
}

const worst = ['finished', 'warning', 'error'] as const

/** The scheduler's DNS zone-transfer tasks: push everything, one server, or one zone. */
export const dnsTasks: TaskDefinition[] = [
  {
    type: 'dns_push_all',
    description: 'Push every DNS group (all zones to all servers)',
    parameters: Type.Object({}),
    run: (instance) => {
      const groups = listGroups(instance.db, () => true)
      const outcomes = groups.map((group) =>
        run(instance, pushKinds.groups, Number(group.id), (id) => planGroupPush(instance.db, id)))
      const state = worst[Math.max(0, ...outcomes.map((o) => worst.indexOf(o.state)))]
      const failed = outcomes.filter((o) => o.state !== 'finished').map((o) => o.message)
      const detail = failed.length === 0 ? '' : `: ${failed.join('; ')}`
      return { state, message: `pushed ${groups.length} DNS groups${detail}` }
    }
  },
  {
    type: 'dns_push_server',
    description: 'Push every zone of one DNS server\'s group to that server',
    parameters: Type.Object({ server_id: IdInputSchema }),
    run: (instance, parameters) =>
      run(instance, pushKinds.servers, idOf(parameters, 'server_id'), (id) => planServerPush(instance.db, id))
  },
  {
    type: 'dns_push_zone',
    description: 'Push one DNS zone to the servers of its group',
    parameters: Type.Object({ zone_id: IdInputSchema }),
    run: (instance, parameters) =>
      run(instance, pushKinds.zones, idOf(parameters, 'zone_id'), (id) => planZonePush(instance.db, id))
  }
]
