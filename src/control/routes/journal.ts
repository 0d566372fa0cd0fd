import type { FastifyInstance } from 'fastify'
import { NoContentSchema, responses } from '../../core/schemas.js'
import type { Instance } from '../../core/instances.js'
import type { JournalFilter } from '../journal.js'
import { controlRoute, CountSchema, JournalQuerySchema, JournalSchema } from '../schemas.js'
import { controlState } from '../state.js'
import { perInstance } from './per-instance.js'

function filterOf (query: Record<string, unknown>): JournalFilter {
  const { method, path, operationId, status } = query as JournalFilter
  return {
    ...(method === undefined ? {} : { method }),
    ...(path === undefined ? {} : { path }),
    ...(operationId === undefined ? {} : { operationId }),
    ...(status === undefined ? {} : { status })
  }
}

/** The request journal: query, count, clear. */
export async function journalRoutes (app: FastifyInstance): Promise<void> {
  const journal = (instance: Instance) => controlState(instance, app.config.journalSize).journal

  perInstance(app, {
    method: 'GET',
    path: '/journal',
    schema: {
      operationId: 'mock_getJournal',
      summary: 'The requests an instance answered, oldest first',
      description: 'Every request to the instance\'s vendor API (`/api/...`, control calls excluded) with its ' +
        'method, path, query, body, status, user, operationId and time. A ring buffer of `journal-size` ' +
        'entries per instance; `dropped` counts what it overwrote. Filter by method, path (glob), operationId, ' +
        'status; `limit` keeps the newest matches. `fault` names the rule that injected a response.',
      ...controlRoute,
      querystring: JournalQuerySchema,
      response: responses({ 200: JournalSchema }, [400, 401, 503])
    },
    handler: async (request, _reply, instance) => {
      const log = journal(instance)
      const entries = log.list(filterOf(request.query))
      const limit = request.query.limit as number | undefined
      return {
        capacity: log.capacity,
        size: log.size,
        dropped: log.dropped,
        count: entries.length,
        entries: limit === undefined ? entries : entries.slice(-limit)
      }
    }
  })

  perInstance(app, {
    method: 'GET',
    path: '/journal/count',
    schema: {
      operationId: 'mock_countJournal',
      summary: 'Count journal entries matching a filter',
      description: 'Same filters as the journal. Handy for "the client called X exactly twice".',
      ...controlRoute,
      querystring: JournalQuerySchema,
      response: responses({ 200: CountSchema }, [400, 401, 503])
    },
    handler: async (request, _reply, instance) => {
      const log = journal(instance)
      return { count: log.count(filterOf(request.query)), dropped: log.dropped }
    }
  })

  perInstance(app, {
    method: 'DELETE',
    path: '/journal',
    schema: {
      operationId: 'mock_clearJournal',
      summary: 'Empty the journal (and its dropped count)',
      ...controlRoute,
      response: responses({ 204: NoContentSchema }, [400, 401, 503])
    },
    handler: async (_request, reply, instance) => {
      journal(instance).clear()
      return reply.code(204).send()
    }
  })
}
