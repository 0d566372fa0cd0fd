import type { FastifyInstance } from 'fastify'
import { families } from '../../families/index.js'
import { MockError } from '../../core/errors.js'
import { responses } from '../../core/schemas.js'
import { exportFixtureSet } from '../export.js'
import { checkInvariants } from '../invariants.js'
import { controlRoute, ExportQuerySchema, ExportSchema, InvariantsSchema } from '../schemas.js'
import { Type } from 'typebox'
import { perInstance } from './per-instance.js'

/** Reading the whole state: export as a fixture set, invariant checks. */
export async function stateRoutes (app: FastifyInstance): Promise<void> {
  perInstance(app, {
    method: 'GET',
    path: '/export',
    schema: {
      operationId: 'mock_exportFixtures',
      summary: 'Export the instance as a fixture set',
      description: 'The current state in the fixture format, one entry per fixture file. Write each entry of ' +
        '`files` to `<dir>/<file>` and start a server with `--fixtures <dir>` (or create an instance with ' +
        '`fixtures: <dir>`) to get this state back. `?file=resources.json` answers one file\'s content alone. ' +
        '`missing` lists fixture files whose family cannot export yet. Passwords export as hashes.',
      ...controlRoute,
      querystring: ExportQuerySchema,
      response: responses({ 200: Type.Union([ExportSchema, Type.Unknown()]) }, [400, 401, 404, 503])
    },
    handler: async (request, _reply, instance) => {
      const exported = exportFixtureSet(instance.db, families)
      const file = request.query.file as string | undefined
      if (file === undefined) return exported
      if (!(file in exported.files)) throw new MockError('NOT_FOUND', `no exportable fixture file ${file}`, 'file')
      return exported.files[file]
    }
  })

  perInstance(app, {
    method: 'GET',
    path: '/invariants',
    schema: {
      operationId: 'mock_checkInvariants',
      summary: 'Check the store for inconsistencies',
      description: 'Runs SQLite\'s integrity_check and foreign_key_check, checks that every resource\'s parent ' +
        'exists, then every family\'s own invariants (overlapping assigned blocks, records outside their ' +
        'zone, ...). Tests can assert `violations` is empty after any scenario.',
      ...controlRoute,
      response: responses({ 200: InvariantsSchema }, [400, 401, 503])
    },
    handler: async (_request, _reply, instance) => {
      const result = checkInvariants(instance.db, families)
      return { ok: result.violations.length === 0, ...result }
    }
  })
}
