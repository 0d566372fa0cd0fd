/** One request as the journal keeps it. */
export interface JournalEntry {
  seq: number
  time: string
  method: string
  path: string
  query: unknown
  body: unknown
  status: number
  user: string | null
  operationId: string | null
  duration_ms: number
  /** The id of the fault rule that answered instead of the mock, or null. */
  fault: string | null
}

/**
 * What the request hook hands over: the time as the instance clock's milliseconds, written out
 * as ISO text only when the journal is read, since most entries are never read.
 */
export type JournalRecord = Omit<JournalEntry, 'seq' | 'time'> & { time: number }

type Stored = JournalRecord & { seq: number }

export interface JournalFilter {
  method?: string
  /** An exact path, or a glob where `*` matches within one segment and `**` across segments. */
  path?: string
  operationId?: string
  status?: number
}

/**
 * A bounded ring buffer of the requests one instance answered. Past `capacity`, the oldest entry
 * is overwritten and counted in `dropped`.
 */
export class Journal {
  readonly capacity: number
  #entries: Array<Stored | undefined>
  #next = 0
  #size = 0
  #seq = 0
  dropped = 0

  constructor (capacity: number) {
    this.capacity = capacity
    this.#entries = new Array<Stored | undefined>(capacity)
  }

  get size (): number {
    return this.#size
  }

  /** Keeps the record itself (numbered), not a copy: the caller hands it over. */
  add (record: JournalRecord): void {
    this.#seq += 1
    if (this.capacity === 0) {
      this.dropped += 1
      return
    }
    if (this.#size === this.capacity) this.dropped += 1
    else this.#size += 1
    const stored = record as Stored
    stored.seq = this.#seq
    this.#entries[this.#next] = stored
    this.#next = (this.#next + 1) % this.capacity
  }

  /** Entries oldest first, filtered. */
  list (filter: JournalFilter = {}): JournalEntry[] {
    const test = matcher(filter)
    const out: JournalEntry[] = []
    this.#each((entry) => {
      if (test(entry)) out.push({ ...entry, time: new Date(entry.time).toISOString() })
    })
    return out
  }

  count (filter: JournalFilter = {}): number {
    const test = matcher(filter)
    let n = 0
    this.#each((entry) => { if (test(entry)) n += 1 })
    return n
  }

  /** Visits the stored entries oldest first. */
  #each (visit: (entry: Stored) => void): void {
    const start = (this.#next - this.#size + this.capacity) % Math.max(this.capacity, 1)
    for (let i = 0; i < this.#size; i++) visit(this.#entries[(start + i) % this.capacity] as Stored)
  }

  clear (): void {
    this.#entries = new Array<Stored | undefined>(this.capacity)
    this.#next = 0
    this.#size = 0
    this.dropped = 0
  }
}

/** `*` matches within one path segment, `**` across segments; everything else is literal. */
export function globToRegExp (glob: string): RegExp {
  const source = glob.split(/(\*\*|\*)/).map((part) => {
    if (part === '**') return '.*'
    if (part === '*') return '[^/]*'
    return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  }).join('')
  return new RegExp(`^${source}$`)
}

function matcher (filter: JournalFilter): (entry: Stored) => boolean {
  const method = filter.method?.toUpperCase()
  const path = filter.path === undefined ? undefined : globToRegExp(filter.path)
  return (entry) => (method === undefined || entry.method === method) &&
    (path === undefined || path.test(entry.path)) &&
    (filter.operationId === undefined || entry.operationId === filter.operationId) &&
    (filter.status === undefined || entry.status === filter.status)
}
