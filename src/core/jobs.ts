import { stmt, type Db } from './db.js'
import type { Clock } from './clock.js'
import { formatTimestamp } from './clock.js'

export type JobState = 'running' | 'finished' | 'warning' | 'error'

/** One planned status line; `afterMs` is when it becomes visible, counted from the job's start. */
export interface JobStep {
  afterMs: number
  state: JobState
  message: string
}

/** A status message exactly as push_status / action_status send it: every field a string. */
export interface JobMessage {
  msgid: string
  message: string
  state: JobState
  date_created: string
}

export type JobSpeed = 'immediate' | 'clock'

export interface JobRecord {
  pid: string
  kind: string
  target_id: string
  created_ms: number
  output: string
}

/**
 * The job engine shared by pushes, resource actions and SWIP. A job's outcome is decided when it
 * starts (the caller plans its steps); what a status poll sees depends only on the instance clock,
 * so tests can advance time and watch `running` turn into `finished`, with no timers involved.
 */
export class JobEngine {
  readonly #db: () => Db
  readonly #clock: Clock
  speed: JobSpeed

  constructor (db: () => Db, clock: Clock, speed: JobSpeed = 'clock') {
    this.#db = db
    this.#clock = clock
    this.speed = speed
  }

  /** Starts a job and returns its pid. `output` is an artefact a test may read back (a zone file). */
  start (kind: string, targetId: string | number, steps: JobStep[], output = ''): string {
    const db = this.#db()
    const now = this.#clock.now()
    const scale = this.speed === 'immediate' ? 0 : 1
    return db.transaction(() => {
      const last = stmt(db, 'SELECT MAX(CAST(pid AS INTEGER)) FROM jobs').pluck().get() as number | null
      const pid = String((last ?? 1000) + 1)
      stmt(db, 'INSERT INTO jobs (pid, kind, target_id, created_ms, output) VALUES (?, ?, ?, ?, ?)')
        .run(pid, kind, String(targetId), now, output)
      const insert = stmt(db, 'INSERT INTO job_messages (pid, msgid, at_ms, state, message) VALUES (?, ?, ?, ?, ?)')
      steps.forEach((step, index) => insert.run(pid, index + 1, now + step.afterMs * scale, step.state, step.message))
      return pid
    })()
  }

  get (pid: string): JobRecord | undefined {
    return stmt(this.#db(), 'SELECT pid, kind, target_id, created_ms, output FROM jobs WHERE pid = ?')
      .get(pid) as JobRecord | undefined
  }

  /** The messages visible now, oldest first; undefined when no such job exists for that target. */
  status (pid: string, kind: string, targetId: string | number): JobMessage[] | undefined {
    const job = this.get(pid)
    if (job === undefined || job.kind !== kind || job.target_id !== String(targetId)) return undefined
    const rows = stmt(this.#db(), `SELECT msgid, at_ms, state, message FROM job_messages
      WHERE pid = ? AND at_ms <= ? ORDER BY msgid`)
      .all(pid, this.#clock.now()) as Array<{ msgid: number, at_ms: number, state: JobState, message: string }>
    return rows.map((row) => ({
      msgid: String(row.msgid),
      message: row.message,
      state: row.state,
      date_created: formatTimestamp(row.at_ms)
    }))
  }

  /** The state a poller would report now: the newest visible message's state. */
  currentState (pid: string): JobState | undefined {
    const row = stmt(this.#db(), `SELECT state FROM job_messages WHERE pid = ? AND at_ms <= ?
      ORDER BY msgid DESC LIMIT 1`).get(pid, this.#clock.now()) as { state: JobState } | undefined
    return row?.state
  }
}
