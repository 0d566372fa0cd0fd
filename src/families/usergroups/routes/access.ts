import type { FastifyRequest } from 'fastify'
import { MockError } from '../../../core/errors.js'
import { isAdminGroup, isMember } from '../../../core/identity-store.js'

function deny (why: string): never {
  throw new MockError('PERMISSION_DENIED', `Permission Denied: ${why}`)
}

/** Members may read their own groups; anyone else needs User-area read. */
export function assertMayRead (request: FastifyRequest, groupId: number): void {
  if (!isMember(request.instance.db, request.user.id, groupId)) request.perms.assert('user', 'read')
}

// Changing who is in a group, or what a group grants, needs User-area update. Only an admin may
// touch a group that makes administrators, grant admin, change their own membership or the grants
// of a group they belong to: anything else would let a user raise their own rights.

export function assertMayManageMembers (request: FastifyRequest, groupId: number, userId: number): void {
  request.perms.assert('user', 'update')
  if (request.perms.isAdmin) return
  if (isAdminGroup(request.instance.db, groupId)) deny('only an administrator may change who is an administrator')
  if (userId === request.user.id) deny('you cannot change your own group membership')
}

export function assertMayManageGrants (request: FastifyRequest, groupId: number, area?: string): void {
  request.perms.assert('user', 'update')
  if (request.perms.isAdmin) return
  if (area === 'admin' || isAdminGroup(request.instance.db, groupId)) deny('only an administrator may grant admin')
  if (isMember(request.instance.db, request.user.id, groupId)) deny('you cannot change the grants of your own group')
}
