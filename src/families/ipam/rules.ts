import { endOf, type Cidr } from './ip.js'

/**
 * IP rules reserve address positions inside the block a rule is set on, so smart and direct assign
 * never hand them out. Positions count 1, 2, 3 ... from the first address and 0, -1, -2 ... from
 * the last (0 is the last address).
 */
export function parsePositions (input: string | readonly string[]): number[] | string {
  const parts = (typeof input === 'string' ? input.split(',') : input).map((part) => part.trim())
    .filter((part) => part !== '')
  const positions: number[] = []
  for (const part of parts) {
    if (!/^-?\d{1,9}$/.test(part)) return `position "${part}" is not a whole number`
    positions.push(Number(part))
  }
  return [...new Set(positions)].sort((a, b) => a - b)
}

/** The addresses a rule's positions reserve inside `block` (positions outside it are ignored). */
export function reservedAddresses (block: Cidr, positions: readonly number[]): bigint[] {
  const end = endOf(block)
  const out: bigint[] = []
  for (const position of positions) {
    const address = position >= 1 ? block.start + BigInt(position - 1) : end + BigInt(position)
    if (address >= block.start && address <= end) out.push(address)
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
