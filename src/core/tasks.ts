import type { TSchema } from 'typebox'
import type { Instance } from './instances.js'

export interface TaskOutcome {
  state: 'finished' | 'warning' | 'error'
  message: string
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
  run: (instance: Instance, parameters: Record<string, unknown>) => TaskOutcome | Promise<TaskOutcome>
}
