import { Type, type TProperties } from 'typebox'
import { fidelity } from '../core/schemas.js'

export const tags = ['Mock control']

/** Spread into every control route schema. */
export const controlRoute = { tags, ...fidelity('modeled', 'provision-mock control API, not part of ProVision') }

export const InstanceNameSchema = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: 'instance name; `default` is the unprefixed API'
})

export const HealthSchema = Type.Object({
  status: Type.String({ description: '`ok`' }),
  instances: Type.Integer({ description: 'instances that exist now' }),
  uptime_s: Type.Number()
})

export const ClockSchema = Type.Object({
  now: Type.Integer({ description: 'the instance clock, ms since the epoch' }),
  iso: Type.String({ description: 'the same time, ISO 8601 UTC' }),
  frozen: Type.Boolean({ description: 'true while the clock stands still (after a set)' }),
  offset_ms: Type.Integer({ description: 'difference from real time (0 when real)' }),
  job_speed: Type.Union([Type.Literal('immediate'), Type.Literal('clock')], {
    description: '`immediate`: jobs finish at once; `clock`: their steps follow the instance clock'
  })
})

export const InstanceSchema = Type.Object({
  name: Type.String(),
  fixtures: Type.String({ description: 'the fixture set a reset returns to' }),
  persistent: Type.Boolean({ description: 'true when the instance lives in a database file' }),
  journal: Type.Integer({ description: 'requests in the journal' }),
  faults: Type.Integer({ description: 'fault rules' }),
  snapshots: Type.Array(Type.String(), { description: 'snapshot names' }),
  clock: ClockSchema
})

export const CreateInstanceSchema = Type.Object({
  name: InstanceNameSchema,
  fixtures: Type.Optional(Type.String({
    minLength: 1,
    description: 'a fixture-set directory (relative to the server\'s working directory); default: the server\'s'
  })),
  from_snapshot: Type.Optional(Type.Object({
    instance: InstanceNameSchema,
    snapshot: Type.String({ minLength: 1, maxLength: 128 })
  }, { additionalProperties: false, description: 'start as a copy of another instance\'s snapshot' }))
}, {
  additionalProperties: false,
  examples: [{ name: 'team-a' }]
})

export const ResetSchema = Type.Object({
  instance: Type.String(),
  fixtures: Type.String(),
  ms: Type.Number({ description: 'how long the reset took, in milliseconds' })
})

export const ResetAllSchema = Type.Object({
  instances: Type.Array(ResetSchema),
  ms: Type.Number({ description: 'how long resetting all of them took, in milliseconds' })
})

export const SnapshotSchema = Type.Object({
  name: Type.String(),
  created: Type.String({ description: 'real time of the save, ISO 8601' }),
  bytes: Type.Integer({ description: 'size of the database image' })
})

export const SnapshotNameSchema = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.-]+$' })

export const SaveSnapshotSchema = Type.Object({
  name: SnapshotNameSchema
}, { additionalProperties: false, examples: [{ name: 'baseline' }] })

export const RestoreSchema = Type.Object({
  instance: Type.String(),
  snapshot: Type.String(),
  ms: Type.Number({ description: 'how long the restore took, in milliseconds' })
})

export const JournalEntrySchema = Type.Object({
  seq: Type.Integer({ description: 'position in the instance\'s request sequence, from 1' }),
  time: Type.String({ description: 'instance clock when answered, ISO 8601' }),
  method: Type.String(),
  path: Type.String({ description: 'path without the instance prefix or query' }),
  query: Type.Unknown({ description: 'parsed query string' }),
  body: Type.Unknown({ description: 'parsed JSON body, or null; over 64 KiB: `{truncated: true, bytes}`' }),
  status: Type.Integer(),
  user: Type.Union([Type.String(), Type.Null()], { description: 'authenticated username' }),
  operationId: Type.Union([Type.String(), Type.Null()], { description: 'the matched route\'s operationId' }),
  duration_ms: Type.Number(),
  fault: Type.Union([Type.String(), Type.Null()], { description: 'id of the fault rule that changed the response' })
})

export const JournalQuerySchema = Type.Object({
  method: Type.Optional(Type.String({ description: 'HTTP method, any case' })),
  path: Type.Optional(Type.String({
    description: 'exact path or glob: `*` within a segment, `**` across segments (`/api/v2/ipam/**`)'
  })),
  operationId: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'only the newest `limit` matches' }))
})

