/**
 * Schedule arithmetic, on UTC milliseconds. A task's occurrences are its start time and, for a
 * repeating schedule, every period after it; a monthly schedule keeps the start's day of the
 * month, or the month's last day when the month is shorter.
 */
export const frequencies = ['once', 'hourly', 'daily', 'weekly', 'monthly'] as const
export type Frequency = typeof frequencies[number]

const hour = 3_600_000
const periods: Partial<Record<Frequency, number>> = { hourly: hour, daily: 24 * hour, weekly: 7 * 24 * hour }

/** The k-th occurrence (k >= 0). */
export function occurrence (frequency: Frequency, start: number, k: number): number {
  if (frequency === 'once') return start
  const period = periods[frequency]
  if (period !== undefined) return start + k * period
  const date = new Date(start)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + k
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(date.getUTCDate(), lastDay)
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(),
    date.getUTCMilliseconds())
}

/** Index of the last occurrence at or before `time`; -1 when the first is later. */
export function indexAtOrBefore (frequency: Frequency, start: number, time: number): number {
  if (time < start) return -1
  if (frequency === 'once') return 0
  const period = periods[frequency]
  if (period !== undefined) return Math.floor((time - start) / period)
  const from = new Date(start)
  const to = new Date(time)
  let k = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth()
  while (k > 0 && occurrence(frequency, start, k) > time) k--
  return k
}

/** The first occurrence at or after `time`, or undefined when there is none (a past one-off). */
export function firstAtOrAfter (frequency: Frequency, start: number, time: number): number | undefined {
  if (time <= start) return start
  if (frequency === 'once') return undefined
  const k = indexAtOrBefore(frequency, start, time)
  const at = occurrence(frequency, start, k)
  return at === time ? at : occurrence(frequency, start, k + 1)
}

/** The occurrence after the one at `due`, or undefined for a one-off. */
export function nextAfter (frequency: Frequency, start: number, due: number): number | undefined {
  if (frequency === 'once') return undefined
  return occurrence(frequency, start, indexAtOrBefore(frequency, start, due) + 1)
}

const timestamp = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Reads `YYYY-MM-DD HH:MM[:SS]` (UTC, as ProVision shows times) or ISO 8601 with an offset.
 * Undefined when the text is not such a time.
 */
export function parseTime (text: string): number | undefined {
  const match = timestamp.exec(text.trim())
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number)
  const zone = match[7] ?? 'Z'
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || (s ?? 0) > 59) return undefined
  const utc = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s)
  if (new Date(utc).getUTCDate() !== d) return undefined
  if (zone === 'Z') return utc
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  return utc - sign * offset
}
