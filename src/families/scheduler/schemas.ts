import { Type } from 'typebox'
import { IdInputSchema, IdParamSchema, OffsetSchema } from '../../core/schemas.js'
import { frequencies } from './schedule.js'

const FrequencySchema = Type.Enum([...frequencies], {
  description: 'once, hourly, daily, weekly or monthly (monthly keeps the start\'s day, or the month\'s last day)'
})
const TimeInputSchema = Type.String({
  minLength: 1,
  maxLength: 40,
  description: '`YYYY-MM-DD HH:MM:SS` in UTC, or ISO 8601 with an offset'
})
const ParametersSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'checked against the task type\'s parameter schema (GET /api/v2/scheduler/task_types)'
})
const NullableTime = Type.Union([Type.String(), Type.Null()])

export const RunResultSchema = Type.Object({
  state: Type.String({ description: 'running, finished, warning or error' }),
  message: Type.String()
})

export const TaskSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  parameters: ParametersSchema,
  schedule: Type.String({ description: 'once, hourly, daily, weekly or monthly' }),
  start_time: Type.String({ description: 'first occurrence, `YYYY-MM-DD HH:MM:SS` UTC' }),
  enabled: Type.Boolean(),
  owner_id: Type.String({ description: 'the user the task runs as' }),
  owner: Type.String({ description: 'that user\'s username (empty when the user no longer exists)' }),
  next_run: Type.Union([Type.String(), Type.Null()], { description: 'null: the task will not run again' }),
  last_run: Type.Union([Type.String(), Type.Null()], { description: 'start of the latest run, null before the first' }),
  last_result: Type.Union([RunResultSchema, Type.Null()]),
  date: Type.String(),
  modified: Type.String()
})

export const RunSchema = Type.Object({
  id: Type.String(),
  task_id: Type.String(),
  trigger: Type.String({ description: 'schedule or manual (run now)' }),
  scheduled_time: Type.Union([Type.String(), Type.Null()], {
    description: 'the occurrence it ran for; null when manual'
  }),
  start_time: Type.String(),
  end_time: NullableTime,
  state: Type.String({ description: 'running, finished, warning or error' }),
  message: Type.String()
})

export const TaskTypeSchema = Type.Object({
  type: Type.String(),
  description: Type.String(),
  parameters: Type.Unknown({ description: 'JSON Schema of the task\'s parameters' })
})

export const TaskCreateSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.String({ minLength: 1, maxLength: 100 }),
  parameters: Type.Optional(ParametersSchema),
  schedule: FrequencySchema,
  start_time: TimeInputSchema,
  enabled: Type.Optional(Type.Boolean()),
  owner_id: Type.Optional(IdInputSchema)
}, {
  additionalProperties: false,
  examples: [{
    name: 'Nightly holding tank',
    type: 'process_holding_tank',
    parameters: {},
    schedule: 'daily',
    start_time: '2030-01-01 02:00:00'
  }]
})

export const TaskPatchSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  parameters: Type.Optional(ParametersSchema),
  schedule: Type.Optional(FrequencySchema),
  start_time: Type.Optional(TimeInputSchema),
  enabled: Type.Optional(Type.Boolean()),
  owner_id: Type.Optional(IdInputSchema)
}, { additionalProperties: false, minProperties: 1, examples: [{ enabled: false }] })

export const TaskParamsSchema = Type.Object({ id: { ...IdParamSchema, description: 'task id' } })

export const PageQuerySchema = Type.Object({
  offset: Type.Optional(OffsetSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }))
})

export const TaskListQuerySchema = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 100 })),
  offset: Type.Optional(OffsetSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }))
})
