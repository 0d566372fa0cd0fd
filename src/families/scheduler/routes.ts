import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import { inTransaction } from '../../core/db.js'
import type { Instance } from '../../core/instances.js'
import { apiCaller } from '../../core/internal-call.js'
import { fidelity, NoContentSchema, responses } from '../../core/schemas.js'
import { SchedulerEngine } from './engine.js'
import {
  PageQuerySchema, RunSchema, TaskCreateSchema, TaskListQuerySchema, TaskParamsSchema, TaskPatchSchema, TaskSchema,
  TaskTypeSchema
} from './schemas.js'
import { deleteTask, listRuns, listTasks } from './store.js'
import {
  createTask, findTask, listTaskTypes, patchTask, toRunView, toTaskView, type TaskInput
} from './tasks.js'

const tags = ['Scheduler']
const modeled = fidelity('modeled', 'docs.6connect.com Scheduler page: task types and schedules; paths are the mock\'s')
// Keyed by the instance object itself (not instance.extras, which a reset may clear), so an
// instance never gets a second engine listening to its clock.
const engines = new WeakMap<Instance, SchedulerEngine>()

/** The instance's scheduler, created (and hooked to its clock) the first time the instance is seen. */
function engineFor (app: FastifyInstance, request: FastifyRequest): SchedulerEngine {
  const instance = request.instance
  let engine = engines.get(instance)
  if (engine === undefined) {
    engine = new SchedulerEngine({
      instance,
      tasks: app.tasks,
      callerFor: (userId) => apiCaller(app, instance.name, { userId }),
      onError: (error) => app.log.error({ err: error, instance: instance.name }, 'scheduled task failed')
    })
    engines.set(instance, engine)
  }
  return engine
}

const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Everything due by now has run (and finished) before a scheduler request reads or writes. */
  async function caughtUp (request: FastifyRequest): Promise<SchedulerEngine> {
    const engine = engineFor(app, request)
    await engine.tick()
    return engine
  }

  app.get('/api/v2/scheduler/task_types', {
    schema: {
      operationId: 'get_task_types',
      summary: 'List the task types this server can run',
      description: 'Admin only. Each type with its description and the JSON Schema its `parameters` must match.',
      tags,
      ...modeled,
      response: responses({ 200: Type.Array(TaskTypeSchema) }, [401, 403])
    }
  }, async (request) => {
    request.perms.assertAdmin()

    return listTaskTypes(app.tasks)
  })

  app.get('/api/v2/scheduler/tasks', {
    schema: {
      operationId: 'get_tasks',
      summary: 'List scheduled tasks',
      description: 'Admin only. A bare array ordered by id; filter by `type`.',
      tags,
      ...modeled,
      querystring: TaskListQuerySchema,
      response: responses({ 200: Type.Array(TaskSchema) }, [400, 401, 403])
    }
  }, async (request) => {
    const { type, offset = 0, limit = 100 } = request.query

    request.perms.assertAdmin()
    await caughtUp(request)

    const db = request.instance.db
    return listTasks(db, { type, offset, limit }).map((task) => toTaskView(db, task))
  })

  app.post('/api/v2/scheduler/tasks', {
    schema: {
      operationId: 'post_task',
      summary: 'Schedule a task',
      description: 'Admin only. The task runs as its owner (the caller unless `owner_id` is given). An unknown ' +
        '`type` or parameters that do not match the type\'s schema are a 422 naming the field; a bad `schedule` or ' +
        '`start_time` a 400. A one-off whose start has passed runs at once.',
      tags,
      ...modeled,
      body: TaskCreateSchema,
      response: responses({ 201: TaskSchema }, [400, 401, 403, 422])
    }
  }, async (request, reply) => {
    const input = request.body

    request.perms.assertAdmin()
    const engine = await caughtUp(request)

    const db = request.instance.db
    const id = createTask(db, app.tasks, input, request.user.id, request.instance.clock.now())
    await engine.tick()
    return reply.code(201).send(toTaskView(db, findTask(db, id)))
  })

  app.get('/api/v2/scheduler/tasks/:id', {
    schema: {
      operationId: 'get_task',
      summary: 'Read a task with its next run, last run and last result',
      tags,
      ...modeled,
      params: TaskParamsSchema,
      response: responses({ 200: TaskSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    request.perms.assertAdmin()
    await caughtUp(request)

    const db = request.instance.db
    return toTaskView(db, findTask(db, id))
  })

  app.patch('/api/v2/scheduler/tasks/:id', {
    schema: {
      operationId: 'patch_task',
      summary: 'Change a task',
      description: 'Admin only. A new `schedule` or `start_time` plans the next run afresh; `enabled: false` ' +
        'stops it; `owner_id` hands the task to another user.',
      tags,
      ...modeled,
      params: TaskParamsSchema,
      body: TaskPatchSchema,
      response: responses({ 200: TaskSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const id = Number(request.params.id)
    const input = request.body as TaskInput

    request.perms.assertAdmin()
    const engine = await caughtUp(request)

    const { db, clock } = request.instance
    inTransaction(db, () => patchTask(db, app.tasks, id, input, clock.now()))
    await engine.tick()
    return toTaskView(db, findTask(db, id))
  })

  app.delete('/api/v2/scheduler/tasks/:id', {
    schema: {
      operationId: 'delete_task',
      summary: 'Delete a task and its run history',
      tags,
      ...modeled,
      params: TaskParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const id = Number(request.params.id)

    request.perms.assertAdmin()
    await caughtUp(request)

    findTask(request.instance.db, id)
    deleteTask(request.instance.db, id)
    return reply.code(204).send()
  })

  app.post('/api/v2/scheduler/tasks/:id/run', {
    schema: {
      operationId: 'run_task',
      summary: 'Run a task now',
      description: 'Admin only. Runs the task at once, outside its schedule (its next run does not move), and ' +
        'answers the finished run. A task that fails is still a 200: the run\'s `state` is `error`.',
      tags,
      ...modeled,
      params: TaskParamsSchema,
      response: responses({ 200: RunSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    request.perms.assertAdmin()
    const engine = await caughtUp(request)

    const run = await engine.runNow(findTask(request.instance.db, id))
    return toRunView(run)
  })

  app.get('/api/v2/scheduler/tasks/:id/runs', {
    schema: {
      operationId: 'get_task_runs',
      summary: 'A task\'s run history, newest first',
      description: 'Admin only. The latest runs of the task (the mock keeps 100), each with its result.',
      tags,
      ...modeled,
      params: TaskParamsSchema,
      querystring: PageQuerySchema,
      response: responses({ 200: Type.Array(RunSchema) }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)
    const { offset = 0, limit = 100 } = request.query

    request.perms.assertAdmin()
    await caughtUp(request)

    findTask(request.instance.db, id)
    return listRuns(request.instance.db, id, offset, limit).map(toRunView)
  })
}

/**
 * The Scheduler routes, plus a hook (at the root, hence fastify-plugin) that gives every instance
 * its scheduler on the first API request to it, so clock changes fire due tasks from then on
 * even if no scheduler route has been called.
 */
export const schedulerRoutes = fp(async (app) => {
  // Callback style: an async hook costs every request of every family a promise and a turn.
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      if (request.url.startsWith('/api/v2/')) engineFor(app, request)
    } catch (err) {
      return done(err as Error)
    }
    done()
  })
  await app.register(taskRoutes)
}, { name: 'scheduler-routes' })
