import { performance } from 'node:perf_hooks'
import type { Instance, InstanceManager } from '../core/instances.js'
import type { JobSpeed } from '../core/jobs.js'
import { controlState } from './state.js'

export interface ResetResult {
  instance: string
  fixtures: string
  ms: number
}

/**
 * Back to the fixture state: the database becomes a copy of the fixture set's template image,
 * the clock real, job speed the configured one, journal and fault rules empty. Snapshots stay.
 */
export function resetInstance (manager: InstanceManager, instance: Instance, jobSpeed: JobSpeed,
  journalSize: number): ResetResult {
  const start = performance.now()
  manager.reset(instance)
  instance.jobs.speed = jobSpeed
  const state = controlState(instance, journalSize)
  state.journal.clear()
  state.faults.clear()
  return { instance: instance.name, fixtures: instance.fixtures, ms: elapsed(start) }
}

/** Milliseconds since `start`, to the microsecond. */
export function elapsed (start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000
}
