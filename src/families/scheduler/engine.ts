import { Value } from 'typebox/value'
import type { Instance } from '../../core/instances.js'
import type { ApiCaller } from '../../core/internal-call.js'
import type { TaskDefinition, TaskOutcome } from '../../core/tasks.js'
import { formatTimestamp } from '../../core/clock.js'
import { indexAtOrBefore, nextAfter, occurrence } from './schedule.js'
import { finishRun, getRun, nextDueTask, setNextRun, startRun, type RunRow, type TaskRow } from './store.js'

/** Most missed occurrences of one task that a catch-up runs; older ones are skipped with a warning. */
export const catchUpLimit = 50

export interface SchedulerOptions {
  instance: Instance
  /** Task types by name: the app's registry, or a fake one in tests. */
  tasks: ReadonlyMap<string, TaskDefinition>
  /** The API caller handed to a task that runs as `userId`. */
  callerFor: (userId: number) => ApiCaller
  /** Where errors go that no request is waiting for (a clock change fired the task). */
  onError?: (error: unknown) => void
}

const outcomeStates = new Set(['finished', 'warning', 'error'])

function isPromiseLike<T> (value: unknown): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

function failure (error: unknown): TaskOutcome {
  return { state: 'error', message: error instanceof Error ? error.message : 'the task failed' }
}

function checkOutcome (outcome: TaskOutcome): TaskOutcome {
  if (outcome !== null && typeof outcome === 'object' && outcomeStates.has(outcome.state) &&
    typeof outcome.message === 'string') return outcome
  return { state: 'error', message: 'the task returned no valid outcome' }
}

/**
 * Fires an instance's scheduled tasks on the instance clock. Every occurrence that has come due
 * runs, earliest first (ties by task id), each after the previous one finished, so a test that
 * advances the clock sees the same runs in the same order every time. Synchronous tasks run within
 * the clock change itself; asynchronous ones (an ACP workflow) chain on `tick()`'s promise.
 */
export class SchedulerEngine {
  readonly #options: SchedulerOptions
  readonly #unhook: () => void
  #pending: Promise<void> | undefined

  constructor (options: SchedulerOptions) {
    this.#options = options
    this.#unhook = options.instance.clock.onChange(() => {
      try {
        this.tick()?.catch((error: unknown) => this.#report(error))
      } catch (error) {
        this.#report(error)
      }
    })
  }

  /** Runs what is due now; a promise when some of it is still running, to await before reading results. */
  tick (): Promise<void> | undefined {
    return this.#pending ?? this.#drain()
  }

  /** Runs a task at once, outside its schedule, and answers the finished run. */
  async runNow (task: TaskRow): Promise<RunRow> {
    const runId = await this.#execute(task, 'manual', null)
    return getRun(this.#options.instance.db, runId) as RunRow
  }

  /** Stops listening to the clock. */
  close (): void {
    this.#unhook()
  }

  #report (error: unknown): void {
    this.#options.onError?.(error)
  }

  #drain (): Promise<void> | undefined {
    const { instance } = this.#options
    for (;;) {
      const task = instance.db.open ? nextDueTask(instance.db, instance.clock.now()) : undefined
      if (task === undefined) {
        this.#pending = undefined
        return undefined
      }
      const running = this.#fire(task)
      if (running !== undefined) {
        this.#pending = running.then(() => this.#drain()).catch((error: unknown) => {
          this.#pending = undefined
          this.#report(error)
        })
        return this.#pending
      }
    }
  }

  /** Fires the task's due occurrence (or skips a long backlog); a promise while it runs. */
  #fire (task: TaskRow): Promise<unknown> | undefined {
    const { instance } = this.#options
    const db = instance.db
    const now = instance.clock.now()
    const due = task.next_run_ms as number
    const latest = indexAtOrBefore(task.schedule, task.start_ms, now)
    const behind = latest - indexAtOrBefore(task.schedule, task.start_ms, due)
    if (behind >= catchUpLimit) {
      const resume = occurrence(task.schedule, task.start_ms, latest - catchUpLimit + 1)
      const runId = startRun(db, task.id, 'schedule', due, now)
      finishRun(db, runId, {
        state: 'warning',
        message: `skipped ${behind - catchUpLimit + 1} missed runs from ${formatTimestamp(due)}; a catch-up ` +
          `runs at most the latest ${catchUpLimit}`
      }, now)
      setNextRun(db, task.id, resume)
      return undefined
    }
    setNextRun(db, task.id, nextAfter(task.schedule, task.start_ms, due) ?? null)
    const result = this.#execute(task, 'schedule', due)
    return isPromiseLike(result) ? Promise.resolve(result) : undefined
  }

  /** Records a run of the task and its outcome; the run id, or a promise of it while the task runs. */
  #execute (task: TaskRow, trigger: RunRow['trigger'], scheduledMs: number | null): number | Promise<number> {
    const { instance, tasks, callerFor } = this.#options
    const runId = startRun(instance.db, task.id, trigger, scheduledMs, instance.clock.now())
    const finish = (outcome: TaskOutcome): number => {
      if (instance.db.open) finishRun(instance.db, runId, checkOutcome(outcome), instance.clock.now())
      return runId
    }
    let result: TaskOutcome | PromiseLike<TaskOutcome>
    try {
      const definition = tasks.get(task.type)
      if (definition === undefined) return finish({ state: 'error', message: `task type ${task.type} is not offered` })
      const parameters = JSON.parse(task.parameters) as Record<string, unknown>
      const invalid = Value.Errors(definition.parameters, parameters)[0]
      if (invalid !== undefined) {
        return finish({ state: 'error', message: `parameters${invalid.instancePath} ${invalid.message}` })
      }
      result = definition.run(instance, parameters, { userId: task.owner_id, callApi: callerFor(task.owner_id) })
    } catch (error) {
      return finish(failure(error))
    }
    if (!isPromiseLike(result)) return finish(result)
    return Promise.resolve(result).then(finish, (error: unknown) => finish(failure(error)))
  }
}
