import { formatTimestamp } from '../../core/clock.js'
import { stmt, type Db } from '../../core/db.js'
import type { TaskOutcome } from '../../core/tasks.js'
import type { Frequency } from './schedule.js'

export interface TaskRow {
  id: number
  name: string
  type: string
  parameters: string
  schedule: Frequency
  start_ms: number
  next_run_ms: number | null
  enabled: number
  owner_id: number
  date: string
  modified: string
}

export type RunState = 'running' | TaskOutcome['state']

export interface RunRow {
  id: number
  task_id: number
  trigger: 'schedule' | 'manual'
  scheduled_ms: number | null
  start_ms: number
  end_ms: number | null
  state: RunState
  message: string
}

export interface NewTask {
  name: string
  type: string
  parameters: Record<string, unknown>
  schedule: Frequency
  start_ms: number
  next_run_ms: number | null
  enabled: boolean
  owner_id: number
}

/** Runs kept per task; older ones are dropped as new ones are recorded. */
export const runsKept = 100

export function listTasks (db: Db, filter: { type?: string, offset: number, limit: number }): TaskRow[] {
  return stmt(
    db,
    `SELECT * FROM scheduler_tasks WHERE (@type IS NULL OR type = @type) ORDER BY id
    LIMIT @limit OFFSET @offset`
  ).all({ type: filter.type ?? null, limit: filter.limit, offset: filter.offset }) as TaskRow[]
}

export function getTask (db: Db, id: number): TaskRow | undefined {
  return stmt(db, 'SELECT * FROM scheduler_tasks WHERE id = ?').get(id) as TaskRow | undefined
}

export function insertTask (db: Db, task: NewTask, now: number): number {
  const stamp = formatTimestamp(now)
  const result = stmt(db, `INSERT INTO scheduler_tasks (name, type, parameters, schedule, start_ms, next_run_ms,
    enabled, owner_id, date, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(task.name, task.type,
    JSON.stringify(task.parameters), task.schedule, task.start_ms, task.next_run_ms, task.enabled ? 1 : 0,
    task.owner_id, stamp, stamp)
  return Number(result.lastInsertRowid)
}

/** Writes every field of a task back. */
export function updateTask (db: Db, id: number, task: NewTask, now: number): void {
  stmt(db, `UPDATE scheduler_tasks SET name = ?, type = ?, parameters = ?, schedule = ?, start_ms = ?,
    next_run_ms = ?, enabled = ?, owner_id = ?, modified = ? WHERE id = ?`).run(task.name, task.type,
    JSON.stringify(task.parameters), task.schedule, task.start_ms, task.next_run_ms, task.enabled ? 1 : 0,
    task.owner_id, formatTimestamp(now), id)
}

export function deleteTask (db: Db, id: number): boolean {
  return stmt(db, 'DELETE FROM scheduler_tasks WHERE id = ?').run(id).changes > 0
}

/** The enabled task due earliest at or before `now` (ties by id), if any. */
export function nextDueTask (db: Db, now: number): TaskRow | undefined {
  return stmt(db, `SELECT * FROM scheduler_tasks WHERE enabled = 1 AND next_run_ms IS NOT NULL AND next_run_ms <= ?
    ORDER BY next_run_ms, id LIMIT 1`).get(now) as TaskRow | undefined
}

export function setNextRun (db: Db, id: number, nextRunMs: number | null): void {
  stmt(db, 'UPDATE scheduler_tasks SET next_run_ms = ? WHERE id = ?').run(nextRunMs, id)
}

export function startRun (db: Db, taskId: number, trigger: RunRow['trigger'], scheduledMs: number | null,
  now: number): number {
  const result = stmt(db, `INSERT INTO scheduler_runs (task_id, trigger, scheduled_ms, start_ms, state)
    VALUES (?, ?, ?, ?, 'running')`).run(taskId, trigger, scheduledMs, now)
  stmt(db, `DELETE FROM scheduler_runs WHERE task_id = @task AND id <= (SELECT id FROM scheduler_runs
    WHERE task_id = @task ORDER BY id DESC LIMIT 1 OFFSET @keep)`).run({ task: taskId, keep: runsKept })
  return Number(result.lastInsertRowid)
}

export function finishRun (db: Db, runId: number, outcome: TaskOutcome, now: number): void {
  stmt(db, 'UPDATE scheduler_runs SET state = ?, message = ?, end_ms = ? WHERE id = ?')
    .run(outcome.state, outcome.message, now, runId)
}

export function getRun (db: Db, runId: number): RunRow | undefined {
  return stmt(db, 'SELECT * FROM scheduler_runs WHERE id = ?').get(runId) as RunRow | undefined
}

/** A task's runs, newest first. */
export function listRuns (db: Db, taskId: number, offset: number, limit: number): RunRow[] {
  return stmt(db, 'SELECT * FROM scheduler_runs WHERE task_id = ? ORDER BY id DESC LIMIT ? OFFSET ?')
    .all(taskId, limit, offset) as RunRow[]
}

export function lastRun (db: Db, taskId: number): RunRow | undefined {
  return stmt(db, 'SELECT * FROM scheduler_runs WHERE task_id = ? ORDER BY id DESC LIMIT 1').get(taskId) as
    RunRow | undefined
}

/**
 * Why a user cannot be deleted yet, or undefined when they own no task. The users family calls
 * this before deleting a user.
 */
export function ownedBy (db: Db, userId: number): string | undefined {
  const ids = stmt(db, 'SELECT id FROM scheduler_tasks WHERE owner_id = ? ORDER BY id').pluck().all(userId) as number[]
  if (ids.length === 0) return undefined
  return `user ${userId} owns scheduler task${ids.length === 1 ? '' : 's'} ${ids.join(', ')}: delete ` +
    'them or give them another owner (PATCH /api/v2/scheduler/tasks/{id} with owner_id) first'
}
