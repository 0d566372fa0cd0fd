import type { Instance } from '../core/instances.js'
import type { Static } from 'typebox'
import type { InstanceSchema } from './schemas.js'
import { controlState } from './state.js'

export function clockView (instance: Instance): {
  now: number, iso: string, frozen: boolean, offset_ms: number, job_speed: 'immediate' | 'clock'
} {
  const now = instance.clock.now()
  const frozen = instance.clock.isFrozen()
  return {
    now,
    iso: new Date(now).toISOString(),
    frozen,
    offset_ms: Math.round(instance.clock.offset()),
    job_speed: instance.jobs.speed
  }
}

export function instanceView (instance: Instance, journalSize: number): Static<typeof InstanceSchema> {
  const state = controlState(instance, journalSize)
  return {
    name: instance.name,
    fixtures: instance.fixtures,
    persistent: instance.file !== null,
    journal: state.journal.size,
    faults: state.faults.size,
    snapshots: [...state.snapshots.keys()],
    clock: clockView(instance)
  }
}
