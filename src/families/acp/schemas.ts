import { Type } from 'typebox'
import { IdInputSchema, IdParamSchema, OffsetSchema } from '../../core/schemas.js'

const MethodSchema = Type.Enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
const SlugSchema = Type.String({
  pattern: '^(?=[a-z0-9_-]*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+)*$',
  maxLength: 100,
  description: 'lowercase letters, digits, - and _, with at least one letter; the workflow\'s URL'
})

export const StepInputSchema = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$', description: 'how later steps refer to this one' }),
  method: MethodSchema,
  path: Type.String({
    pattern: '^/api/v2/[^\\s#]*$',
    maxLength: 2000,
    description: 'an API v2 path, may hold {{placeholders}} and a query string'
  }),
  body: Type.Optional(Type.Unknown({ description: 'any JSON; strings may hold {{placeholders}}' }))
}, { additionalProperties: false })

const StepsSchema = Type.Array(StepInputSchema, { minItems: 1, maxItems: 50 })

export const StepSchema = Type.Object({
  name: Type.String(),
  method: Type.String(),
  path: Type.String(),
  body: Type.Unknown({ description: 'null when the step sends no body' })
})

export const WorkflowSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  steps: Type.Array(StepSchema),
  owner_id: Type.String(),
  owner: Type.String({ description: 'the owner\'s username (empty when the user no longer exists)' }),
  date: Type.String(),
  modified: Type.String()
})

const example = {
  slug: 'bump-holding-days',
  name: 'Bump the holding-tank days',
  description: 'Reads the settings, then sets holding_tank_days from the input',
  steps: [
    { name: 'before', method: 'GET', path: '/api/v2/config' },
    { name: 'change', method: 'PATCH', path: '/api/v2/config', body: { holding_tank_days: '{{input.days | string}}' } }
  ]
}

export const WorkflowCreateSchema = Type.Object({
  slug: SlugSchema,
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  steps: StepsSchema,
  owner_id: Type.Optional(IdInputSchema)
}, { additionalProperties: false, examples: [example] })

export const WorkflowPatchSchema = Type.Object({
  slug: Type.Optional(SlugSchema),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  steps: Type.Optional(StepsSchema),
  owner_id: Type.Optional(IdInputSchema)
}, { additionalProperties: false, minProperties: 1, examples: [{ description: 'Reads, then changes a setting' }] })

export const WorkflowParamsSchema = Type.Object({
  workflow: Type.String({ pattern: '^[a-z0-9_-]{1,100}$', description: 'workflow slug or id' })
})

export const RunParamsSchema = Type.Object({ id: { ...IdParamSchema, description: 'run id' } })

export const RunInputSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'the run input that {{input.<key>}} placeholders read; no body is an empty input',
  examples: [{ days: 45 }]
})

export const RunStepSchema = Type.Object({
  name: Type.String(),
  state: Type.String({ description: 'finished or error' }),
  message: Type.String(),
  request: Type.Object({ method: Type.String(), path: Type.String(), body: Type.Unknown() }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status; null when the call was not sent' }),
  response: Type.Unknown({ description: 'the parsed response body' })
})

export const RunSchema = Type.Object({
  id: Type.String(),
  workflow_id: Type.String(),
  slug: Type.String(),
  user_id: Type.String({ description: 'whose rights the steps ran with' }),
  username: Type.String(),
  trigger: Type.String({ description: 'api or scheduler' }),
  state: Type.String({ description: 'running, finished or error' }),
  message: Type.String(),
  input: Type.Unknown(),
  output: Type.Unknown({ description: 'the last step\'s response when the run finished; null otherwise' }),
  start_time: Type.String(),
  end_time: Type.Union([Type.String(), Type.Null()]),
  steps: Type.Array(RunStepSchema)
})

export const PageQuerySchema = Type.Object({
  offset: Type.Optional(OffsetSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }))
})
