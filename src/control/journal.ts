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
  #entries: Array<JournalEntry | undefined>
  #next = 0
  #size = 0
  #seq = 0
  dropped = 0

  constructor (capacity: number) {
    this.capacity = capacity
    this.#entries = new Array<JournalEntry | undefined>(capacity)
  }

  get size (): number {
    return this.#size
  }

  add (entry: Omit<JournalEntry, 'seq'>): void {
    this.#seq += 1
    if (this.capacity === 0) {
      this.dropped += 1
      return
    }
    if (this.#size === this.capacity) this.dropped += 1
    else this.#size += 1
    this.#entries[this.#next] = { seq: this.#seq, ...entry }
    this.#next = (this.#next + 1) % this.capacity
  }

  /** Entries oldest first, filtered. */
  list (filter: JournalFilter = {}): JournalEntry[] {
    const test = matcher(filter)
    const out: JournalEntry[] = []
    const start = (this.#next - this.#size + this.capacity) % Math.max(this.capacity, 1)
    for (let i = 0; i < this.#size; i++) {
      const entry = this.#entries[(start + i) % this.capacity] as JournalEntry
      if (test(entry)) out.push(entry)
    }
    return out
  }

  count (filter: JournalFilter = {}): number {
    return this.list(filter).length
  }

  clear (): void {
    this.#entries = new Array<JournalEntry | undefined>(this.capacity)
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

function matcher (filter: JournalFilter): (entry: JournalEntry) => boolean {
  const method = filter.method?.toUpperCase()
  const path = filter.path === undefined ? undefined : globToRegExp(filter.path)
  return (entry) => (method === undefined || entry.method === method) &&
    (path === undefined || path.test(entry.path)) &&
    (filter.operationId === undefined || entry.operationId === filter.operationId) &&
    (filter.status === undefined || entry.status === filter.status)
}
