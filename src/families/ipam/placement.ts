import { blockSize, endOf, type Cidr } from './ip.js'

/**
 * Where inside one free block a new block of `mask` goes. IPv4 and leftmost IPv6 take the lowest
 * aligned position, rightmost the highest, center the one nearest `center` (the middle of the
 * aggregate). Positions holding a reserved address (IP rules) are skipped.
 */
export type SparseScheme = 'leftmost' | 'center' | 'rightmost'

export const sparseSchemes: readonly SparseScheme[] = ['leftmost', 'center', 'rightmost']

export function placeWithin (
  free: Cidr, mask: number, scheme: SparseScheme, center: bigint, reserved: readonly bigint[] = []
): Cidr | undefined {
  if (mask < free.mask) return undefined
  const size = blockSize(free.version, mask)
  const count = 1n << BigInt(mask - free.mask)
  const excluded = new Set<bigint>()
  for (const address of reserved) {
    if (address >= free.start && address <= endOf(free)) excluded.add((address - free.start) / size)
  }
  const at = (index: bigint): Cidr => ({ version: free.version, start: free.start + index * size, mask })
  if (scheme === 'leftmost') {
    for (let index = 0n; index < count; index++) if (!excluded.has(index)) return at(index)
    return undefined
  }
  if (scheme === 'rightmost') {
    for (let index = count - 1n; index >= 0n; index--) if (!excluded.has(index)) return at(index)
    return undefined
  }
  let middle = center <= free.start ? 0n : (center - free.start) / size
  if (middle >= count) middle = count - 1n
  // Outward from the middle: middle, middle+1, middle-1, middle+2, ... (bounded by the exclusions).
  for (let step = 0n; step <= BigInt(excluded.size) * 2n + 1n; step++) {
    const offset = (step + 1n) / 2n
    const index = step % 2n === 0n ? middle - offset : middle + offset
    if (index >= 0n && index < count && !excluded.has(index)) return at(index)
  }
  return undefined
}

/** How far a block is from `point` (0 when it contains it). */
export function distanceTo (block: Cidr, point: bigint): bigint {
  if (point < block.start) return block.start - point
  const end = endOf(block)
  return point > end ? point - end : 0n
}
