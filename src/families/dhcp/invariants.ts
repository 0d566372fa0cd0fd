import type { Db } from '../../core/db.js'
import { toNumber, isHostOf } from './address.js'
import { allPools, allReservations, blockOfPool, getPool } from './pool-store.js'

/** Every pool's IPAM block exists, is assigned, to the pool's parent, with the pool's CIDR. */
export function poolBlocksAssigned (db: Db): string[] {
  return allPools(db).flatMap((pool) => {
    const block = blockOfPool(db, pool)
    if (block === undefined) {
      return [`dhcp pool ${pool.row.id}: block ${pool.attrs.cidr} (netblock ${pool.attrs.netblock_id}) is not assigned`]
    }
    return block.resource_id === pool.row.parent_id
      ? []
      : [`dhcp pool ${pool.row.id}: block ${pool.attrs.cidr} is assigned to resource ${block.resource_id ?? ''}, ` +
          `not the pool's parent ${pool.row.parent_id ?? ''}`]
  })
}

/** Every reservation's address is a host address of its pool's block. */
export function reservationsInsidePools (db: Db): string[] {
  return allReservations(db).flatMap((reservation) => {
    const pool = getPool(db, Number(reservation.pool_id))
    const address = toNumber(reservation.address)
    return address !== undefined && isHostOf(pool.subnet, address)
      ? []
      : [`dhcp reservation ${reservation.id}: ${reservation.address} is outside pool ${pool.row.id} ` +
          `(${pool.attrs.cidr})`]
  })
}

/** No MAC address is reserved twice. */
export function macsUnique (db: Db): string[] {
  const seen = new Map<string, string>()
  const violations: string[] = []
  for (const reservation of allReservations(db)) {
    const first = seen.get(reservation.mac)
    if (first !== undefined) {
      violations.push(`dhcp reservation ${reservation.id}: MAC ${reservation.mac} is also reserved by ${first}`)
    } else {
      seen.set(reservation.mac, reservation.id)
    }
  }
  return violations
}
