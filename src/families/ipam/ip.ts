import { Address4, Address6 } from 'ip-address'

/**
 * IP arithmetic for IPAM: addresses are BigInts (128-bit math for IPv6), parsing and formatting go
 * through the `ip-address` library. Ordering keys are 32 hex digits, so text order is numeric order.
 */
export type IpVersion = 4 | 6

export interface Cidr {
  version: IpVersion
  /** The network (first) address. */
  start: bigint
  mask: number
}

export function bitsOf (version: IpVersion): number {
  return version === 4 ? 32 : 128
}

export function typeOf (version: IpVersion): 'ipv4' | 'ipv6' {
  return version === 4 ? 'ipv4' : 'ipv6'
}

export function versionOfType (type: string): IpVersion | undefined {
  const lower = type.toLowerCase()
  if (lower === 'ipv4' || lower === '4') return 4
  if (lower === 'ipv6' || lower === '6') return 6
  return undefined
}

/** Number of addresses in a block of `mask`. */
export function blockSize (version: IpVersion, mask: number): bigint {
  return 1n << BigInt(bitsOf(version) - mask)
}

export function endOf (cidr: Cidr): bigint {
  return cidr.start + blockSize(cidr.version, cidr.mask) - 1n
}

/** Parses an address without a prefix; undefined when it is not one. */
export function parseAddress (text: string): { version: IpVersion, value: bigint } | undefined {
  const trimmed = text.trim()
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(trimmed) && Address4.isValid(trimmed)) {
    return { version: 4, value: new Address4(trimmed).bigInt() }
  }
  if (trimmed.includes(':') && !trimmed.includes('/') && !trimmed.includes('%') && Address6.isValid(trimmed)) {
    return { version: 6, value: new Address6(trimmed).bigInt() }
  }
  return undefined
}

export type CidrProblem = 'syntax' | 'mask' | 'host_bits'

/**
 * Parses `a.b.c.d/n` or an IPv6 prefix. A bare address is a /32 or /128. Host bits set below the
 * mask are a problem unless `truncate` is true (then they are cleared).
 */
export function parseCidr (text: string, truncate = false): Cidr | CidrProblem {
  const trimmed = text.trim()
  const slash = trimmed.lastIndexOf('/')
  const addressText = slash === -1 ? trimmed : trimmed.slice(0, slash)
  const maskText = slash === -1 ? undefined : trimmed.slice(slash + 1)
  const address = parseAddress(addressText)
  if (address === undefined) return 'syntax'
  const bits = bitsOf(address.version)
  if (maskText !== undefined && !/^\d{1,3}$/.test(maskText)) return 'mask'
  const mask = maskText === undefined ? bits : Number(maskText)
  if (mask > bits) return 'mask'
  const hostMask = blockSize(address.version, mask) - 1n
  if ((address.value & hostMask) !== 0n && !truncate) return 'host_bits'
  return { version: address.version, start: address.value & ~hostMask, mask }
}

/**
 * The address as text: dotted decimal, or RFC 5952 IPv6 (lowercase groups without leading zeros,
 * the longest run of two or more zero groups, the first of equal runs, written `::`), which is
 * what ip-address's correctForm writes. Done here because every netblock on the wire formats four
 * addresses and the library's parse-and-format route cost several times as much.
 */
export function formatAddress (version: IpVersion, value: bigint): string {
  if (value < 0n || value >= 1n << BigInt(bitsOf(version))) {
    throw new RangeError(`${value} is not an IPv${version} address`)
  }
  if (version === 4) {
    const n = Number(value)
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
  }
  const hex = value.toString(16).padStart(32, '0')
  const groups: string[] = []
  let runStart = -1
  let runLength = 0
  let zeroes = 0
  for (let index = 0; index < 8; index++) {
    const group = hex.slice(index * 4, index * 4 + 4).replace(/^0{1,3}/, '')
    groups.push(group)
    zeroes = group === '0' ? zeroes + 1 : 0
    if (zeroes > runLength) {
      runLength = zeroes
      runStart = index - zeroes + 1
    }
  }
  if (runLength < 2) return groups.join(':')
  return `${groups.slice(0, runStart).join(':')}::${groups.slice(runStart + runLength).join(':')}`
}

export function formatCidr (cidr: Cidr): string {
  return `${formatAddress(cidr.version, cidr.start)}/${cidr.mask}`
}

const netmasks = { 4: [] as string[], 6: [] as string[] }

/** The dotted netmask for IPv4, the prefix-length mask written as an address for IPv6. */
export function netmaskOf (version: IpVersion, mask: number): string {
  const known = netmasks[version][mask]
  if (known !== undefined) return known
  const bits = bitsOf(version)
  const all = (1n << BigInt(bits)) - 1n
  const text = formatAddress(version, all ^ (blockSize(version, mask) - 1n))
  if (Number.isInteger(mask) && mask >= 0 && mask <= bits) netmasks[version][mask] = text
  return text
}

/** A fixed-width key (32 hex digits) whose text order is the numeric order of addresses. */
export function keyOf (value: bigint): string {
  return value.toString(16).padStart(32, '0')
}

export function valueOfKey (key: string): bigint {
  return BigInt('0x' + key)
}

export function contains (outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.mask <= inner.mask &&
    inner.start >= outer.start && endOf(inner) <= endOf(outer)
}

export function overlaps (a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.start <= endOf(b) && b.start <= endOf(a)
}

/** The two halves of a block one bit longer; undefined for a single address. */
export function halves (cidr: Cidr): [Cidr, Cidr] | undefined {
  if (cidr.mask >= bitsOf(cidr.version)) return undefined
  const mask = cidr.mask + 1
  return [
    { version: cidr.version, start: cidr.start, mask },
    { version: cidr.version, start: cidr.start + blockSize(cidr.version, mask), mask }
  ]
}

/** The block's buddy: the other half of its parent; undefined for /0. */
export function buddyOf (cidr: Cidr): Cidr | undefined {
  if (cidr.mask === 0) return undefined
  return { version: cidr.version, start: cidr.start ^ blockSize(cidr.version, cidr.mask), mask: cidr.mask }
}

/** The block one bit shorter that contains this one; undefined for /0. */
export function parentOf (cidr: Cidr): Cidr | undefined {
  if (cidr.mask === 0) return undefined
  const mask = cidr.mask - 1
  return { version: cidr.version, start: cidr.start & ~(blockSize(cidr.version, mask) - 1n), mask }
}
