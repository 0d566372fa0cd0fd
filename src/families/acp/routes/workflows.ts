import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  PageQuerySchema,
  WorkflowCreateSchema,
  WorkflowParamsSchema,
  WorkflowPatchSchema,
  WorkflowSchema
} from '../schemas.js'
import { deleteWorkflow, listWorkflows } from '../store.js'
import { createWorkflow, findWorkflow, patchWorkflow, toWorkflowView, type WorkflowInput } from '../workflows.js'

export const tags = ['ACP']
export const modeled = fidelity('modeled', 'docs.6connect.com ACP pages: workflows with a slug, run by POSTing ' +
  'data to it; paths are the mock\'s')

export const workflowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/acp/workflows', {
    schema: {
      operationId: 'get_workflows',
      summary: 'List workflows',
      description: 'Any authenticated user. A bare array ordered by id.',
      tags,
      ...modeled,
      querystring: PageQuerySchema,
      response: responses({ 200: Type.Array(WorkflowSchema) }, [400, 401])
    }
  }, async (request) => {
    const { offset = 0, limit = 100 } = request.query

    const db = request.instance.db
    return listWorkflows(db, offset, limit).map((workflow) => toWorkflowView(db, workflow))
  })

  app.post('/api/v2/acp/workflows', {
    schema: {
      operationId: 'post_workflow',
      summary: 'Create a workflow',
      description: 'Admin only. Steps are API v2 calls run in order; their `path` and string `body` values may ' +
        'hold `{{input.<key>}}`, `{{steps.<name>.status}}` and `{{steps.<name>.body.<key>...}}`, with filters ' +
        '`| string`, `| number`, `| address`, `| mask`. A reference to an unknown or later step, a malformed ' +
        'placeholder, or a path outside /api/v2/ (or into the ACP and Scheduler APIs) is a 422 naming the field; ' +
        'a taken slug a 409.',
      tags,
      ...modeled,
      body: WorkflowCreateSchema,
      response: responses({ 201: WorkflowSchema }, [400, 401, 403, 409, 422])
    }
  }, async (request, reply) => {
    const input = request.body as Parameters<typeof createWorkflow>[1]

    request.perms.assertAdmin()

    const { db, clock } = request.instance
    const id = inTransaction(db, () => createWorkflow(db, input, request.user.id, clock.now()))
    return reply.code(201).send(toWorkflowView(db, findWorkflow(db, String(id))))
  })

  app.get('/api/v2/acp/workflows/:workflow', {
    schema: {
      operationId: 'get_workflow',
      summary: 'Read a workflow by slug or id',
      tags,
      ...modeled,
      params: WorkflowParamsSchema,
      response: responses({ 200: WorkflowSchema }, [400, 401, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    return toWorkflowView(db, findWorkflow(db, request.params.workflow))
  })

  app.patch('/api/v2/acp/workflows/:workflow', {
    schema: {
      operationId: 'patch_workflow',
      summary: 'Change a workflow',
      description: 'Admin only. `steps`, when given, replaces the whole list and is checked as on create.',
      tags,
      ...modeled,
      params: WorkflowParamsSchema,
      body: WorkflowPatchSchema,
      response: responses({ 200: WorkflowSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const input = request.body as WorkflowInput

    request.perms.assertAdmin()

    const { db, clock } = request.instance
    const id = inTransaction(db, () => patchWorkflow(db, request.params.workflow, input, clock.now()))
    return toWorkflowView(db, findWorkflow(db, String(id)))
  })

  app.delete('/api/v2/acp/workflows/:workflow', {
    schema: {
      operationId: 'delete_workflow',
      summary: 'Delete a workflow and its runs',
      description: 'Admin only. Scheduler tasks that run it fail from then on, with a message saying so.',
      tags,
      ...modeled,
      params: WorkflowParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    request.perms.assertAdmin()

    const db = request.instance.db
    deleteWorkflow(db, findWorkflow(db, request.params.workflow).id)
    return reply.code(204).send()
  })
}