export const JournalSchema = Type.Object({
  capacity: Type.Integer({ description: 'ring-buffer size (journal-size setting)' }),
  size: Type.Integer({ description: 'entries held now' }),
  dropped: Type.Integer({ description: 'entries overwritten since the last clear' }),
  count: Type.Integer({ description: 'entries matching the filter' }),
  entries: Type.Array(JournalEntrySchema, { description: 'matching entries, oldest first' })
})

export const CountSchema = Type.Object({
  count: Type.Integer(),
  dropped: Type.Integer()
})

const LatencySchema = Type.Union([
  Type.Integer({ minimum: 0, maximum: 60000, description: 'fixed delay' }),
  Type.Object({
    min: Type.Integer({ minimum: 0, maximum: 60000 }),
    max: Type.Integer({ minimum: 0, maximum: 60000 })
  }, { additionalProperties: false, description: 'uniform delay in [min, max], drawn from the rule\'s seeded PRNG' })
], { description: 'milliseconds to wait before answering' })

const faultFields: TProperties = {
  operationId: Type.Optional(Type.String({ minLength: 1, description: 'match the route\'s operationId' })),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', description: 'match the HTTP method' })),
  path: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'match the path (no instance prefix): exact, or glob with `*` and `**`'
    })
  ),
  status: Type.Optional(
    Type.Integer({
      minimum: 100,
      maximum: 599,
      description: 'answer this status instead of the mock; omit for latency only'
    })
  ),
  body: Type.Optional(Type.Unknown({ description: 'JSON body to answer (default: a message naming the rule)' })),
  headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'extra response headers' })),
  latency_ms: Type.Optional(LatencySchema),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'chance a matching call is hit' })),
  seed: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 4294967295, description: 'PRNG seed (default: random, shown)' })
  ),
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'fail only the next N matching calls' }))
}

export const FaultInputSchema = Type.Object(faultFields, {
  additionalProperties: false,
  examples: [
    { operationId: 'get_config', status: 503, body: { message: 'Service Unavailable' }, times: 2 },
    { method: 'PATCH', path: '/api/v2/config', latency_ms: { min: 100, max: 300 }, probability: 0.5, seed: 42 }
  ]
})

export const FaultSchema = Type.Object({
  id: Type.String(),
  ...faultFields,
  seed: Type.Integer(),
  probability: Type.Number(),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'calls still to fail; null: unlimited' }),
  matched: Type.Integer({ description: 'matching calls seen' }),
  applied: Type.Integer({ description: 'calls the rule changed' })
})

export const SetClockSchema = Type.Object({
  time: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1 })], {
    description: 'ms since the epoch, or an ISO 8601 date'
  }),
  frozen: Type.Optional(Type.Boolean({ description: 'stand still at `time` (default) or run on from it' }))
}, { additionalProperties: false, examples: [{ time: '2030-01-01T00:00:00Z' }] })

export const AdvanceSchema = Type.Object({
  ms: Type.Optional(Type.Integer({ minimum: 0 })),
  seconds: Type.Optional(Type.Integer({ minimum: 0 })),
  days: Type.Optional(Type.Integer({ minimum: 0 }))
}, { additionalProperties: false, examples: [{ days: 31 }, { seconds: 10 }] })

export const JobSpeedSchema = Type.Object({
  speed: Type.Union([Type.Literal('immediate'), Type.Literal('clock')])
}, { additionalProperties: false, examples: [{ speed: 'immediate' }] })

export const ExportSchema = Type.Object({
  files: Type.Record(Type.String(), Type.Unknown(), {
    description: 'file name -> content; write each to a directory and start the server with --fixtures'
  }),
  missing: Type.Array(Type.String(), { description: 'fixture files whose family cannot export yet' })
})

export const ExportQuerySchema = Type.Object({
  file: Type.Optional(Type.String({ description: 'answer only this file\'s content (e.g. `resources.json`)' }))
})

export const InvariantsSchema = Type.Object({
  ok: Type.Boolean({ description: 'true when there are no violations' }),
  checks: Type.Array(Type.String(), { description: 'the checks that ran' }),
  violations: Type.Array(Type.Object({ check: Type.String(), message: Type.String() }))
})
