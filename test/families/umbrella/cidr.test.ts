import t from 'tap'
import { contains, parseCidr } from '../../../src/families/umbrella/cidr.js'

t.test('parseCidr', async (t) => {
  t.test('normalises host bits away and gives decimal bounds', async (t) => {
    const block = parseCidr('192.168.0.1/24')
    t.match(block, {
      version: 4,
      cidr: '192.168.0.0/24',
      mask: 24,
      startHuman: '192.168.0.0',
      endHuman: '192.168.0.255'
    })
    t.equal(block?.start, 3232235520n)
    t.equal(block?.size, 256n)
  })

  t.test('handles IPv6 sizes exactly', async (t) => {
    const block = parseCidr('2001:db8::/32')
    t.equal(block?.cidr, '2001:db8::/32')
    t.equal(block?.size, 2n ** 96n)
    t.equal(block?.endHuman, '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')
  })

  t.test('rejects what is not a block', async (t) => {
    for (const bad of ['', '10.0.0.0/33', '300.0.0.0/8', '2001:db8::/129', 'example.com']) {
      t.equal(parseCidr(bad), undefined, bad)
    }
  })
})

t.test('contains', async (t) => {
  const outer = parseCidr('10.0.0.0/8')!
  t.equal(contains(outer, parseCidr('10.20.0.0/16')!), true)
  t.equal(contains(outer, parseCidr('11.0.0.0/16')!), false)
  t.equal(contains(outer, parseCidr('::/0')!), false, 'never across address families')
})
