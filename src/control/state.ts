import type { Instance } from '../core/instances.js'
import { FaultSet } from './faults.js'
import { Journal } from './journal.js'
import type { Snapshot } from './snapshots.js'

/** What the control plane keeps beside one instance's database (in `instance.extras`). */
export interface ControlState {
  journal: Journal
  faults: FaultSet
  snapshots: Map<string, Snapshot>
}

const key = 'control'

/** The instance's control state, created on first use with a journal of `journalSize` entries. */
export function controlState (instance: Instance, journalSize: number): ControlState {
  let state = instance.extras.get(key) as ControlState | undefined
  if (state === undefined) {
    state = { journal: new Journal(journalSize), faults: new FaultSet(), snapshots: new Map() }
    instance.extras.set(key, state)
  }
  return state
}
