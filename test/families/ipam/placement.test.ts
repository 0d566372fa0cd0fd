import t from 'tap'
import { formatCidr, parseCidr, type Cidr } from '../../../src/families/ipam/ip.js'
import { placeWithin } from '../../../src/families/ipam/placement.js'
import { parsePositions, reservedAddresses } from '../../../src/families/ipam/rules.js'
import { parseTagList, tagsMatch } from '../../../src/families/ipam/tags.js'

const cidr = (text: string): Cidr => parseCidr(text) as Cidr

t.test('placeWithin', async (t) => {
  const free = cidr('2001:db8::/32')
  const middle = (0x20010db8n << 96n) + (1n << 95n)

  t.test('leftmost takes the lowest position, rightmost the highest', async (t) => {
    t.equal(formatCidr(placeWithin(free, 48, 'leftmost', middle) as Cidr), '2001:db8::/48')
    t.equal(formatCidr(placeWithin(free, 48, 'rightmost', middle) as Cidr), '2001:db8:ffff::/48')
  })

  t.test('center takes the position holding the middle', async (t) => {
    t.equal(formatCidr(placeWithin(free, 48, 'center', middle) as Cidr), '2001:db8:8000::/48')
  })

  t.test('center from a block beside the middle takes its nearest edge', async (t) => {
    t.equal(formatCidr(placeWithin(cidr('2001:db8::/33'), 48, 'center', middle) as Cidr), '2001:db8:7fff::/48')
  })

  t.test('skips positions holding reserved addresses', async (t) => {
    const block = cidr('192.0.2.0/24')
    t.equal(formatCidr(placeWithin(block, 30, 'leftmost', 0n, [3221225984n]) as Cidr), '192.0.2.4/30')
    t.equal(formatCidr(placeWithin(block, 30, 'rightmost', 0n, [3221226239n]) as Cidr), '192.0.2.248/30')
    t.equal(placeWithin(cidr('192.0.2.0/32'), 32, 'leftmost', 0n, [3221225984n]), undefined)
  })

  t.test('refuses a mask shorter than the block', async (t) => {
    t.equal(placeWithin(cidr('10.0.0.0/24'), 16, 'leftmost', 0n), undefined)
  })

  t.test('works across the whole IPv6 range', async (t) => {
    const last = placeWithin(cidr('::/0'), 128, 'rightmost', 0n) as Cidr
    t.equal(formatCidr(last), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128')
    t.equal(formatCidr(placeWithin(cidr('::/0'), 0, 'center', 1n << 127n) as Cidr), '::/0')
  })
})

t.test('IP rule positions', async (t) => {
  t.test('count 1, 2 ... from the start and 0, -1 ... from the end', async (t) => {
    const block = cidr('10.0.0.0/24')
    const positions = parsePositions('1, 2, 0, -1') as number[]
    t.same(reservedAddresses(block, positions), [167772160n, 167772161n, 167772414n, 167772415n])
  })

  t.test('ignore positions outside the block and reject non-numbers', async (t) => {
    t.same(reservedAddresses(cidr('10.0.0.0/31'), [1, 5, -7]), [167772160n])
    t.type(parsePositions(['1', 'x']), 'string')
    t.same(parsePositions(''), [])
  })
})

t.test('tags', async (t) => {
  t.test('parse comma strings with stray quotes', async (t) => {
    t.same(parseTagList('"web","prod"'), ['web', 'prod'])
    t.same(parseTagList(' web , \'prod\' ,,'), ['web', 'prod'])
    t.same(parseTagList(['"a"', 'b,c']), ['a', 'b', 'c'])
    t.same(parseTagList(undefined), [])
  })

  t.test('match by mode', async (t) => {
    t.ok(tagsMatch(['a', 'b'], ['a'], 'default'))
    t.notOk(tagsMatch(['a'], ['a', 'b'], 'default'))
    t.ok(tagsMatch(['a', 'b'], ['B', 'a'], 'strict'))
    t.notOk(tagsMatch(['a', 'b'], ['a'], 'strict'))
    t.ok(tagsMatch(['a'], ['b'], 'exclude'))
    t.notOk(tagsMatch(['a', 'b'], ['b'], 'exclude'))
    t.ok(tagsMatch([], [], 'strict'))
  })
})
