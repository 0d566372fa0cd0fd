import type { Static } from 'typebox'
import { formatTimestamp } from '../../core/clock.js'
import type { Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { getUserById } from '../../core/identity-store.js'
import { idFromText, readId } from '../../core/ids.js'
import type { RunSchema, WorkflowSchema } from './schemas.js'
import { parseTemplate, pathProblem, placeholdersIn, TemplateError, type Placeholder } from './template.js'
import {
  getRunSteps, getSteps, getWorkflow, insertWorkflow, slugTaken, updateWorkflow, type RunRow, type Step,
  type WorkflowRow
} from './store.js'

export interface WorkflowInput {
  slug?: string
  name?: string
  description?: string
  steps?: Step[]
  owner_id?: number | string
}

/** A workflow by slug, or by id when `ref` is digits (slugs hold a letter). */
export function findWorkflow (db: Db, ref: string): WorkflowRow {
  if (/^[0-9]+$/.test(ref)) idFromText(ref, 'params.workflow')
  const workflow = getWorkflow(db, ref)
  if (workflow === undefined) throw new MockError('NOT_FOUND', `ACP workflow ${ref} not found`)
  return workflow
}

function checkReference (steps: Step[], index: number, field: string, placeholder: Placeholder): void {
  const reference = placeholder.reference
  if (reference.root !== 'steps') return
  const at = steps.findIndex((step) => step.name === reference.step)
  if (at === -1) {
    throw new MockError('UNPROCESSABLE', `${field} refers to step ${reference.step}, which this workflow does not ` +
      'have', field)
  }
  if (at >= index) {
    throw new MockError('UNPROCESSABLE', `${field} refers to step ${reference.step}, which does not run before ` +
      `step ${steps[index].name}`, field)
  }
}

/**
 * Checks a step list: unique names, paths under /api/v2/ (not ACP or Scheduler), well-formed
 * templates, and references only to steps that run earlier. Each problem is a 422 naming the field.
 */
export function checkSteps (steps: Step[]): void {
  const names = new Set<string>()
  steps.forEach((step, index) => {
    const field = `steps.${index}`
    if (
      names.has(step.name)
    ) throw new MockError('UNPROCESSABLE', `${field}.name ${step.name} is used twice`, `${field}.name`)
    names.add(step.name)
    try {
      const literal = parseTemplate(step.path).map((part) => (typeof part === 'string' ? part : 'x')).join('')
      const problem = pathProblem(literal)
      if (problem !== undefined) throw new MockError('UNPROCESSABLE', `${field}.path: ${problem}`, `${field}.path`)
      for (
        const { placeholder } of placeholdersIn(step.path)
      ) checkReference(steps, index, `${field}.path`, placeholder)
    } catch (error) {
      if (
        error instanceof TemplateError
      ) throw new MockError('UNPROCESSABLE', `${field}.path: ${error.message}`, `${field}.path`)
      throw error
    }
    let found: ReturnType<typeof placeholdersIn>
    try {
      found = placeholdersIn(step.body, `${field}.body`)
    } catch (error) {
      if (
        error instanceof TemplateError
      ) throw new MockError('UNPROCESSABLE', `${field}.body: ${error.message}`, `${field}.body`)
      throw error
    }
    for (const { path, placeholder } of found) checkReference(steps, index, path, placeholder)
  })
}

function readOwner (db: Db, value: number | string): number {
  const id = readId(value, 'owner_id')
  if (id === undefined || getUserById(db, id) === undefined) {
    throw new MockError('UNPROCESSABLE', `user ${String(value)} does not exist`, 'owner_id')
  }
  return id
}

function checkSlug (db: Db, slug: string, exceptId = 0): void {
  if (slugTaken(db, slug, exceptId)) throw new MockError('CONFLICT', `a workflow with slug ${slug} exists`, 'slug')
}

export function createWorkflow (db: Db, input: Required<Pick<WorkflowInput, 'slug' | 'name' | 'steps'>> &
WorkflowInput, callerId: number, now: number): number {
  checkSteps(input.steps)
  checkSlug(db, input.slug)
  const ownerId = input.owner_id === undefined ? callerId : readOwner(db, input.owner_id)
  return insertWorkflow(
    db,
    { slug: input.slug, name: input.name, description: input.description ?? '', owner_id: ownerId },
    input.steps,
    now
  )
}

export function patchWorkflow (db: Db, ref: string, input: WorkflowInput, now: number): number {
  const workflow = findWorkflow(db, ref)
  if (input.steps !== undefined) checkSteps(input.steps)
  if (input.slug !== undefined) checkSlug(db, input.slug, workflow.id)
  updateWorkflow(db, workflow.id, {
    slug: input.slug ?? workflow.slug,
    name: input.name ?? workflow.name,
    description: input.description ?? workflow.description,
    owner_id: input.owner_id === undefined ? workflow.owner_id : readOwner(db, input.owner_id)
  }, input.steps, now)
  return workflow.id
}

/** The top-level input keys the steps read, each with the first step that reads it. */
export function inputsRead (steps: Step[]): Map<string, string> {
  const keys = new Map<string, string>()
  for (const step of steps) {
    for (const { placeholder } of [...placeholdersIn(step.path), ...placeholdersIn(step.body)]) {
      const reference = placeholder.reference
      if (reference.root === 'input' && reference.path.length > 0 && !keys.has(reference.path[0])) {
        keys.set(reference.path[0], step.name)
      }
    }
  }
  return keys
}

/** The first input key the steps read that `input` lacks, as a readable problem. */
export function missingInput (
  steps: Step[],
  input: Record<string, unknown>
): { key: string, message: string } | undefined {
  for (const [key, step] of inputsRead(steps)) {
    if (!Object.hasOwn(input, key)) return { key, message: `input ${key} is required (step ${step} reads it)` }
  }
  return undefined
}

function viewStep (step: Step): Static<typeof WorkflowSchema>['steps'][number] {
  return { name: step.name, method: step.method, path: step.path, body: step.body ?? null }
}

export function toWorkflowView (db: Db, workflow: WorkflowRow): Static<typeof WorkflowSchema> {
  return {
    id: String(workflow.id),
    slug: workflow.slug,
    name: workflow.name,
    description: workflow.description,
    steps: getSteps(db, workflow.id).map(viewStep),
    owner_id: String(workflow.owner_id),
    owner: getUserById(db, workflow.owner_id)?.username ?? '',
    date: workflow.date,
    modified: workflow.modified
  }
}

export function toRunView (db: Db, run: RunRow, slug: string): Static<typeof RunSchema> {
  const steps = getRunSteps(db, run.id)
  const last = steps.at(-1)
  return {
    id: String(run.id),
    workflow_id: String(run.workflow_id),
    slug,
    user_id: String(run.user_id),
    username: run.username,
    trigger: run.trigger,
    state: run.state,
    message: run.message,
    input: JSON.parse(run.input),
    output: run.state === 'finished' && last !== undefined ? last.response : null,
    start_time: formatTimestamp(run.start_ms),
    end_time: run.end_ms === null ? null : formatTimestamp(run.end_ms),
    steps: steps.map((step) => ({
      name: step.name,
      state: step.state,
      message: step.message,
      request: { method: step.method, path: step.path, body: step.body ?? null },
      status: step.status,
      response: step.response
    }))
  }
}
