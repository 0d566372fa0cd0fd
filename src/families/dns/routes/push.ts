import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { MockError } from '../../../core/errors.js'
import { fidelity, responses } from '../../../core/schemas.js'
import { assertServerRight } from '../access.js'
import { requireGroup, requireServer, serverGroupFor } from '../infra-store.js'
import { planGroupPush, planServerPush, planZonePush, pushKinds, type PushPlan } from '../push.js'
import { ItemParamsSchema, PushSchema, PushStatusParamsSchema, PushStatusSchema } from '../schemas.js'
import { getZone } from '../store.js'

type Kind = keyof typeof pushKinds

interface Target {
  /** Throws 404 for an unknown id and 403 when the caller may not push it. */
  assertPush: (request: FastifyRequest, id: number) => void
  /** Throws 404 for an unknown id; the resource whose dns read right lets a caller poll. */
  readId: (request: FastifyRequest, id: number) => number
  plan: (request: FastifyRequest, id: number) => PushPlan
}

const targets: Record<Kind, Target> = {
  zones: {
    assertPush: (request, id) => request.perms.assert('dns', 'update', getZone(request.instance.db, id).row.parent_id),
    readId: (request, id) => getZone(request.instance.db, id).row.id,
    plan: (request, id) => planZonePush(request.instance.db, id)
  },
  groups: {
    assertPush: (request, id) => request.perms.assert('dns', 'update', requireGroup(request.instance.db, id).parent_id),
    readId: (request, id) => requireGroup(request.instance.db, id).id,
    plan: (request, id) => planGroupPush(request.instance.db, id)
  },
  servers: {
    assertPush: (request, id) => {
      requireServer(request.instance.db, id)
      assertServerRight(request, 'update', serverGroupFor(request.instance.db, {}, id))
    },
    readId: (request, id) => requireServer(request.instance.db, id).id,
    plan: (request, id) => planServerPush(request.instance.db, id)
  }
}

const singular: Record<Kind, string> = { zones: 'zone', groups: 'group', servers: 'server' }

/** Push and push_status for zones, groups and servers (confirmed), plus the pushed output (modeled). */
export const pushRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const kind of Object.keys(targets) as Kind[]) {
    const target = targets[kind]
    const tags = ['DNS push']
    const what = singular[kind]

    app.post(`/api/v2/dns/${kind}/:id/push`, {
      schema: {
        operationId: `push_dns_${what}`,
        summary: `Push a DNS ${what} to its servers`,
        description: 'Starts an asynchronous push and answers its pid; poll push_status. The status moves from ' +
          '`running` to `finished` on the instance clock (about 3 s), or ends in `error` (a zone without any ' +
          'nameserver) or `warning` (no server attached to the group). No request body.',
        tags,
        ...fidelity('confirmed', `golangclient dns_methods.go push/push_status for ${kind}; terraform provider`),
        params: ItemParamsSchema,
        response: responses({ 200: PushSchema }, [401, 403, 404])
      }
    }, async (request) => {
      const id = Number(request.params.id)

      target.assertPush(request, id)

      const plan = target.plan(request, id)
      return { pid: request.instance.jobs.start(pushKinds[kind], id, plan.steps, plan.output) }
    })

    app.get(`/api/v2/dns/${kind}/:id/push_status/:pid`, {
      schema: {
        operationId: `push_status_dns_${what}`,
        summary: `Status of a DNS ${what} push`,
        description: 'Every message visible at the instance\'s current time, all fields strings.',
        tags,
        ...fidelity('confirmed', 'golangclient PushStatus model: msgid, message, state, date_created as strings'),
        params: PushStatusParamsSchema,
        response: responses({ 200: PushStatusSchema }, [401, 403, 404])
      }
    }, async (request) => {
      const id = Number(request.params.id)

      request.perms.assert('dns', 'read', target.readId(request, id))

      const messages = request.instance.jobs.status(request.params.pid, pushKinds[kind], id)
      if (messages === undefined) {
        throw new MockError('NOT_FOUND', `no push ${request.params.pid} for ${what} ${id}`, 'pid')
      }
      return messages
    })

    app.get(`/api/v2/dns/${kind}/:id/push_output/:pid`, {
      schema: {
        operationId: `push_output_dns_${what}`,
        summary: `What a DNS ${what} push deployed`,
        description: 'The zone file(s) the push sent, as text (several zones are separated by `; ---` lines); ' +
          'empty when the push failed. Not a ProVision call.',
        tags,
        ...fidelity('modeled', 'provision-mock: the artefact a push would deliver to the DNS server'),
        params: PushStatusParamsSchema,
        response: responses({ 200: Type.String() }, [401, 403, 404])
      }
    }, async (request, reply) => {
      const id = Number(request.params.id)

      request.perms.assert('dns', 'read', target.readId(request, id))

      const job = request.instance.jobs.get(request.params.pid)
      if (job === undefined || job.kind !== pushKinds[kind] || job.target_id !== String(id)) {
        throw new MockError('NOT_FOUND', `no push ${request.params.pid} for ${what} ${id}`, 'pid')
      }
      return reply.type('text/plain; charset=utf-8').send(job.output)
    })
  }
}
