import t from 'tap'
import { Type } from 'typebox'
import { allMigrations } from '../../../src/app.js'
import { openDatabase, runMigrations } from '../../../src/core/db.js'
import { Instance } from '../../../src/core/instances.js'
import type { TaskDefinition, TaskOutcome } from '../../../src/core/tasks.js'
import { catchUpLimit, SchedulerEngine } from '../../../src/families/scheduler/engine.js'
import { getTask, insertTask, listRuns, type NewTask } from '../../../src/families/scheduler/store.js'

const hour = 3_600_000
const t0 = Date.parse('2030-01-01T00:00:00Z')

/** A bare instance (schema only) on a frozen clock, a fake registry and a scheduler over both. */
function setup (t: { teardown: (fn: () => void) => void }, definitions: TaskDefinition[]): {
  instance: Instance, engine: SchedulerEngine, add: (task: Partial<NewTask>) => number
} {
  const db = openDatabase()
  runMigrations(db, allMigrations())
  const instance = new Instance('unit', db, 'fixtures/default', null, 'clock')
  instance.clock.set(t0)
  const engine = new SchedulerEngine({
    instance,
    tasks: new Map(definitions.map((definition) => [definition.type, definition])),
    callerFor: () => async () => ({ status: 200, body: null })
  })
  t.teardown(() => {
    engine.close()
    instance.close()
  })
  const add = (task: Partial<NewTask>): number => insertTask(db, {
    name: 'task',
    type: 'record',
    parameters: {},
    schedule: 'hourly',
    start_ms: t0 + hour,
    next_run_ms: t0 + hour,
    enabled: true,
    owner_id: 1,
    ...task
  }, t0)
  return { instance, engine, add }
}

/** A task type that remembers each call: which task (by its `label` parameter) ran at what time. */
function recorder (): { definition: TaskDefinition, calls: string[] } {
  const calls: string[] = []
  const definition: TaskDefinition = {
    type: 'record',
    description: 'records its calls',
    parameters: Type.Object({ label: Type.Optional(Type.String()) }),
    run: (instance, parameters) => {
      calls.push(`${String(parameters.label ?? '')}@${(instance.clock.now() - t0) / hour}h`)
      return { state: 'finished', message: `call ${calls.length}` }
    }
  }
  return { definition, calls }
}

