import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { MockError } from '../../../core/errors.js'
import { fidelity, responses } from '../../../core/schemas.js'
import { assertServerRight } from '../access.js'
import { getPool } from '../pool-store.js'
import { planGroupPush, planPoolPush, planServerPush, pushKinds, type PushPlan } from '../render.js'
import { ConfigSchema, ItemParamsSchema, PushSchema, PushStatusParamsSchema, PushStatusSchema } from '../schemas.js'
import { requireGroup, requireServer, serverGroupFor } from '../store.js'

type Kind = keyof typeof pushKinds

interface Target {
  /** Throws 404 for an unknown id and 403 when the caller may not push it. */
  assertPush: (request: FastifyRequest, id: number) => void
  /** Throws 404 for an unknown id; the resource whose dhcp read right lets a caller poll. */
  readId: (request: FastifyRequest, id: number) => number
  plan: (request: FastifyRequest, id: number) => PushPlan
}

const targets: Record<Kind, Target> = {
  pools: {
    assertPush: (request, id) =>
      request.perms.assert('dhcp', 'update', getPool(request.instance.db, id).row.parent_id),
    readId: (request, id) => getPool(request.instance.db, id).row.id,
    plan: (request, id) => planPoolPush(request.instance.db, id)
  },
  groups: {
    assertPush: (request, id) =>
      request.perms.assert('dhcp', 'update', requireGroup(request.instance.db, id).parent_id),
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

const singular: Record<Kind, string> = { pools: 'pool', groups: 'group', servers: 'server' }

/** Push and push_status for pools, groups and servers (confirmed), plus the pushed output (modeled). */
export const pushRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const kind of Object.keys(targets) as Kind[]) {
    const target = targets[kind]
    const tags = ['DHCP push']
    const what = singular[kind]

    app.post(`/api/v2/dhcp/${kind}/:id/push`, {
      schema: {
        operationId: `push_dhcp_${what}`,
        summary: `Push a DHCP ${what} to its servers`,
        description: 'Starts an asynchronous push of the group\'s dhcpd.conf and answers its pid; poll ' +
          'push_status. The status moves from `running` to `finished` on the instance clock (about 3 s), or ends ' +
          'in `error` (a pool whose IPAM block is gone) or `warning` (no server attached to the group). No body.',
        tags,
        ...fidelity('confirmed', `golangclient dhcp push/push_status for ${kind}; terraform provider`),
        params: ItemParamsSchema,
        response: responses({ 200: PushSchema }, [400, 401, 403, 404])
      }
    }, async (request) => {
      const id = Number(request.params.id)

      target.assertPush(request, id)

      const plan = target.plan(request, id)
      return { pid: request.instance.jobs.start(pushKinds[kind], id, plan.steps, plan.output) }
    })

    app.get(`/api/v2/dhcp/${kind}/:id/push_status/:pid`, {
      schema: {
        operationId: `push_status_dhcp_${what}`,
        summary: `Status of a DHCP ${what} push`,
        description: 'Every message visible at the instance\'s current time, all fields strings.',
        tags,
        ...fidelity('confirmed', 'golangclient PushStatus model: msgid, message, state, date_created as strings'),
        params: PushStatusParamsSchema,
        response: responses({ 200: PushStatusSchema }, [400, 401, 403, 404])
      }
    }, async (request) => {
      const id = Number(request.params.id)

      request.perms.assert('dhcp', 'read', target.readId(request, id))

      const messages = request.instance.jobs.status(request.params.pid, pushKinds[kind], id)
      if (messages === undefined) {
        throw new MockError('NOT_FOUND', `no push ${request.params.pid} for ${what} ${id}`, 'pid')
      }
      return messages
    })

    app.get(`/api/v2/dhcp/${kind}/:id/push_output/:pid`, {
      schema: {
        operationId: `push_output_dhcp_${what}`,
        summary: `What a DHCP ${what} push deployed`,
        description: 'The ISC dhcpd.conf the push sent, as text; empty when the push failed. Not a ProVision call.',
        tags,
        ...fidelity('modeled', 'provision-mock: the artefact a push would deliver to the DHCP server'),
        params: PushStatusParamsSchema,
        response: responses({ 200: ConfigSchema }, [400, 401, 403, 404])
      }
    }, async (request, reply) => {
      const id = Number(request.params.id)

      request.perms.assert('dhcp', 'read', target.readId(request, id))

      const job = request.instance.jobs.get(request.params.pid)
      if (job === undefined || job.kind !== pushKinds[kind] || job.target_id !== String(id)) {
        throw new MockError('NOT_FOUND', `no push ${request.params.pid} for ${what} ${id}`, 'pid')
      }
      return reply.type('text/plain; charset=utf-8').send(job.output)
    })
  }
}
