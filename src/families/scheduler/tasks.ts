import type { Static } from 'typebox'
import { Value } from 'typebox/value'
import { formatTimestamp } from '../../core/clock.js'
import type { Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { getUserById } from '../../core/identity-store.js'
import { breaksIdRule, idError, readId } from '../../core/ids.js'
import type { TaskDefinition } from '../../core/tasks.js'
import { valueAt } from '../../core/validation.js'
import { firstAtOrAfter, parseTime, type Frequency } from './schedule.js'
import type { RunSchema, TaskSchema, TaskTypeSchema } from './schemas.js'
import { getTask, insertTask, lastRun, updateTask, type NewTask, type RunRow, type TaskRow } from './store.js'

export type Registry = ReadonlyMap<string, TaskDefinition>

/** A create or patch body, after schema validation. */
export interface TaskInput {
  name?: string
  type?: string
  parameters?: Record<string, unknown>
  schedule?: Frequency
  start_time?: string
  enabled?: boolean
  owner_id?: number | string
}

function checkType (registry: Registry, type: string, parameters: Record<string, unknown>): void {
  const definition = registry.get(type)
  if (definition === undefined) {
    throw new MockError('UNPROCESSABLE', `task type ${type} is not offered; GET /api/v2/scheduler/task_types lists ` +
      'the types', 'type')
  }
  const errors = Value.Errors(definition.parameters, parameters)
  const invalid = errors.find(breaksIdRule) ?? errors[0]
  if (invalid !== undefined) {
    const path = invalid.instancePath.replace(/^\//, '').replaceAll('/', '.')
    const missing = (invalid.params as { requiredProperties?: string[] }).requiredProperties?.[0]
    const field = ['parameters', path, missing].filter((part) => part !== undefined && part !== '').join('.')
    if (breaksIdRule(invalid)) throw idError(field, valueAt(parameters, invalid.instancePath))
    throw new MockError('UNPROCESSABLE', `${field} ${missing === undefined ? invalid.message : 'is required'} ` +
      `(task type ${type})`, field)
  }
}

function readStart (text: string): number {
  const start = parseTime(text)
  if (start === undefined) {
    throw new MockError('BAD_REQUEST', 'start_time must be a time like 2030-01-01 02:00:00 (UTC) or ISO 8601',
      'start_time')
  }
  return start
}

function readOwner (db: Db, value: number | string): number {
  const id = readId(value, 'owner_id')
  if (id === undefined || getUserById(db, id) === undefined) {
    throw new MockError('UNPROCESSABLE', `user ${String(value)} does not exist`, 'owner_id')
  }
  return id
}

/** When a task should next run as of `now`: a one-off at its start (at once when that has passed). */
function firstRun (schedule: Frequency, start: number, now: number): number | null {
  if (schedule === 'once') return start
  return firstAtOrAfter(schedule, start, now) ?? null
}

export function createTask (db: Db, registry: Registry, input: Required<Pick<TaskInput, 'name' | 'type' |
'schedule' | 'start_time'>> & TaskInput, callerId: number, now: number): number {
  const parameters = input.parameters ?? {}
  checkType(registry, input.type, parameters)
  const start = readStart(input.start_time)
  const ownerId = input.owner_id === undefined ? callerId : readOwner(db, input.owner_id)
  const enabled = input.enabled ?? true
  return insertTask(db, {
    name: input.name,
    type: input.type,
    parameters,
    schedule: input.schedule,
    start_ms: start,
    next_run_ms: enabled ? firstRun(input.schedule, start, now) : null,
    enabled,
    owner_id: ownerId
  }, now)
}

export function findTask (db: Db, id: number): TaskRow {
  const task = getTask(db, id)
  if (task === undefined) throw new MockError('NOT_FOUND', `scheduler task ${id} not found`)
  return task
}

/**
 * Applies a patch. A new schedule or start time plans the next run afresh; enabling a task plans
 * it from now (a one-off whose time passed while it was disabled stays unplanned); disabling
 * clears it.
 */
export function patchTask (db: Db, registry: Registry, id: number, input: TaskInput, now: number): void {
  const task = findTask(db, id)
  const type = input.type ?? task.type
  const parameters = input.parameters ?? (JSON.parse(task.parameters) as Record<string, unknown>)
  if (input.type !== undefined || input.parameters !== undefined) checkType(registry, type, parameters)
  const schedule = input.schedule ?? task.schedule
  const start = input.start_time === undefined ? task.start_ms : readStart(input.start_time)
  const enabled = input.enabled ?? task.enabled === 1
  let next = task.next_run_ms
  if (!enabled) next = null
  else if (input.schedule !== undefined || input.start_time !== undefined) next = firstRun(schedule, start, now)
  else if (
    task.enabled !== 1
  ) next = schedule === 'once' ? (start >= now ? start : null) : firstRun(schedule, start, now)
  const updated: NewTask = {
    name: input.name ?? task.name,
    type,
    parameters,
    schedule,
    start_ms: start,
    next_run_ms: next,
    enabled,
    owner_id: input.owner_id === undefined ? task.owner_id : readOwner(db, input.owner_id)
  }
  updateTask(db, id, updated, now)
}

const timeOrNull = (ms: number | null): string | null => (ms === null ? null : formatTimestamp(ms))

export function toTaskView (db: Db, task: TaskRow): Static<typeof TaskSchema> {
  const last = lastRun(db, task.id)
  return {
    id: String(task.id),
    name: task.name,
    type: task.type,
    parameters: JSON.parse(task.parameters) as Record<string, unknown>,
    schedule: task.schedule,
    start_time: formatTimestamp(task.start_ms),
    enabled: task.enabled === 1,
    owner_id: String(task.owner_id),
    owner: getUserById(db, task.owner_id)?.username ?? '',
    next_run: timeOrNull(task.next_run_ms),
    last_run: last === undefined ? null : formatTimestamp(last.start_ms),
    last_result: last === undefined ? null : { state: last.state, message: last.message },
    date: task.date,
    modified: task.modified
  }
}

export function toRunView (run: RunRow): Static<typeof RunSchema> {
  return {
    id: String(run.id),
    task_id: String(run.task_id),
    trigger: run.trigger,
    scheduled_time: timeOrNull(run.scheduled_ms),
    start_time: formatTimestamp(run.start_ms),
    end_time: timeOrNull(run.end_ms),
    state: run.state,
    message: run.message
  }
}

export function listTaskTypes (registry: Registry): Array<Static<typeof TaskTypeSchema>> {
  return [...registry.values()]
    .sort((a, b) => a.type.localeCompare(b.type))
    .map((task) => ({ type: task.type, description: task.description, parameters: task.parameters }))
}
