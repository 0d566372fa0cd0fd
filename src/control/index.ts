import type { FastifyInstance } from 'fastify'
import { DEFAULT_INSTANCE } from '../core/instances.js'
import type { DocumentInfo } from '../core/openapi.js'
import { installAccess } from './access.js'
import { clockRoutes } from './routes/clock.js'
import { faultRoutes } from './routes/faults.js'
import { healthRoutes } from './routes/health.js'
import { instanceRoutes } from './routes/instances.js'
import { journalRoutes } from './routes/journal.js'
import { resetRoutes } from './routes/reset.js'
import { snapshotRoutes } from './routes/snapshots.js'
import { stateRoutes } from './routes/state.js'

export { controlHooks } from './hooks.js'

export const controlDocument: DocumentInfo = {
  name: 'control',
  title: 'Mock control',
  description: 'The mock\'s own API under `/_mock/`, not part of ProVision: what makes provision-mock a test ' +
    'backend. Every per-instance operation is documented as `/_mock/instances/{name}/...` and also answers ' +
    'unprefixed for the `default` instance (`POST /_mock/reset` = `POST /_mock/instances/default/reset`). ' +
    'A write (POST, PUT) creates a named instance on first use, as the vendor API does; a read or DELETE of one ' +
    'that does not exist is a 404. `default` always exists.\n\n' +
    '- **Reset** one instance (or all) to its fixture state in about a millisecond: a copy of a template image ' +
    'seeded once, never a replay.\n' +
    '- **Instances**: list, create (from a fixture set or another instance\'s snapshot), delete.\n' +
    '- **Snapshots**: named save / restore / delete; a restored instance answers as when saved (data, jobs, ' +
    'clock, job speed).\n' +
    '- **Export** the state as a fixture set the server can start from.\n' +
    '- **Journal** of vendor API requests (ring buffer, `journal-size` per instance) with filters.\n' +
    '- **Faults**: injected statuses, bodies and latency by operationId or method and path, with seeded ' +
    'probability and call counts.\n' +
    '- **Clock** set / advance / real, and job speed.\n' +
    '- **Invariants**: consistency checks over the store.\n' +
    '- **Health** and **readiness** for container waits.\n\n' +
    'Access: open by default (the server listens on loopback). With `--control-token` (or ' +
    '`PROVISION_MOCK_CONTROL_TOKEN`) set, every route but health and readiness needs `X-Mock-Token: <token>` ' +
    'or `Authorization: Bearer <token>`, else 401.\n\n' +
    'Known gaps: snapshots, journal and fault rules live in memory only (a file database keeps the data, not ' +
    'them); the in-memory state families keep in `instance.extras` is not part of snapshots; export leaves ' +
    'out jobs and any family whose seeder has no export (listed in `missing`); faults apply after ' +
    'authentication, so they never replace a 401.',
  prefixes: ['/_mock']
}

/** The mock's own API. Everything lives under /_mock/, outside the vendor paths. */
export async function controlPlane (app: FastifyInstance): Promise<void> {
  // `default` always exists, so the instance list and readiness never start empty.
  app.instances.get(DEFAULT_INSTANCE)
  installAccess(app)
  if (app.config.controlToken === '' && !isLoopback(app.config.host)) {
    app.log.warn({ host: app.config.host }, 'control API is open on a non-loopback address; set a control token')
  }
  await app.register(healthRoutes)
  await app.register(instanceRoutes)
  await app.register(resetRoutes)
  await app.register(snapshotRoutes)
  await app.register(journalRoutes)
  await app.register(faultRoutes)
  await app.register(clockRoutes)
  await app.register(stateRoutes)
}

function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
