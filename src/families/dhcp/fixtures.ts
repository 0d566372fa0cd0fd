import { Type, type Static } from 'typebox'
import type { Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { FixtureError } from '../../core/fixtures.js'
import { TLR_ID } from '../../core/resource-tree.js'
import { getResource } from '../resources/store.js'
import { findNetblock, type NetblockRow } from '../ipam/store.js'
import { allPools, createPool, createReservation, reservationsOf } from './pool-store.js'
import { createGroup, createServer, listGroups, listServers } from './store.js'

const Id = Type.Integer({ minimum: 2 })
const Parent = Type.Optional(Type.Integer({ minimum: 1 }))

export const DhcpFixtureSchema = Type.Object({
  groups: Type.Array(Type.Object({
    id: Type.Optional(Id),
    parent_id: Parent,
    name: Type.String({ minLength: 1 }),
    domain_name: Type.Optional(Type.String()),
    dns_servers: Type.Optional(Type.Array(Type.String())),
    lease_time: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' }))
  }, { additionalProperties: false })),
  servers: Type.Array(Type.Object({
    id: Type.Optional(Id),
    parent_id: Parent,
    name: Type.String({ minLength: 1 }),
    group_id: Id,
    hostname: Type.Optional(Type.String()),
    address: Type.String(),
    status: Type.Optional(Type.String())
  }, { additionalProperties: false })),
  pools: Type.Array(Type.Object({
    id: Type.Optional(Id),
    parent_id: Parent,
    name: Type.String({ minLength: 1 }),
    group_id: Id,
    cidr: Type.String({
      description: 'direct-assigned from IPAM at seed time (or adopted when already assigned ' +
      'to parent_id, as in an exported instance)'
    }),
    range_start: Type.Optional(Type.String()),
    range_end: Type.Optional(Type.String()),
    router: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    reservations: Type.Array(Type.Object({
      id: Type.Optional(Id),
      name: Type.String({ minLength: 1 }),
      mac: Type.String(),
      address: Type.String(),
      hostname: Type.Optional(Type.String())
    }, { additionalProperties: false }))
  }, { additionalProperties: false }))
}, { additionalProperties: false })

export type DhcpFixture = Static<typeof DhcpFixtureSchema>

/** Runs one fixture item through the DHCP rules; a failure names the item and field. */
function item<T> (context: SeedContext, path: string, db: Db, id: number | undefined, fn: () => T): T {
  if (id !== undefined && getResource(db, id) !== undefined) {
    throw new FixtureError(context.file, `${path}/id`, `duplicate id ${id}`)
  }
  try {
    return fn()
  } catch (error) {
    if (error instanceof FixtureError) throw error
    const field = (error as { field?: unknown }).field
    const where = typeof field === 'string' ? `${path}/${field}` : path
    throw new FixtureError(context.file, where, (error as Error).message)
  }
}

/** A block an exported instance already holds for the pool: exactly the CIDR, assigned to the parent. */
function assignedBlock (db: Db, cidr: string, resourceId: number): NetblockRow | undefined {
  try {
    const row = findNetblock(db, cidr)
    return row.status === 'assigned' && row.resource_id === resourceId ? row : undefined
  } catch {
    return undefined
  }
}

/** Seeds groups, servers, then pools (direct-assigning their blocks) with their reservations. */
export function seedDhcp (db: Db, data: DhcpFixture, context: SeedContext): void {
  const now = context.now
  data.groups.forEach((group, i) => item(context, `/groups/${i}`, db, group.id, () =>
    createGroup(db, group, group.parent_id ?? TLR_ID, now, group.id)))
  data.servers.forEach((server, i) => item(context, `/servers/${i}`, db, server.id, () =>
    createServer(db, server, server.parent_id ?? TLR_ID, now, server.id)))
  data.pools.forEach((pool, i) => {
    const { reservations, ...fields } = pool
    const parentId = pool.parent_id ?? TLR_ID
    const created = item(context, `/pools/${i}`, db, pool.id, () =>
      createPool(db, fields, parentId, now, { fixedId: pool.id, adopt: assignedBlock(db, pool.cidr, parentId) }))
    reservations.forEach((reservation, j) => item(context, `/pools/${i}/reservations/${j}`, db, reservation.id, () =>
      createReservation(db, Number(created.id), reservation, now, reservation.id)))
  })
}

export function exportDhcp (db: Db): DhcpFixture {
  const all = (): boolean => true
  return {
    groups: listGroups(db, all).map((group) => ({
      id: Number(group.id),
      parent_id: Number(group.parent_id),
      name: group.name,
      ...(group.domain_name === '' ? {} : { domain_name: group.domain_name }),
      dns_servers: group.dns_servers,
      lease_time: group.lease_time
    })),
    servers: listServers(db, all).map((server) => ({
      id: Number(server.id),
      parent_id: Number(server.parent_id),
      name: server.name,
      group_id: Number(server.group_id),
      hostname: server.hostname,
      address: server.address,
      status: server.status
    })),
    pools: allPools(db).map((pool) => ({
      id: pool.row.id,
      parent_id: pool.row.parent_id ?? TLR_ID,
      name: pool.row.name,
      group_id: Number(pool.attrs.group_id),
      cidr: pool.attrs.cidr ?? '',
      range_start: pool.attrs.range_start ?? '',
      range_end: pool.attrs.range_end ?? '',
      router: pool.attrs.router ?? '',
      status: pool.attrs.status ?? 'active',
      reservations: reservationsOf(db, pool.row.id).map((reservation) => ({
        id: Number(reservation.id),
        name: reservation.name,
        mac: reservation.mac,
        address: reservation.address,
        ...(reservation.hostname === '' ? {} : { hostname: reservation.hostname })
      }))
    }))
  }
}
