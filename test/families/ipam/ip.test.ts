import fc from 'fast-check'
import { Address4, Address6 } from 'ip-address'
import t from 'tap'
import {
  blockSize, buddyOf, contains, endOf, formatAddress, formatCidr, halves, keyOf, netmaskOf, overlaps, parentOf,
  parseAddress, parseCidr, valueOfKey, type Cidr
} from '../../../src/families/ipam/ip.js'

function cidr (text: string): Cidr {
  const parsed = parseCidr(text)
  if (typeof parsed === 'string') throw new Error(`${text}: ${parsed}`)
  return parsed
}

t.test('parseCidr', async (t) => {
  t.test('reads IPv4 and IPv6 prefixes', async (t) => {
    t.same(cidr('10.1.0.0/24'), { version: 4, start: 167837696n, mask: 24 })
    t.same(cidr('2001:db8::/32'), { version: 6, start: 0x20010db8n << 96n, mask: 32 })
    t.same(cidr('::/0'), { version: 6, start: 0n, mask: 0 })
    t.same(cidr('0.0.0.0/0'), { version: 4, start: 0n, mask: 0 })
  })

  t.test('takes a bare address as a single-address block', async (t) => {
    t.equal(cidr('192.0.2.7').mask, 32)
    t.equal(cidr('::1').mask, 128)
  })

  t.test('names the problem with odd inputs', async (t) => {
    t.equal(parseCidr('10.0.0.0/33'), 'mask')
    t.equal(parseCidr('2001:db8::/129'), 'mask')
    t.equal(parseCidr('10.0.0.0/-1'), 'mask')
    t.equal(parseCidr('10.0.0.0/abc'), 'mask')
    t.equal(parseCidr('10.0.0.1/24'), 'host_bits')
    t.equal(parseCidr('2001:db8::1/64'), 'host_bits')
    for (const bad of ['', 'abc', '10.0.0', '256.0.0.0/8', '10.0.0.0.0/8', '1.2.3.4/', 'fe80::1%eth0/64', ':::/8']) {
      t.equal(typeof parseCidr(bad), 'string', bad)
    }
  })

  t.test('clears host bits when asked to truncate', async (t) => {
    t.equal(formatCidr(parseCidr('10.0.0.77/24', true) as Cidr), '10.0.0.0/24')
  })
})

t.test('formatting', async (t) => {
  t.test('writes addresses in their canonical form', async (t) => {
    t.equal(formatCidr(cidr('2001:0DB8:0000::/48')), '2001:db8::/48')
    t.equal(formatAddress(4, 4294967295n), '255.255.255.255')
    t.equal(formatAddress(6, (1n << 128n) - 1n), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')
    t.equal(formatAddress(6, 0n), '::')
  })

  t.test('compresses the longest run of zero groups, the first of equal runs, never a single one', async (t) => {
    t.equal(formatAddress(6, 0x20010db8000000000001000000000001n), '2001:db8::1:0:0:1')
    t.equal(formatAddress(6, 0x20010000000100000000000000000001n), '2001:0:1::1')
    t.equal(formatAddress(6, 0x20010db8000100010001000100010001n), '2001:db8:1:1:1:1:1:1')
    t.equal(formatAddress(6, 0x00000000000000000000ffff0a000001n), '::ffff:a00:1')
    t.equal(formatAddress(6, 0x20010db8000000000000000000000000n), '2001:db8::')
    t.equal(formatAddress(6, 1n), '::1')
    t.equal(formatAddress(6, 0x20010db8000000000000000100000000n), '2001:db8::1:0:0')
  })

  t.test('writes what ip-address writes, for any address', async (t) => {
    // Groups drawn mostly from 0 and small values, so zero runs of every length and position occur.
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 0xffff }))
    fc.assert(fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
      const value = groups.reduce((sum, part) => (sum << 16n) | BigInt(part), 0n)
      return formatAddress(6, value) === Address6.fromBigInt(value).correctForm()
    }), { numRuns: 5000, seed: 9 })
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) =>
      formatAddress(4, BigInt(n)) === Address4.fromBigInt(BigInt(n)).correctForm()), { numRuns: 2000, seed: 9 })
    t.pass('10 000 random addresses agree')
  })

  t.test('refuses values outside the family', async (t) => {
    t.throws(() => formatAddress(4, 1n << 32n), RangeError)
    t.throws(() => formatAddress(6, -1n), RangeError)
  })

  t.test('netmasks for both families', async (t) => {
    t.equal(netmaskOf(4, 24), '255.255.255.0')
    t.equal(netmaskOf(4, 0), '0.0.0.0')
    t.equal(netmaskOf(4, 32), '255.255.255.255')
    t.equal(netmaskOf(6, 64), 'ffff:ffff:ffff:ffff::')
    t.equal(netmaskOf(6, 64), 'ffff:ffff:ffff:ffff::', 'the same from the memo')
    t.equal(netmaskOf(6, 0), '::')
    t.equal(netmaskOf(6, 128), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')
  })

  t.test('keys sort like the addresses', async (t) => {
    const values = [0n, 1n, 255n, 1n << 32n, (1n << 128n) - 1n]
    const keys = values.map(keyOf)
    t.same([...keys].sort(), keys)
    t.same(keys.map(valueOfKey), values)
    t.equal(keys[0].length, 32)
  })

  t.test('parseAddress refuses CIDRs and junk', async (t) => {
    t.equal(parseAddress('10.0.0.0/8'), undefined)
    t.equal(parseAddress('hello'), undefined)
    t.same(parseAddress('::ffff:1.2.3.4'), { version: 6, value: 0xffff01020304n })
  })
})

t.test('block arithmetic', async (t) => {
  t.test('IPv6 edges from /0 to /128', async (t) => {
    t.equal(blockSize(6, 0), 1n << 128n)
    t.equal(blockSize(6, 128), 1n)
    t.equal(endOf(cidr('::/0')), (1n << 128n) - 1n)
    t.equal(endOf(cidr('::1/128')), 1n)
    t.equal(halves(cidr('::1/128')), undefined)
    const [low, high] = halves(cidr('::/0')) as [Cidr, Cidr]
    t.equal(formatCidr(low), '::/1')
    t.equal(formatCidr(high), '8000::/1')
    t.equal(buddyOf(cidr('::/0')), undefined)
    t.equal(parentOf(cidr('::/0')), undefined)
    const last = cidr('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128')
    t.equal(formatCidr(buddyOf(last) as Cidr), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128')
    t.equal(formatCidr(parentOf(last) as Cidr), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127')
  })

  t.test('halves, buddies and parents agree at every IPv6 length', async (t) => {
    for (let mask = 0; mask < 128; mask++) {
      const block: Cidr = { version: 6, start: 0x20010db8n << 96n & ~(blockSize(6, mask) - 1n), mask }
      const [low, high] = halves(block) as [Cidr, Cidr]
      t.same(buddyOf(low), high)
      t.same(parentOf(high), block)
      t.equal(endOf(high), endOf(block))
    }
  })

  t.test('containment and overlap', async (t) => {
    t.ok(contains(cidr('10.0.0.0/8'), cidr('10.1.0.0/16')))
    t.notOk(contains(cidr('10.1.0.0/16'), cidr('10.0.0.0/8')))
    t.notOk(contains(cidr('10.0.0.0/8'), cidr('::/0')))
    t.ok(overlaps(cidr('10.0.0.0/8'), cidr('10.255.255.255/32')))
    t.notOk(overlaps(cidr('10.0.0.0/8'), cidr('11.0.0.0/8')))
    t.notOk(overlaps(cidr('0.0.0.0/0'), cidr('::/0')))
  })
})
