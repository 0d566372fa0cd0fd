import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { MockError } from '../../core/errors.js'
import type { Instance } from '../../core/instances.js'
import { NoContentSchema, responses } from '../../core/schemas.js'
import type { FaultInput } from '../faults.js'
import { controlRoute, FaultInputSchema, FaultSchema } from '../schemas.js'
import { controlState } from '../state.js'
import { perInstance } from './per-instance.js'

/** Checks what the schema cannot: a rule must match something and do something. */
function checkRule (input: FaultInput, operationIds: ReadonlySet<string>): void {
  if (input.operationId === undefined && input.method === undefined && input.path === undefined) {
    throw new MockError('UNPROCESSABLE', 'a fault needs operationId, method or path to match', 'operationId')
  }
  // A misspelt operationId would match nothing and leave the test wondering why.
  if (input.operationId !== undefined && !operationIds.has(input.operationId)) {
    throw new MockError('UNPROCESSABLE',
      `no vendor API operation has operationId ${input.operationId}; the documents at /dev/openapi list them`,
      'operationId')
  }
  if (input.status === undefined && input.latency_ms === undefined) {
    throw new MockError('UNPROCESSABLE', 'a fault needs a status to answer or a latency_ms to add', 'status')
  }
  const latency = input.latency_ms
  if (typeof latency === 'object' && latency.min > latency.max) {
    throw new MockError('UNPROCESSABLE', 'latency_ms.min is larger than latency_ms.max', 'latency_ms')
  }
}

/** Fault rules: list, add, inspect, delete one or all. */
export async function faultRoutes (app: FastifyInstance): Promise<void> {
  const faults = (instance: Instance) => controlState(instance, app.config.journalSize).faults
  const params = { id: Type.String({ pattern: '^f[0-9]+$', description: 'rule id, e.g. `f1`' }) }

  perInstance(app, {
    method: 'GET',
    path: '/faults',
    schema: {
      operationId: 'mock_listFaults',
      summary: 'List fault rules with their counters',
      ...controlRoute,
      response: responses({ 200: Type.Array(FaultSchema) }, [400, 401, 503])
    },
    handler: async (_request, _reply, instance) => faults(instance).list()
  })

  perInstance(app, {
    method: 'POST',
    path: '/faults',
    schema: {
      operationId: 'mock_addFault',
      summary: 'Add a fault rule',
      description: 'A rule matches vendor API requests by `operationId` and/or `method` and `path` (exact or ' +
        'glob: `*` within a segment, `**` across). A matching request waits `latency_ms` (fixed, or uniform ' +
        'in `{min, max}`) and, when `status` is given, gets that status and `body` instead of the mock\'s ' +
        'answer, with header `X-Mock-Fault: <id>`. `probability` (0..1) draws from the rule\'s own PRNG seeded ' +
        'with `seed`, so a run is reproducible; `times` fails only the next N matching calls. Rules are checked ' +
        'in the order added, after authentication; the first that applies decides. Injected responses are ' +
        'marked in the journal (`fault`).',
      ...controlRoute,
      body: FaultInputSchema,
      response: responses({ 201: FaultSchema }, [400, 401, 422, 503])
    },
    handler: async (request, reply, instance) => {
      const input = request.body as FaultInput
      checkRule(input, app.vendorOperationIds)
      return reply.code(201).send(faults(instance).add(input))
    }
  })

  perInstance(app, {
    method: 'GET',
    path: '/faults/:id',
    params,
    schema: {
      operationId: 'mock_getFault',
      summary: 'One fault rule with its counters',
      ...controlRoute,
      response: responses({ 200: FaultSchema }, [400, 401, 404, 503])
    },
    handler: async (request, _reply, instance) => {
      const rule = faults(instance).get(request.params.id)
      if (rule === undefined) throw new MockError('NOT_FOUND', `no fault ${request.params.id} on ${instance.name}`)
      return rule
    }
  })

  perInstance(app, {
    method: 'DELETE',
    path: '/faults/:id',
    params,
    schema: {
      operationId: 'mock_deleteFault',
      summary: 'Delete a fault rule',
      ...controlRoute,
      response: responses({ 204: NoContentSchema }, [400, 401, 404, 503])
    },
    handler: async (request, reply, instance) => {
      if (!faults(instance).delete(request.params.id)) {
        throw new MockError('NOT_FOUND', `no fault ${request.params.id} on ${instance.name}`)
      }
      return reply.code(204).send()
    }
  })

  perInstance(app, {
    method: 'DELETE',
    path: '/faults',
    schema: {
      operationId: 'mock_clearFaults',
      summary: 'Delete every fault rule',
      ...controlRoute,
      response: responses({ 204: NoContentSchema }, [400, 401, 503])
    },
    handler: async (_request, reply, instance) => {
      faults(instance).clear()
      return reply.code(204).send()
    }
  })
}
