import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'

type Kind = 'integer' | 'boolean' | 'choice'

interface Setting {
  kind: Kind
  default: string
  choices?: readonly string[]
  min?: number
  max?: number
  description: string
}

/**
 * The settings ProVision's admin pages expose that change API behaviour. Values travel as strings,
 * as in the vendor's own example (`{"auto_merge_limits":"10"}`).
 */
export const settings = {
  holding_tank_days: {
    kind: 'integer',
    default: '30',
    min: 0,
    max: 3650,
    description: 'days an unassigned block waits in the Holding Tank before it is available again'
  },
  merge_after_unassign: {
    kind: 'boolean',
    default: '1',
    description: 'merge a block with its free buddy once it becomes available after an unassign'
  },
  auto_merge_respects_tags_regions: {
    kind: 'boolean',
    default: '1',
    description: 'automatic merge stops where the two halves differ in tags or region'
  },
  auto_merge_limits: {
    kind: 'integer',
    default: '0',
    min: 0,
    max: 128,
    description: 'most levels one automatic merge may climb (0: no limit)'
  },
  ipv6_sparse_scheme: {
    kind: 'choice',
    default: 'leftmost',
    choices: ['leftmost', 'center', 'rightmost'],
    description: 'default IPv6 sparse allocation scheme for aggregates that set none'
  },
  show_host_prefix: {
    kind: 'boolean', default: '0', description: 'show /32 and /128 on single-address blocks'
  },
  regions_enabled: { kind: 'boolean', default: '1', description: 'blocks carry a region' },
  vlan_per_block: { kind: 'boolean', default: '1', description: 'blocks carry a VLAN' },
  generic_code_per_block: { kind: 'boolean', default: '1', description: 'blocks carry a generic code' },
  ripe_database: {
    kind: 'choice', default: 'RIPE', choices: ['RIPE', 'RIPE-TEST'], description: 'RIPE database SWIP goes to'
  },
  ipv4_block_scanner: { kind: 'boolean', default: '0', description: 'scan IPv4 blocks for used addresses' }
} as const satisfies Record<string, Setting>

export type SettingKey = keyof typeof settings
export type Settings = Record<SettingKey, string>

export const settingKeys = Object.keys(settings) as SettingKey[]

/** Checks and normalises one value; booleans become "1" / "0", integers their decimal text. */
export function normaliseSetting (key: string, value: unknown): string {
  const setting = (settings as Record<string, Setting>)[key]
  if (setting === undefined) throw new MockError('BAD_REQUEST', `${key} is not a known setting`, key)
  if (setting.kind === 'integer') {
    const text = typeof value === 'number' ? String(value) : value
    if (typeof text !== 'string' || !/^\d{1,10}$/.test(text)) {
      throw new MockError('BAD_REQUEST', `${key} must be a whole number`, key)
    }
    const number = Number(text)
    if (number < (setting.min ?? 0) || number > (setting.max ?? Number.MAX_SAFE_INTEGER)) {
      throw new MockError('BAD_REQUEST', `${key} must be from ${setting.min} to ${setting.max}`, key)
    }
    return String(number)
  }
  if (setting.kind === 'boolean') {
    if (value === true || value === '1' || value === 'true' || value === 1) return '1'
    if (value === false || value === '0' || value === 'false' || value === 0) return '0'
    throw new MockError('BAD_REQUEST', `${key} must be a boolean ("1" or "0")`, key)
  }
  if (typeof value !== 'string' || !(setting.choices ?? []).includes(value)) {
    throw new MockError('BAD_REQUEST', `${key} must be one of ${(setting.choices ?? []).join(', ')}`, key)
  }
  return value
}

export function getConfig (db: Db): Settings {
  const stored = new Map(
    (stmt(db, 'SELECT key, value FROM settings').all() as Array<{ key: string, value: string }>)
      .map((row) => [row.key, row.value])
  )
  return Object.fromEntries(settingKeys.map((key) => [key, stored.get(key) ?? settings[key].default])) as Settings
}

/** Reads one setting (typed by the caller), falling back to its default. */
export function getSetting (db: Db, key: SettingKey): string {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
  return row ?? settings[key].default
}

export function patchConfig (db: Db, changes: Record<string, unknown>): Settings {
  const normalised = Object.entries(changes).map(([key, value]) => [key, normaliseSetting(key, value)] as const)
  const upsert = stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
  )
  db.transaction(() => {
    for (const [key, value] of normalised) upsert.run(key, value)
  })()
  return getConfig(db)
}