t.test('SchedulerEngine', async (t) => {
  t.test('a clock change fires every due occurrence in order, synchronously', async (t) => {
    const { definition, calls } = recorder()
    const { instance, add } = setup(t, [definition])
    const id = add({ parameters: { label: 'a' } })
    instance.clock.advance(3 * hour)
    t.same(calls, ['a@3h', 'a@3h', 'a@3h'], 'three hourly occurrences ran during advance()')
    const runs = listRuns(instance.db, id, 0, 10).reverse()
    t.same(runs.map((run) => (run.scheduled_ms as number - t0) / hour), [1, 2, 3])
    t.same(runs.map((run) => run.state), ['finished', 'finished', 'finished'])
    t.same(runs.map((run) => run.trigger), ['schedule', 'schedule', 'schedule'])
    t.equal(getTask(instance.db, id)?.next_run_ms, t0 + 4 * hour)
  })

  t.test('tasks due at the same time run by id; earlier due times first', async (t) => {
    const { definition, calls } = recorder()
    const { instance, add } = setup(t, [definition])
    add({ parameters: { label: 'b' }, schedule: 'daily', start_ms: t0 + 2 * hour, next_run_ms: t0 + 2 * hour })
    add({ parameters: { label: 'c' }, schedule: 'once', start_ms: t0 + 2 * hour, next_run_ms: t0 + 2 * hour })
    add({ parameters: { label: 'a' }, schedule: 'once', start_ms: t0 + hour, next_run_ms: t0 + hour })
    instance.clock.advance(2 * hour)
    t.same(calls, ['a@2h', 'b@2h', 'c@2h'])
    instance.clock.advance(48 * hour)
    t.same(calls.slice(3), ['b@50h', 'b@50h'], 'one-offs ran once; the daily task twice more')
  })

  t.test('asynchronous tasks run one after another and tick() waits for them', async (t) => {
    const log: string[] = []
    const slow: TaskDefinition = {
      type: 'record',
      description: 'async',
      parameters: Type.Object({ label: Type.String() }),
      run: async (_instance, parameters): Promise<TaskOutcome> => {
        log.push(`start ${String(parameters.label)}`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        log.push(`end ${String(parameters.label)}`)
        return { state: 'warning', message: 'slow' }
      }
    }
    const { instance, engine, add } = setup(t, [slow])
    const id = add({ parameters: { label: 'x' } })
    add({ parameters: { label: 'y' }, schedule: 'once' })
    instance.clock.advance(2 * hour)
    t.same(log, ['start x'], 'the first run started within the clock change')
    await engine.tick()
    t.same(log, ['start x', 'end x', 'start y', 'end y', 'start x', 'end x'])
    t.same(listRuns(instance.db, id, 0, 10).map((run) => run.state), ['warning', 'warning'])
    t.equal(engine.tick(), undefined, 'nothing left to wait for')
  })

  t.test('a long backlog runs only the latest occurrences and records the skip', async (t) => {
    const { definition, calls } = recorder()
    const { instance, add } = setup(t, [definition])
    const id = add({})
    instance.clock.advance(120 * hour)
    t.equal(calls.length, catchUpLimit)
    const runs = listRuns(instance.db, id, 0, 100).reverse()
    t.equal(runs.length, catchUpLimit + 1)
    t.equal(runs[0].state, 'warning')
    t.match(runs[0].message, /^skipped 70 missed runs from 2030-01-01 01:00:00/)
    t.equal((runs[1].scheduled_ms as number - t0) / hour, 71)
    t.equal((runs.at(-1)?.scheduled_ms as number - t0) / hour, 120)
  })

  t.test('failures become error runs and the schedule goes on', async (t) => {
    const broken: TaskDefinition = {
      type: 'record',
      description: 'throws',
      parameters: Type.Object({ label: Type.String() }, { additionalProperties: false }),
      run: () => { throw new Error('disk on fire') }
    }
    const { instance, add } = setup(t, [broken])
    const thrown = add({ parameters: { label: 'x' } })
    const invalid = add({ parameters: { label: 5 } })
    const unknown = add({ type: 'nope' })
    instance.clock.advance(hour)
    t.same(listRuns(instance.db, thrown, 0, 1).map((run) => [run.state, run.message]), [['error', 'disk on fire']])
    t.same(listRuns(instance.db, invalid, 0, 1).map((run) => [run.state, run.message]),
      [['error', 'parameters/label must be string']])
    t.same(listRuns(instance.db, unknown, 0, 1).map((run) => [run.state, run.message]),
      [['error', 'task type nope is not offered']])
    t.equal(getTask(instance.db, thrown)?.next_run_ms, t0 + 2 * hour)
  })

  t.test('disabled tasks and tasks with no next run do not fire', async (t) => {
    const { definition, calls } = recorder()
    const { instance, add } = setup(t, [definition])
    add({ enabled: false })
    add({ next_run_ms: null })
    instance.clock.advance(5 * hour)
    t.same(calls, [])
  })

  t.test('runNow records a manual run and leaves the schedule alone', async (t) => {
    const { definition } = recorder()
    const { instance, engine, add } = setup(t, [definition])
    const id = add({})
    const run = await engine.runNow(getTask(instance.db, id) as NonNullable<ReturnType<typeof getTask>>)
    t.equal(run.trigger, 'manual')
    t.equal(run.scheduled_ms, null)
    t.equal(run.state, 'finished')
    t.equal(run.end_ms, t0)
    t.equal(getTask(instance.db, id)?.next_run_ms, t0 + hour)
  })
})
