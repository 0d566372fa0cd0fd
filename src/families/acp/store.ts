import { formatTimestamp } from '../../core/clock.js'
import { stmt, type Db } from '../../core/db.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Step {
  name: string
  method: Method
  path: string
  /** Any JSON value; undefined sends no body. */
  body?: unknown
}

export interface WorkflowRow {
  id: number
  slug: string
  name: string
  description: string
  owner_id: number
  date: string
  modified: string
}

export interface NewWorkflow {
  slug: string
  name: string
  description: string
  owner_id: number
}

export type RunState = 'running' | 'finished' | 'error'

export interface RunRow {
  id: number
  workflow_id: number
  user_id: number
  username: string
  trigger: 'api' | 'scheduler'
  input: string
  state: RunState
  message: string
  start_ms: number
  end_ms: number | null
}

export interface RunStep {
  name: string
  state: 'finished' | 'error'
  message: string
  method: string
  path: string
  body?: unknown
  status: number | null
  response: unknown
}

/** Runs kept per workflow; older ones are dropped as new ones start. */
export const runsKept = 200

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value))
const parse = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text))

export function listWorkflows (db: Db, offset: number, limit: number): WorkflowRow[] {
  return stmt(db, 'SELECT * FROM acp_workflows ORDER BY id LIMIT ? OFFSET ?').all(limit, offset) as WorkflowRow[]
}

/** A workflow by id (digits) or slug. */
export function getWorkflow (db: Db, ref: string): WorkflowRow | undefined {
  const column = /^[0-9]+$/.test(ref) ? 'id' : 'slug'
  return stmt(db, `SELECT * FROM acp_workflows WHERE ${column} = ?`).get(ref) as WorkflowRow | undefined
}

export function slugTaken (db: Db, slug: string, exceptId = 0): boolean {
  return stmt(db, 'SELECT 1 FROM acp_workflows WHERE slug = ? AND id != ?').get(slug, exceptId) !== undefined
}

export function getSteps (db: Db, workflowId: number): Step[] {
  const rows = stmt(db, 'SELECT name, method, path, body FROM acp_steps WHERE workflow_id = ? ORDER BY position')
    .all(workflowId) as Array<{ name: string, method: Method, path: string, body: string | null }>
  return rows.map((row) => ({ name: row.name, method: row.method, path: row.path, body: parse(row.body) }))
}

function writeSteps (db: Db, workflowId: number, steps: Step[]): void {
  stmt(db, 'DELETE FROM acp_steps WHERE workflow_id = ?').run(workflowId)
  const insert = stmt(
    db,
    'INSERT INTO acp_steps (workflow_id, position, name, method, path, body) VALUES (?, ?, ?, ?, ?, ?)'
  )
  steps.forEach((step, position) =>
    insert.run(workflowId, position, step.name, step.method, step.path, json(step.body))
  )
}

export function insertWorkflow (db: Db, workflow: NewWorkflow, steps: Step[], now: number): number {
  const stamp = formatTimestamp(now)
  const result = stmt(db, `INSERT INTO acp_workflows (slug, name, description, owner_id, date, modified)
    VALUES (?, ?, ?, ?, ?, ?)`).run(workflow.slug, workflow.name, workflow.description, workflow.owner_id, stamp, stamp)
  const id = Number(result.lastInsertRowid)
  writeSteps(db, id, steps)
  return id
}

export function updateWorkflow (
  db: Db,
  id: number,
  workflow: NewWorkflow,
  steps: Step[] | undefined,
  now: number
): void {
  stmt(db, 'UPDATE acp_workflows SET slug = ?, name = ?, description = ?, owner_id = ?, modified = ? WHERE id = ?').run(
    workflow.slug,
    workflow.name,
    workflow.description,
    workflow.owner_id,
    formatTimestamp(now),
    id
  )
  if (steps !== undefined) writeSteps(db, id, steps)
}

export function deleteWorkflow (db: Db, id: number): void {
  stmt(db, 'DELETE FROM acp_workflows WHERE id = ?').run(id)
}

export function startRun (db: Db, run: Pick<RunRow, 'workflow_id' | 'user_id' | 'username' | 'trigger'> &
{ input: Record<string, unknown> }, now: number): number {
  const result = stmt(db, `INSERT INTO acp_runs (workflow_id, user_id, username, trigger, input, state, start_ms)
    VALUES (?, ?, ?, ?, ?, 'running', ?)`).run(run.workflow_id, run.user_id, run.username, run.trigger,
    JSON.stringify(run.input), now)
  stmt(
    db,
    `DELETE FROM acp_runs WHERE workflow_id = @workflow AND id <= (SELECT id FROM acp_runs
    WHERE workflow_id = @workflow ORDER BY id DESC LIMIT 1 OFFSET @keep)`
  ).run({ workflow: run.workflow_id, keep: runsKept })
  return Number(result.lastInsertRowid)
}

export function addRunStep (db: Db, runId: number, position: number, step: RunStep): void {
  stmt(db, `INSERT INTO acp_run_steps (run_id, position, name, state, message, method, path, body, status, response)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(runId, position, step.name, step.state, step.message, step.method,
    step.path, json(step.body), step.status, json(step.response))
}

export function finishRun (db: Db, runId: number, state: RunState, message: string, now: number): void {
  stmt(db, 'UPDATE acp_runs SET state = ?, message = ?, end_ms = ? WHERE id = ?').run(state, message, now, runId)
}

export function getRun (db: Db, runId: number): RunRow | undefined {
  return stmt(db, 'SELECT * FROM acp_runs WHERE id = ?').get(runId) as RunRow | undefined
}

export function getRunSteps (db: Db, runId: number): RunStep[] {
  const rows = stmt(db, 'SELECT * FROM acp_run_steps WHERE run_id = ? ORDER BY position').all(runId) as Array<
  Omit<RunStep, 'body' | 'response'> & { body: string | null, response: string | null }>
  return rows.map((row) => ({ ...row, body: parse(row.body), response: parse(row.response) ?? null }))
}

/** A workflow's runs, newest first; only `userId`'s when given. */
export function listRuns (db: Db, workflowId: number, userId: number | null, offset: number, limit: number): RunRow[] {
  return stmt(
    db,
    `SELECT * FROM acp_runs WHERE workflow_id = @workflow AND (@user IS NULL OR user_id = @user)
    ORDER BY id DESC LIMIT @limit OFFSET @offset`
  ).all({ workflow: workflowId, user: userId, limit, offset }) as RunRow[]
}

/**
 * Why a user cannot be deleted yet, or undefined when they own no workflow. The users family calls
 * this before deleting a user.
 */
export function ownedBy (db: Db, userId: number): string | undefined {
  const slugs = stmt(db, 'SELECT slug FROM acp_workflows WHERE owner_id = ? ORDER BY id')
    .pluck()
    .all(userId) as string[]
  if (slugs.length === 0) return undefined
  return `user ${userId} owns ACP workflow${slugs.length === 1 ? '' : 's'} ${slugs.join(', ')}: delete them or ` +
    'give them another owner (PATCH /api/v2/acp/workflows/{slug} with owner_id) first'
}
