import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MockError } from '../../../core/errors.js'
import type { JobStep } from '../../../core/jobs.js'
import { IdParamSchema, responses } from '../../../core/schemas.js'
import { EmptyBodySchema, IdIntParamSchema, JobMessagesSchema, PidSchema } from '../schemas.js'
import { requireResource, type ResourceRow } from '../store.js'
import { confirmed, inferred, tags } from './common.js'

const IdParams = Type.Object({ id: IdIntParamSchema })
const StatusParams = Type.Object({ id: IdIntParamSchema, pid: IdParamSchema })

/** Job kinds in the shared engine. */
export const PUSH_KIND = 'resource-push'
export const ACTION_KIND = 'resource-action'

/** Types a push applies to: DNS (modules, groups, servers, zones, records) and DHCP objects. */
function checkPushable (row: ResourceRow): void {
  if (!/^(dns|dhcp)/.test(row.type)) {
    throw new MockError('UNPROCESSABLE', `resource ${row.id} is of type ${row.type}; only DNS and DHCP resources ` +
      '(dnsmodule, dnszone, dnsrecord, ...) can be pushed', 'id')
  }
}

function steps (what: string): JobStep[] {
  return [
    { afterMs: 0, state: 'running', message: `${what} started` },
    { afterMs: 1000, state: 'running', message: `${what} in progress` },
    { afterMs: 3000, state: 'finished', message: `${what} finished` }
  ]
}

const statusDescription = 'Messages visible now on the mock clock, oldest first, every field a string; state is ' +
  'running, finished, warning or error. A job takes about 3 s of mock time (immediate with job speed ' +
  '`immediate`). An unknown pid (or one of another resource) is a 404.'

export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v2/resources/:id/push', {
    schema: {
      operationId: 'push_resource',
      summary: 'Push a DNS or DHCP resource',
      description: 'Starts an asynchronous push and answers `{"pid": "..."}`; poll push_status. Resources that are ' +
        'not DNS or DHCP objects are a 422. Needs update on the resource.',
      tags,
      ...confirmed('push_resource', 'pid answer and status shape from 6connect/golangclient'),
      params: IdParams,
      body: EmptyBodySchema,
      response: responses({ 200: PidSchema })
    }
  }, async (request) => {
    const row = requireResource(request.instance.db, request.params.id)
    checkPushable(row)

    request.perms.assert('resource', 'update', row.id)

    return { pid: request.instance.jobs.start(PUSH_KIND, row.id, steps(`push of ${row.type} ${row.name}`)) }
  })

  app.get('/api/v2/resources/:id/push_status/:pid', {
    schema: {
      operationId: 'get_push_resource_status',
      summary: 'Poll a push',
      description: `${statusDescription} status_key is accepted and ignored.`,
      tags,
      ...confirmed('get_push_resource_status', 'message shape from 6connect/golangclient'),
      params: StatusParams,
      querystring: Type.Object({ status_key: Type.Optional(Type.String()) }),
      response: responses({ 200: JobMessagesSchema })
    }
  }, async (request) => {
    const { id, pid } = request.params
    requireResource(request.instance.db, id)

    request.perms.assert('resource', 'read', id)

    const messages = request.instance.jobs.status(pid, PUSH_KIND, id)
    if (messages === undefined) throw new MockError('NOT_FOUND', `no push ${pid} for resource ${id}`, 'pid')
    return messages
  })

  app.get('/api/v2/resources/:id/action_status/:pid', {
    schema: {
      operationId: 'resource_action_status',
      summary: 'Poll an action',
      description: statusDescription,
      tags,
      ...inferred('resource_action_status', 'same message shape as push_status'),
      params: StatusParams,
      response: responses({ 200: JobMessagesSchema })
    }
  }, async (request) => {
    const { id, pid } = request.params
    requireResource(request.instance.db, id)

    request.perms.assert('resource', 'read', id)

    const messages = request.instance.jobs.status(pid, ACTION_KIND, id)
    if (messages === undefined) throw new MockError('NOT_FOUND', `no action ${pid} for resource ${id}`, 'pid')
    return messages
  })

  app.post('/api/v2/resources/:id/:action', {
    schema: {
      operationId: 'execute_action_resource',
      summary: 'Run a named action on a resource',
      description: 'Starts the action asynchronously and answers `{"pid": "..."}`; poll action_status. The mock ' +
        'runs any action name (letters, digits, _ and -) as a job that finishes; it has no side effects. ' +
        'Literal paths (attachments, attrs, backup, clone, links, push) are their own operations.',
      tags,
      ...inferred('execute_action_resource',
        'which actions exist is not public; every action is modeled as a no-op job'),
      params: Type.Object({ id: IdIntParamSchema, action: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
      body: EmptyBodySchema,
      response: responses({ 200: PidSchema })
    }
  }, async (request) => {
    const row = requireResource(request.instance.db, request.params.id)

    request.perms.assert('resource', 'update', row.id)

    const action = request.params.action
    return { pid: request.instance.jobs.start(ACTION_KIND, row.id, steps(`action ${action}`), action) }
  })
}
