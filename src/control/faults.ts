import { globToRegExp } from './journal.js'

/** What a test asks for when it adds a fault rule. */
export interface FaultInput {
  operationId?: string
  method?: string
  path?: string
  status?: number
  body?: unknown
  headers?: Record<string, string>
  latency_ms?: number | { min: number, max: number }
  probability?: number
  seed?: number
  times?: number
}

/** A rule as listed: its input plus the counters it keeps. */
export interface FaultRule extends FaultInput {
  id: string
  seed: number
  probability: number
  /** Matching calls still to fail; null means every matching call. */
  remaining: number | null
  matched: number
  applied: number
}

/** What a rule decided for one request: answer instead of the mock, wait, or both. */
export interface FaultDecision {
  rule: FaultRule
  delayMs: number
  status?: number
  body: unknown
  headers: Record<string, string>
}

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit integer, for reproducible draws. */
export function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface LiveRule {
  rule: FaultRule
  random: () => number
  path: RegExp | undefined
}

/**
 * The fault rules of one instance, checked in the order they were added; the first rule that
 * matches a request and draws "apply" decides it. Each rule draws from its own seeded PRNG, so
 * the same seed and the same sequence of matching calls give the same faults on every run.
 */
export class FaultSet {
  #rules: LiveRule[] = []
  #lastId = 0

  add (input: FaultInput): FaultRule {
    this.#lastId += 1
    const rule: FaultRule = {
      ...input,
      ...(input.method === undefined ? {} : { method: input.method.toUpperCase() }),
      id: `f${this.#lastId}`,
      seed: input.seed ?? Math.floor(Math.random() * 2 ** 31),
      probability: input.probability ?? 1,
      remaining: input.times ?? null,
      matched: 0,
      applied: 0
    }
    this.#rules.push({
      rule,
      random: seededRandom(rule.seed),
      path: input.path === undefined ? undefined : globToRegExp(input.path)
    })
    return rule
  }

  list (): FaultRule[] {
    return this.#rules.map((live) => live.rule)
  }

  get (id: string): FaultRule | undefined {
    return this.#rules.find((live) => live.rule.id === id)?.rule
  }

  delete (id: string): boolean {
    const before = this.#rules.length
    this.#rules = this.#rules.filter((live) => live.rule.id !== id)
    return this.#rules.length < before
  }

  clear (): void {
    this.#rules = []
  }

  get size (): number {
    return this.#rules.length
  }

  /** The decision for a request, or undefined when no rule applies. Counts and draws as it goes. */
  decide (method: string, path: string, operationId: string | null): FaultDecision | undefined {
    for (const live of this.#rules) {
      const { rule } = live
      if (!matches(live, method, path, operationId)) continue
      if (rule.remaining === 0) continue
      rule.matched += 1
      if (rule.probability < 1 && live.random() >= rule.probability) continue
      rule.applied += 1
      if (rule.remaining !== null) rule.remaining -= 1
      return {
        rule,
        delayMs: delayOf(rule, live.random),
        ...(rule.status === undefined ? {} : { status: rule.status }),
        body: rule.body ?? { message: `fault ${rule.id} injected by provision-mock`, code: 'INJECTED_FAULT' },
        headers: rule.headers ?? {}
      }
    }
    return undefined
  }
}

function matches (live: LiveRule, method: string, path: string, operationId: string | null): boolean {
  const { rule } = live
  if (rule.operationId !== undefined && rule.operationId !== operationId) return false
  if (rule.method !== undefined && rule.method !== method) return false
  if (live.path !== undefined && !live.path.test(path)) return false
  return true
}

function delayOf (rule: FaultRule, random: () => number): number {
  const latency = rule.latency_ms
  if (latency === undefined) return 0
  if (typeof latency === 'number') return latency
  return Math.round(latency.min + random() * (latency.max - latency.min))
}
