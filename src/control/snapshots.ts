import type { Instance } from '../core/instances.js'
import type { JobSpeed } from '../core/jobs.js'
import { readClock, writeClock, type ClockState } from './clock-state.js'

/** A saved instance: its database image (jobs included), clock and job speed. */
export interface Snapshot {
  name: string
  image: Buffer
  clock: ClockState
  jobSpeed: JobSpeed
  /** Real time of the save, ISO. */
  created: string
}

export function takeSnapshot (instance: Instance, name: string): Snapshot {
  return {
    name,
    image: instance.image(),
    clock: readClock(instance.clock),
    jobSpeed: instance.jobs.speed,
    created: new Date().toISOString()
  }
}

/** Puts the instance back exactly as it was when `snapshot` was taken. */
export function restoreSnapshot (instance: Instance, snapshot: Snapshot): void {
  instance.load(snapshot.image)
  writeClock(instance.clock, snapshot.clock)
  instance.jobs.speed = snapshot.jobSpeed
}

export function describeSnapshot (snapshot: Snapshot): { name: string, created: string, bytes: number } {
  return { name: snapshot.name, created: snapshot.created, bytes: snapshot.image.length }
}
