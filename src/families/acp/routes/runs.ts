import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MockError } from '../../../core/errors.js'
import { apiCaller } from '../../../core/internal-call.js'
import { responses } from '../../../core/schemas.js'
import { runWorkflow } from '../runner.js'
import { PageQuerySchema, RunInputSchema, RunParamsSchema, RunSchema, WorkflowParamsSchema } from '../schemas.js'
import { getRun, getWorkflow, listRuns, getSteps } from '../store.js'
import { findWorkflow, missingInput, toRunView } from '../workflows.js'
import { modeled, tags } from './workflows.js'

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v2/acp/workflows/:workflow/run', {
    schema: {
      operationId: 'run_workflow',
      summary: 'Run a workflow with the posted input',
      description: 'Any authenticated user: every step calls this instance with the caller\'s own rights, so a ' +
        'step the caller may not do answers 403 and stops the run. Answers the finished run (200 even when a ' +
        'step failed: the run\'s `state` is then `error` and `message` names the step). An input key a step ' +
        'reads but the body lacks is a 422 before anything runs.',
      tags,
      ...modeled,
      params: WorkflowParamsSchema,
      body: RunInputSchema,
      response: responses({ 200: RunSchema }, [400, 401, 404, 422])
    },
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {}
    }
  }, async (request) => {
    const input = request.body

    const { db } = request.instance
    const workflow = findWorkflow(db, request.params.workflow)
    const missing = missingInput(getSteps(db, workflow.id), input)
    if (missing !== undefined) throw new MockError('UNPROCESSABLE', missing.message, `body.${missing.key}`)
    const authorization = request.headers.authorization
    const callApi = apiCaller(app, request.instanceName,
      authorization === undefined ? { userId: request.user.id } : { authorization })

    const runId = await runWorkflow(request.instance, { workflow, input, user: request.user, trigger: 'api', callApi })
    return toRunView(request.instance.db, getRun(request.instance.db, runId) as NonNullable<ReturnType<typeof getRun>>,
      workflow.slug)
  })

  app.get('/api/v2/acp/workflows/:workflow/runs', {
    schema: {
      operationId: 'get_workflow_runs',
      summary: 'A workflow\'s runs, newest first',
      description: 'Admins see every run; other users see their own. The mock keeps the latest 200 per workflow.',
      tags,
      ...modeled,
      params: WorkflowParamsSchema,
      querystring: PageQuerySchema,
      response: responses({ 200: Type.Array(RunSchema) }, [400, 401, 404])
    }
  }, async (request) => {
    const { offset = 0, limit = 100 } = request.query

    const own = request.perms.isAdmin ? null : request.user.id

    const db = request.instance.db
    const workflow = findWorkflow(db, request.params.workflow)
    return listRuns(db, workflow.id, own, offset, limit).map((run) => toRunView(db, run, workflow.slug))
  })

  app.get('/api/v2/acp/runs/:id', {
    schema: {
      operationId: 'get_run',
      summary: 'Read one run with every step\'s request, status and response',
      description: 'Admins may read every run; other users their own.',
      tags,
      ...modeled,
      params: RunParamsSchema,
      response: responses({ 200: RunSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const id = Number(request.params.id)

    const db = request.instance.db
    const run = getRun(db, id)
    if (run === undefined) throw new MockError('NOT_FOUND', `ACP run ${id} not found`)
    if (!request.perms.isAdmin && run.user_id !== request.user.id) {
      throw new MockError('PERMISSION_DENIED', `Permission Denied: run ${id} belongs to another user`)
    }

    return toRunView(db, run, getWorkflow(db, String(run.workflow_id))?.slug ?? '')
  })
}
