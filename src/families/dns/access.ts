import type { FastifyRequest } from 'fastify'
import { MockError } from '../../core/errors.js'
import { listGrantsOfUser, type Operation } from '../../core/identity-store.js'

/**
 * DNS permissions (area `dns`): zones, records, groups and ACLs need the right on the parent they
 * hang under; server management needs admin or an explicit grant on the server's group itself
 * (an inherited grant is not enough), as ProVision documents for DNS servers.
 */
export function assertServerRight (request: FastifyRequest, operation: Operation, groupId: number | undefined): void {
  if (request.perms.isAdmin) return
  const explicit = groupId !== undefined && listGrantsOfUser(request.instance.db, request.user.id).some((grant) =>
    grant.area === 'dns' && grant.resource_id === groupId && grant[`can_${operation}`] === 1)
  if (!explicit) {
    throw new MockError('PERMISSION_DENIED', `Permission Denied: DNS server ${operation} needs administrator rights ` +
      'or an explicit DNS grant on the server\'s group')
  }
}

export function readableIn (request: FastifyRequest): (id: number) => boolean {
  const can = request.perms.readable('dns')
  return (id) => can(id)
}
