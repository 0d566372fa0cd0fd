import type { FastifyInstance } from 'fastify'
import { performance } from 'node:perf_hooks'
import { Type } from 'typebox'
import { MockError } from '../../core/errors.js'
import { NoContentSchema, responses } from '../../core/schemas.js'
import { elapsed } from '../reset.js'
import { controlRoute, RestoreSchema, SaveSnapshotSchema, SnapshotNameSchema, SnapshotSchema } from '../schemas.js'
import { describeSnapshot, restoreSnapshot, takeSnapshot } from '../snapshots.js'
import { controlState } from '../state.js'
import { perInstance } from './per-instance.js'
import type { Instance } from '../../core/instances.js'

/** Named snapshots: save, list, restore, delete. */
export async function snapshotRoutes (app: FastifyInstance): Promise<void> {
  const snapshots = (instance: Instance) => controlState(instance, app.config.journalSize).snapshots
  const params = { snapshot: SnapshotNameSchema }
  const find = (instance: Instance, name: string) => {
    const snapshot = snapshots(instance).get(name)
    if (snapshot === undefined) throw new MockError('NOT_FOUND', `instance ${instance.name} has no snapshot ${name}`)
    return snapshot
  }

  perInstance(app, {
    method: 'GET',
    path: '/snapshots',
    schema: {
      operationId: 'mock_listSnapshots',
      summary: 'List an instance\'s snapshots',
      ...controlRoute,
      response: responses({ 200: Type.Array(SnapshotSchema) }, [400, 401, 503])
    },
    handler: async (_request, _reply, instance) => [...snapshots(instance).values()].map(describeSnapshot)
  })

  perInstance(app, {
    method: 'POST',
    path: '/snapshots',
    schema: {
      operationId: 'mock_saveSnapshot',
      summary: 'Save the instance\'s state under a name',
      description: 'Keeps a copy of the whole database (jobs and their messages included), the clock (frozen ' +
        'time or offset from real time) and the job speed, in memory. Saving under an existing name replaces ' +
        'that snapshot. Snapshots survive resets and go with the instance when it is deleted.',
      ...controlRoute,
      body: SaveSnapshotSchema,
      response: responses({ 201: SnapshotSchema }, [400, 401, 503])
    },
    handler: async (request, reply, instance) => {
      const snapshot = takeSnapshot(instance, request.body.name)
      snapshots(instance).set(snapshot.name, snapshot)
      return reply.code(201).send(describeSnapshot(snapshot))
    }
  })

  perInstance(app, {
    method: 'POST',
    path: '/snapshots/:snapshot/restore',
    params,
    schema: {
      operationId: 'mock_restoreSnapshot',
      summary: 'Put the instance back to a snapshot',
      description: 'Afterwards the instance answers exactly as it did when the snapshot was saved: same data, ' +
        'same job states for the same clock, same job speed. The journal and fault rules are not touched.',
      ...controlRoute,
      response: responses({ 200: RestoreSchema }, [400, 401, 404, 503])
    },
    handler: async (request, _reply, instance) => {
      const snapshot = find(instance, request.params.snapshot)
      const start = performance.now()
      restoreSnapshot(instance, snapshot)
      return { instance: instance.name, snapshot: snapshot.name, ms: elapsed(start) }
    }
  })

  perInstance(app, {
    method: 'DELETE',
    path: '/snapshots/:snapshot',
    params,
    schema: {
      operationId: 'mock_deleteSnapshot',
      summary: 'Delete a snapshot',
      ...controlRoute,
      response: responses({ 204: NoContentSchema }, [400, 401, 404, 503])
    },
    handler: async (request, reply, instance) => {
      find(instance, request.params.snapshot)
      snapshots(instance).delete(request.params.snapshot)
      return reply.code(204).send()
    }
  })
}
