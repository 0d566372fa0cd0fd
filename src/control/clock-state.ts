import type { Clock } from '../core/clock.js'

/** A clock's whole state: frozen at a time, or running with an offset from real time. */
export type ClockState = { frozen: true, at: number } | { frozen: false, offset: number }

export function readClock (clock: Clock): ClockState {
  return clock.isFrozen()
    ? { frozen: true, at: clock.now() }
    : { frozen: false, offset: clock.now() - Date.now() }
}

export function writeClock (clock: Clock, state: ClockState): void {
  if (state.frozen) {
    clock.set(state.at)
    return
  }
  clock.release()
  if (state.offset !== 0) clock.advance(state.offset)
}

/** Runs the clock from `ms` onwards (not frozen). */
export function startClockAt (clock: Clock, ms: number): void {
  writeClock(clock, { frozen: false, offset: ms - Date.now() })
}
