import t from 'tap'
import {
  broadcastOf, isHostOf, netmaskOf, normalizeMac, parseSubnet, subnetsOverlap, toAddress, toNumber
} from '../../../src/families/dhcp/address.js'

t.test('IPv4 arithmetic', async (t) => {
  t.equal(toNumber('10.1.2.3'), 167838211)
  t.equal(toAddress(167838211), '10.1.2.3')
  t.equal(toNumber('255.255.255.255'), 4294967295)
  t.equal(toNumber('10.1.2'), undefined)
  t.equal(toNumber('2001:db8::1'), undefined)
  const subnet = parseSubnet('10.1.2.0/24')!
  t.same(subnet, { network: 167838208, mask: 24 })
  t.equal(toAddress(broadcastOf(subnet)), '10.1.2.255')
  t.equal(netmaskOf(subnet), '255.255.255.0')
  t.equal(netmaskOf(parseSubnet('10.0.0.0/8')!), '255.0.0.0')
  t.equal(netmaskOf(parseSubnet('10.1.2.0/30')!), '255.255.255.252')
  t.ok(isHostOf(subnet, toNumber('10.1.2.1')!))
  t.notOk(isHostOf(subnet, toNumber('10.1.2.0')!), 'network address')
  t.notOk(isHostOf(subnet, toNumber('10.1.2.255')!), 'broadcast address')
  t.notOk(isHostOf(subnet, toNumber('10.1.3.1')!))
})

t.test('parseSubnet refuses what is not an IPv4 network', async (t) => {
  for (const text of ['10.1.2.1/24', '10.1.2.0/33', '10.1.2.0', 'x/24', '10.1.2.0/24/1', '2001:db8::/64']) {
    t.equal(parseSubnet(text), undefined, text)
  }
})

t.test('subnetsOverlap', async (t) => {
  const a = parseSubnet('10.1.2.0/24')!
  t.ok(subnetsOverlap(a, parseSubnet('10.1.0.0/16')!))
  t.ok(subnetsOverlap(a, parseSubnet('10.1.2.128/25')!))
  t.notOk(subnetsOverlap(a, parseSubnet('10.1.3.0/24')!))
})

t.test('normalizeMac', async (t) => {
  const spellings = ['00:11:22:AA:bb:CC', '00-11-22-aa-bb-cc', '001122aabbcc', '0011.22aa.bbcc', ' 00:11:22:aa:bb:cc ']
  for (const text of spellings) {
    t.equal(normalizeMac(text), '00:11:22:aa:bb:cc', text)
  }
  for (const text of ['00:11:22:aa:bb', '00:11:22:aa:bb:cc:dd', '00:11-22:aa:bb:cc', 'gg:11:22:aa:bb:cc', '']) {
    t.equal(normalizeMac(text), undefined, text)
  }
})
