import type { Instance } from '../../core/instances.js'
import type { ApiCaller } from '../../core/internal-call.js'
import { pathProblem, renderPath, renderValue, TemplateError, type StepResult } from './template.js'
import { addRunStep, finishRun, getSteps, startRun, type RunRow, type WorkflowRow } from './store.js'

export interface RunRequest {
  workflow: WorkflowRow
  input: Record<string, unknown>
  user: { id: number, username: string }
  trigger: RunRow['trigger']
  /** Calls the API with the rights of the caller (or, for a scheduled run, of the task owner). */
  callApi: ApiCaller
}

function errorText (body: unknown): string {
  const message = (body as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : typeof body === 'string' ? body.slice(0, 200) : ''
}

/**
 * Runs a workflow's steps in order against the same instance, recording each step's request,
 * status and response. The first step whose path or body cannot be rendered, or whose call
 * answers 400 or more, stops the run in state `error`. Answers the run id.
 */
export async function runWorkflow (instance: Instance, request: RunRequest): Promise<number> {
  const { workflow, input } = request
  const steps = getSteps(instance.db, workflow.id)
  const runId = startRun(instance.db, {
    workflow_id: workflow.id, user_id: request.user.id, username: request.user.username, trigger: request.trigger, input
  }, instance.clock.now())
  const results = new Map<string, StepResult>()
  const stop = (message: string): number => {
    finishRun(instance.db, runId, 'error', message, instance.clock.now())
    return runId
  }
  for (const [position, step] of steps.entries()) {
    const label = `step ${position + 1} (${step.name})`
    let path: string
    let body: unknown
    try {
      path = renderPath(step.path, { input, steps: results })
      body = step.body === undefined ? undefined : renderValue(step.body, { input, steps: results })
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      addRunStep(instance.db, runId, position, {
        name: step.name,
        state: 'error',
        message: error.message,
        method: step.method,
        path: step.path,
        status: null,
        response: null
      })
      return stop(`${label} was not sent: ${error.message}`)
    }
    const problem = pathProblem(path)
    if (problem !== undefined) {
      addRunStep(instance.db, runId, position, {
        name: step.name, state: 'error', message: problem, method: step.method, path, body, status: null, response: null
      })
      return stop(`${label} was not sent: ${problem}`)
    }
    let answer: Awaited<ReturnType<ApiCaller>>
    try {
      answer = await request.callApi({ method: step.method, path, body })
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'the call failed'
      addRunStep(instance.db, runId, position, {
        name: step.name, state: 'error', message: reason, method: step.method, path, body, status: null, response: null
      })
      return stop(`${label} failed: ${reason}`)
    }
    const failed = answer.status >= 400
    const message = failed ? `${answer.status} ${errorText(answer.body)}`.trim() : ''
    addRunStep(instance.db, runId, position, {
      name: step.name,
      state: failed ? 'error' : 'finished',
      message,
      method: step.method,
      path,
      body,
      status: answer.status,
      response: answer.body
    })
    if (failed) return stop(`${label} failed: ${message}`)
    results.set(step.name, { status: answer.status, body: answer.body })
  }
  finishRun(instance.db, runId, 'finished', `${steps.length} step${steps.length === 1 ? '' : 's'} finished`,
    instance.clock.now())
  return runId
}
