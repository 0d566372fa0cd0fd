import { Address4, Address6 } from 'ip-address'

export interface Cidr {
  version: 4 | 6
  /** Network address and mask, normalised: `10.1.0.0/16`, `2001:db8::/32`. */
  cidr: string
  mask: number
  start: bigint
  end: bigint
  startHuman: string
  endHuman: string
  size: bigint
}

/** Parses `a.b.c.d/n` or an IPv6 prefix (host bits are cleared); undefined when invalid. */
export function parseCidr (text: string): Cidr | undefined {
  const value = text.trim()
  const v6 = value.includes(':')
  if (v6 ? !Address6.isValid(value) : !Address4.isValid(value)) return undefined
  const address = v6 ? new Address6(value) : new Address4(value)
  const first = address.startAddress()
  const last = address.endAddress()
  const start = first.bigInt()
  const end = last.bigInt()
  return {
    version: v6 ? 6 : 4,
    cidr: `${first.correctForm()}/${address.subnetMask}`,
    mask: address.subnetMask,
    start,
    end,
    startHuman: first.correctForm(),
    endHuman: last.correctForm(),
    size: end - start + 1n
  }
}

/** True when `inner` lies inside `outer` (same family). */
export function contains (outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && inner.start >= outer.start && inner.end <= outer.end
}
