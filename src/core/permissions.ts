import type { Db } from './db.js'
import { MockError } from './errors.js'
import { listGrantsOfUser, type Area, type GrantRow, type Operation } from './identity-store.js'
import { ancestry, TLR_ID } from './resource-tree.js'

export interface Rights {
  create: boolean
  read: boolean
  update: boolean
  delete: boolean
}

const none: Rights = Object.freeze({ create: false, read: false, update: false, delete: false })
const all: Rights = Object.freeze({ create: true, read: true, update: true, delete: true })

function rightsOf (grant: GrantRow): Rights {
  return {
    create: grant.can_create === 1,
    read: grant.can_read === 1,
    update: grant.can_update === 1,
    delete: grant.can_delete === 1
  }
}

function union (a: Rights, b: Rights): Rights {
  return {
    create: a.create || b.create,
    read: a.read || b.read,
    update: a.update || b.update,
    delete: a.delete || b.delete
  }
}

/**
 * What one user may do, following ProVision's model: groups grant create/read/update/delete per
 * area on a resource; a grant applies to that resource and everything below it, until a grant of
 * the same group and area lower in the tree takes over. A user's rights are the union over their
 * groups. An admin grant (on any resource) makes a global administrator, who may do everything.
 */
export class Permissions {
  readonly isAdmin: boolean
  readonly userId: number
  readonly #db: Db
  // area -> resource id -> group id -> rights
  readonly #grants = new Map<string, Map<number, Map<number, Rights>>>()
  readonly #memo = new Map<string, Rights>()

  constructor (db: Db, userId: number, grants: GrantRow[] = listGrantsOfUser(db, userId)) {
    this.#db = db
    this.userId = userId
    let admin = false
    for (const grant of grants) {
      if (grant.area === 'admin') admin = true
      let byResource = this.#grants.get(grant.area)
      if (byResource === undefined) this.#grants.set(grant.area, byResource = new Map())
      let byGroup = byResource.get(grant.resource_id)
      if (byGroup === undefined) byResource.set(grant.resource_id, byGroup = new Map())
      byGroup.set(grant.group_id, rightsOf(grant))
    }
    this.isAdmin = admin
  }

  /** The user's effective rights in `area` on a resource (the TLR when null). */
  rights (area: Area | 'swip', resourceId: number | null = TLR_ID): Rights {
    if (this.isAdmin) return all
    const byResource = this.#grants.get(area)
    if (byResource === undefined) return none
    const id = resourceId ?? TLR_ID
    const key = `${area}:${id}`
    const memo = this.#memo.get(key)
    if (memo !== undefined) return memo
    const chain = byResource.size === 1 && byResource.has(TLR_ID) ? [TLR_ID] : ancestry(this.#db, id)
    const decided = new Set<number>()
    let result = none
    for (const resource of chain) {
      const byGroup = byResource.get(resource)
      if (byGroup === undefined) continue
      for (const [group, rights] of byGroup) {
        if (decided.has(group)) continue
        decided.add(group)
        result = union(result, rights)
      }
    }
    this.#memo.set(key, result)
    return result
  }

  can (area: Area, operation: Operation, resourceId: number | null = TLR_ID): boolean {
    return this.rights(area, resourceId)[operation]
  }

  /** Throws 403 unless the user may do `operation` in `area` on the resource. */
  assert (area: Area, operation: Operation, resourceId: number | null = TLR_ID): void {
    if (!this.can(area, operation, resourceId)) {
      throw new MockError('PERMISSION_DENIED', `Permission Denied: ${operation} on ${area} is not granted` +
        (resourceId === null ? '' : ` for resource ${resourceId}`))
    }
  }

  assertAdmin (): void {
    if (!this.isAdmin) throw new MockError('PERMISSION_DENIED', 'Permission Denied: administrator rights required')
  }

  /** SWIP is a flag: granted on a resource (or above it), or implied by admin. */
  canSwip (resourceId: number | null = TLR_ID): boolean {
    const rights = this.rights('swip', resourceId)
    return rights.create || rights.read || rights.update || rights.delete
  }

  /** A predicate for filtering lists down to what the user may read in `area`. */
  readable (area: Area): (resourceId: number | null) => boolean {
    return (resourceId) => this.can(area, 'read', resourceId)
  }
}
