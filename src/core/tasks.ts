import type { TSchema } from 'typebox'
import type { Instance } from './instances.js'
import type { ApiCaller } from './internal-call.js'

export interface TaskOutcome {
  state: 'finished' | 'warning' | 'error'
  message: string
}

/** What a running task knows besides its parameters: who it runs as, and how to call the API as them. */
export interface TaskContext {
  /** The user the task runs as: the scheduler task's owner. */
  userId: number
  /** Calls this instance's API v2 from inside the server with that user's rights. */
  callApi: ApiCaller
}

/**
 * Work a family offers to the scheduler (and anything else that runs work by name): process the
 * holding tank, push DNS, push DHCP, run an ACP workflow. Families declare them in their Family
 * entry; the scheduler looks them up by `type` and never imports a family.
 */
export interface TaskDefinition {
  type: string
  description: string
  /** Schema of the task's `parameters` object. */
  parameters: TSchema
  run: (instance: Instance, parameters: Record<string, unknown>, context: TaskContext) =>
  TaskOutcome | Promise<TaskOutcome>
}
