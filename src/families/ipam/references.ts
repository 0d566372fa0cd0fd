import type { Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { formatCidr } from './ip.js'
import { cidrOfRow, type NetblockRow } from './tree.js'

/**
 * Answers what outside IPAM stands on a block and what to do about it (e.g. "backs DHCP pool 402;
 * delete the pool first"), or undefined. Must be an indexed lookup: it runs once per block freed.
 */
export type NetblockReferenceCheck = (db: Db, block: NetblockRow) => string | undefined

const referenceChecks: NetblockReferenceCheck[] = []

/**
 * Families built on IPAM (DHCP pools keep a netblock id) register a check here, so an operation
 * that would unassign, move, split or delete a block they use is a 409 instead of leaving them
 * pointing at space that is no longer theirs. IPAM itself knows none of them.
 */
export function registerNetblockReference (check: NetblockReferenceCheck): void {
  referenceChecks.push(check)
}

/** Throws a 409 naming the first thing that still stands on `block`. */
export function assertUnreferenced (db: Db, block: NetblockRow, field?: string): void {
  for (const check of referenceChecks) {
    const reference = check(db, block)
    if (reference !== undefined) {
      throw new MockError('CONFLICT', `netblock ${formatCidr(cidrOfRow(block))} (id ${block.id}) ${reference}`, field)
    }
  }
}
