/**
 * The mock's clock. Everything that reads time (timestamps, holding tank, scheduler, jobs) reads
 * it from here, so tests can freeze, set and advance time per instance.
 */
export type ClockListener = (now: number) => void

export class Clock {
  #offset = 0
  #frozenAt: number | null = null
  #listeners = new Set<ClockListener>()

  now (): number {
    return this.#frozenAt ?? Date.now() + this.#offset
  }

  nowIso (): string {
    return new Date(this.now()).toISOString()
  }

  /** Seconds since the epoch, as ProVision's timestamps are stored. */
  nowSeconds (): number {
    return Math.floor(this.now() / 1000)
  }

  /** How far the clock is from real time, in ms (0 when real; exact, not two readings apart). */
  offset (): number {
    return this.#frozenAt === null ? this.#offset : this.#frozenAt - Date.now()
  }

  isFrozen (): boolean {
    return this.#frozenAt !== null
  }

  /** Stops the clock at `ms`; it stays there until advanced or released. */
  set (ms: number): void {
    this.#frozenAt = ms
    this.#notify()
  }

  advance (ms: number): void {
    if (this.#frozenAt !== null) this.#frozenAt += ms
    else this.#offset += ms
    this.#notify()
  }

  /** Back to real time with no offset. */
  release (): void {
    this.#frozenAt = null
    this.#offset = 0
    this.#notify()
  }

  onChange (listener: ClockListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify (): void {
    const now = this.now()
    for (const listener of this.#listeners) listener(now)
  }
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the timestamp shape ProVision shows for dates. */
export function formatTimestamp (ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}
