import { Type } from 'typebox'
import { MockError } from '../../core/errors.js'
import { getUserById } from '../../core/identity-store.js'
import type { TaskDefinition } from '../../core/tasks.js'
import { runWorkflow } from './runner.js'
import { getRun, getSteps, getWorkflow } from './store.js'
import { missingInput } from './workflows.js'

/** The scheduler task that runs a workflow as the task's owner. */
export const runWorkflowTask: TaskDefinition = {
  type: 'acp_run_workflow',
  description: 'Runs an ACP workflow (by slug or id) with the given input, with the rights of the task owner',
  parameters: Type.Object({
    workflow: Type.String({ minLength: 1, maxLength: 100, description: 'slug or id of the workflow' }),
    input: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'the run input' }))
  }, { additionalProperties: false }),
  run: async (instance, parameters, context) => {
    const db = instance.db
    const workflow = getWorkflow(db, String(parameters.workflow))
    if (
      workflow === undefined
    ) throw new MockError('NOT_FOUND', `ACP workflow ${String(parameters.workflow)} not found`)
    const user = getUserById(db, context.userId)
    if (
      user === undefined
    ) return { state: 'error', message: `the task owner (user ${context.userId}) no longer exists` }
    const input = (parameters.input ?? {}) as Record<string, unknown>
    const missing = missingInput(getSteps(instance.db, workflow.id), input)
    if (missing !== undefined) return { state: 'error', message: missing.message }
    const runId = await runWorkflow(instance, {
      workflow, input, user: { id: user.id, username: user.username }, trigger: 'scheduler', callApi: context.callApi
    })
    const run = getRun(instance.db, runId)
    return {
      state: run?.state === 'finished' ? 'finished' : 'error',
      message: `ACP run ${runId}: ${run?.message ?? ''}`
    }
  }
}
