import type { FastifyRequest } from 'fastify'
import { MockError } from '../../core/errors.js'
import { listGrantsOfUser, type Operation } from '../../core/identity-store.js'

/**
 * DHCP permissions (area `dhcp`): read users may view everything they can read; groups and pools
 * need the right on the resource they hang under; server create/edit/delete (and a server push)
 * needs admin or an explicit DHCP grant on the server's group itself, as ProVision documents.
 */
export function assertServerRight (request: FastifyRequest, operation: Operation, groupId: number | undefined): void {
  if (request.perms.isAdmin) return
  const explicit = groupId !== undefined && listGrantsOfUser(request.instance.db, request.user.id).some((grant) =>
    grant.area === 'dhcp' && grant.resource_id === groupId && grant[`can_${operation}`] === 1)
  if (!explicit) {
    throw new MockError('PERMISSION_DENIED', `Permission Denied: DHCP server ${operation} needs administrator ` +
      'rights or an explicit DHCP grant on the server\'s group')
  }
}

export function readableIn (request: FastifyRequest): (id: number) => boolean {
  const can = request.perms.readable('dhcp')
  return (id) => can(id)
}
