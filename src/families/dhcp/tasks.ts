import { Type } from 'typebox'
import type { Instance } from '../../core/instances.js'
import type { TaskDefinition, TaskOutcome } from '../../core/tasks.js'
import { IdInputSchema } from '../../core/schemas.js'
import { planServerPush, pushKinds } from './render.js'
import { invalid, listServers } from './store.js'

const worst = ['finished', 'warning', 'error'] as const

function pushServer (instance: Instance, id: number): TaskOutcome {
  const planned = planServerPush(instance.db, id)
  instance.jobs.start(pushKinds.servers, id, planned.steps, planned.output)
  return planned.outcome
}

/** The scheduler's DHCP push: one server (`server_id`) or, without parameters, every server. */
export const dhcpTasks: TaskDefinition[] = [
  {
    type: 'dhcp_push',
    description: 'Push the dhcpd.conf of one DHCP server (server_id) or of every server',
    parameters: Type.Object({ server_id: Type.Optional(IdInputSchema) }),
    run: (instance, parameters) => {
      if (parameters.server_id !== undefined) {
        const id = Number(parameters.server_id)
        if (!Number.isSafeInteger(id) || id <= 0) throw invalid('server_id', 'a DHCP server id is required')
        return pushServer(instance, id)
      }
      const servers = listServers(instance.db, () => true)
      const outcomes = servers.map((server) => pushServer(instance, Number(server.id)))
      const state = worst[Math.max(0, ...outcomes.map((o) => worst.indexOf(o.state)))]
      const failed = outcomes.filter((o) => o.state !== 'finished').map((o) => o.message)
      const detail = failed.length === 0 ? '' : `: ${failed.join('; ')}`
      return { state, message: `pushed ${servers.length} DHCP servers${detail}` }
    }
  }
]
