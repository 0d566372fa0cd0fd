import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MockError } from '../../core/errors.js'
import { FixtureError } from '../../core/fixtures.js'
import { NoContentSchema, responses } from '../../core/schemas.js'
import { elapsed, resetInstance } from '../reset.js'
import { controlRoute, CreateInstanceSchema, InstanceNameSchema, InstanceSchema, ResetAllSchema } from '../schemas.js'
import { controlState } from '../state.js'
import { restoreSnapshot } from '../snapshots.js'
import { instanceView } from '../views.js'
import { performance } from 'node:perf_hooks'

/** Instances: list, create (from a fixture set or a snapshot), inspect, delete, reset all. */
export const instanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const size = app.config.journalSize

  app.get('/_mock/instances', {
    schema: {
      operationId: 'mock_listInstances',
      summary: 'List the instances that exist',
      description: 'Instances are created on first use (`/{name}/api/v2/...`) or with POST.',
      ...controlRoute,
      response: responses({ 200: Type.Array(InstanceSchema) }, [401])
    }
  }, async () => app.instances.list().map((instance) => instanceView(instance, size)))

  app.post('/_mock/instances', {
    schema: {
      operationId: 'mock_createInstance',
      summary: 'Create an instance',
      description: 'From the server\'s fixture set (default), from another fixture-set directory, or as a ' +
        'copy of a snapshot of another instance (its clock and job speed included). The new instance answers ' +
        'at `/{name}/api/v2/...`. 409 when the name exists, 422 for a missing snapshot or a bad fixture set, ' +
        '503 past the instance limit.',
      ...controlRoute,
      body: CreateInstanceSchema,
      response: responses({ 201: InstanceSchema }, [400, 401, 409, 422, 503])
    }
  }, async (request, reply) => {
    const { name, fixtures, from_snapshot: from } = request.body

    if (fixtures !== undefined && from !== undefined) {
      throw new MockError('BAD_REQUEST', 'give fixtures or from_snapshot, not both', 'fixtures')
    }
    if (
      app.instances.find(name) !== undefined
    ) throw new MockError('CONFLICT', `instance ${name} already exists`, 'name')
    const source = from === undefined ? undefined : app.instances.find(from.instance)
    const snapshot = source === undefined ? undefined : controlState(source, size).snapshots.get(from?.snapshot ?? '')
    if (from !== undefined && snapshot === undefined) {
      throw new MockError(
        'UNPROCESSABLE',
        `instance ${from.instance} has no snapshot ${from.snapshot}`,
        'from_snapshot'
      )
    }

    const instance = createInstance(name, fixtures, snapshot?.image)
    if (snapshot !== undefined) restoreSnapshot(instance, snapshot)
    else instance.jobs.speed = app.config.jobSpeed
    return reply.code(201).send(instanceView(instance, size))
  })

  function createInstance (
    name: string,
    fixtures: string | undefined,
    image: Buffer | undefined
  ): ReturnType<typeof app.instances.create> {
    try {
      return app.instances.create(name, {
        ...(fixtures === undefined ? {} : { fixtures }),
        ...(image === undefined ? {} : { image })
      })
    } catch (error) {
      if (error instanceof FixtureError) throw new MockError('UNPROCESSABLE', error.message, 'fixtures')
      throw error
    }
  }

  app.get('/_mock/instances/:name', {
    schema: {
      operationId: 'mock_getInstance',
      summary: 'Describe one instance',
      description: 'Unlike the other per-instance routes, this does not create the instance: 404 when absent.',
      ...controlRoute,
      params: Type.Object({ name: InstanceNameSchema }),
      response: responses({ 200: InstanceSchema }, [400, 401, 404])
    }
  }, async (request) => {
    const instance = app.instances.find(request.params.name)
    if (instance === undefined) throw new MockError('NOT_FOUND', `instance ${request.params.name} does not exist`)
    return instanceView(instance, size)
  })

  app.delete('/_mock/instances/:name', {
    schema: {
      operationId: 'mock_deleteInstance',
      summary: 'Delete an instance',
      description: 'Frees its database, journal, fault rules and snapshots. Deleting `default` is allowed: ' +
        'the next request recreates it from the fixtures.',
      ...controlRoute,
      params: Type.Object({ name: InstanceNameSchema }),
      response: responses({ 204: NoContentSchema }, [400, 401, 404])
    }
  }, async (request, reply) => {
    if (!app.instances.delete(request.params.name)) {
      throw new MockError('NOT_FOUND', `instance ${request.params.name} does not exist`)
    }
    return reply.code(204).send()
  })

  app.post('/_mock/reset-all', {
    schema: {
      operationId: 'mock_resetAll',
      summary: 'Reset every instance to its fixture state',
      description: 'Each instance goes back to the fixture set it was created from (see the per-instance reset). ' +
        'Instances are kept, not deleted; the response lists each one with its time.',
      ...controlRoute,
      response: responses({ 200: ResetAllSchema }, [401])
    }
  }, async () => {
    const start = performance.now()
    const results = app.instances.list()
      .map((instance) => resetInstance(app.instances, instance, app.config.jobSpeed, size))
    return { instances: results, ms: elapsed(start) }
  })
}
