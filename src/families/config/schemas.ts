import { Type } from 'typebox'
import { settingKeys, settings } from './store.js'

const settingValue = Type.Union([Type.String(), Type.Integer(), Type.Boolean()])

export const ConfigSchema = Type.Object(
  Object.fromEntries(settingKeys.map((key) => [key, Type.String({ description: settings[key].description })])),
  { description: 'ProVision settings; every value is a string', additionalProperties: false }
)

export const ConfigPatchSchema = Type.Object(
  Object.fromEntries(settingKeys.map((key) => [key, Type.Optional(settingValue)])),
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [{ auto_merge_limits: '10' }]
  }
)

export const ConfigFixtureSchema = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Integer(), Type.Boolean()])
)
