import { isIPv4 } from 'node:net'

/**
 * IPv4 arithmetic for DHCP subnets (the mock renders ISC dhcpd for IPv4 only) and MAC address
 * normalisation. Plain functions, unit-tested without HTTP.
 */

export interface Subnet {
  network: number
  mask: number
}

/** An IPv4 address as an unsigned 32-bit number, or undefined when it is not one. */
export function toNumber (address: string): number | undefined {
  if (!isIPv4(address)) return undefined
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
}

export function toAddress (value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}

/** `a.b.c.d/n` as a subnet, or undefined. */
export function parseSubnet (cidr: string): Subnet | undefined {
  const [address, bits, extra] = cidr.split('/')
  const network = toNumber(address)
  if (network === undefined || extra !== undefined || !/^[0-9]{1,2}$/.test(bits ?? '')) return undefined
  const mask = Number(bits)
  if (mask > 32 || network % 2 ** (32 - mask) !== 0) return undefined
  return { network, mask }
}

export function broadcastOf (subnet: Subnet): number {
  return subnet.network + 2 ** (32 - subnet.mask) - 1
}

export function netmaskOf (subnet: Subnet): string {
  return toAddress(2 ** 32 - 2 ** (32 - subnet.mask))
}

/** Inside the subnet and neither its network nor its broadcast address. */
export function isHostOf (subnet: Subnet, value: number): boolean {
  return value > subnet.network && value < broadcastOf(subnet)
}

export function subnetsOverlap (a: Subnet, b: Subnet): boolean {
  return a.network <= broadcastOf(b) && b.network <= broadcastOf(a)
}

/**
 * A MAC address in the canonical lowercase colon form, from any common spelling (colons, dashes,
 * Cisco dots, none; any case), or undefined when it is not 48 bits of hex.
 */
const macSpellings = [
  /^[0-9a-f]{2}([:-])([0-9a-f]{2}\1){4}[0-9a-f]{2}$/i,
  /^[0-9a-f]{12}$/i,
  /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i
]

export function normalizeMac (text: string): string | undefined {
  const trimmed = text.trim()
  if (!macSpellings.some((spelling) => spelling.test(trimmed))) return undefined
  return trimmed.replace(/[:.-]/g, '').toLowerCase().match(/../g)?.join(':')
}
