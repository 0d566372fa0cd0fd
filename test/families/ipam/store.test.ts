import t from 'tap'
import { MockError } from '../../../src/core/errors.js'
import { patchConfig } from '../../../src/families/config/store.js'
import { createCatalogRow } from '../../../src/families/ipam/catalog-store.js'
import { formatCidr } from '../../../src/families/ipam/ip.js'
import {
  createNetblock, directAssign, findNetblock, firstAvailable, listNetblocks, processHoldingTank, smartAssign,
  unassign, unassignAllIps, updateNetblock
} from '../../../src/families/ipam/store.js'
import { cidrOfRow, getRow, netblockColumns, type NetblockRow } from '../../../src/families/ipam/tree.js'
import { ipamDb, violations } from '../../helpers/ipam-db.js'

const all = (): boolean => true
/** What t.throws should match: an error with this status (and message). */
const status = (statusCode: number, message?: string): Error =>
  (message === undefined ? { statusCode } : { statusCode, message }) as unknown as Error
const cidrs = (rows: NetblockRow[]): string[] => rows.map((row) => formatCidr(cidrOfRow(row)))
const day = 86_400_000

t.test('smartAssign', async (t) => {
  t.test('splits the aggregate down and takes the lowest block first', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    const first = smartAssign(db, { resource_id: 2, type: 'ipv4', rir: '1918', mask: 24 }, 0)
    const second = smartAssign(db, { resource_id: 3, type: 'ipv4', rir: '1918', mask: 24 }, 0)
    t.equal(formatCidr(cidrOfRow(first)), '10.0.0.0/24')
    t.equal(formatCidr(cidrOfRow(second)), '10.0.1.0/24')
    t.equal(first.resource_id, 2)
    t.equal(first.status, 'assigned')
    t.same(violations(db), [])
  })

  t.test('prefers the smallest free block that fits (best fit)', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/16', rir: '1918' }, 0)
    directAssign(db, '10.0.0.0/25', { resource_id: 2 }, 0)
    directAssign(db, '10.0.128.0/17', { resource_id: 2 }, 0)
    const row = smartAssign(db, { resource_id: 3, type: 'ipv4', mask: 26 }, 0)
    t.equal(formatCidr(cidrOfRow(row)), '10.0.0.128/26')
  })

  t.test('answers the vendor 404 message when nothing fits', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '192.0.2.0/24', rir: 'APNIC' }, 0)
    t.throws(() => smartAssign(db, { resource_id: 2, type: 'ipv4', rir: 'APNIC', mask: 23 }, 0),
      status(404, 'No suitable blocks found for mask size /23'))
    t.throws(() => smartAssign(db, { resource_id: 2, type: 'ipv4', rir: 'RIPE', mask: 28 }, 0),
      { message: 'No suitable blocks found for mask size /28' })
  })

  t.test('filters by rir, region, vlan, tags and top_aggregate', async (t) => {
    const db = ipamDb()
    const region = createCatalogRow(db, 'regions', { name: 'East' })
    const domain = createCatalogRow(db, 'vlan_domains', { name: 'D' })
    const vlan = createCatalogRow(db, 'vlans', { domain_id: domain.id, vlan: 10 })
    const a = createNetblock(db, { cidr: '10.0.0.0/16', rir: '1918', tags: ['lab'] }, 0)
    const b = createNetblock(db,
      { cidr: '10.1.0.0/16', rir: '1918', tags: ['prod', 'web'], region_id: Number(region.id) }, 0)
    const c = createNetblock(db, { cidr: '10.2.0.0/16', rir: '1918', vlan_id: Number(vlan.id) }, 0)
    const pick = (extra: object): number =>
      smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 28, ...extra }, 0).root_id
    t.equal(pick({ tags: '"prod"' }), b.id)
    t.equal(pick({ tags: 'prod,web', tags_mode: 'strict' }), b.id)
    t.equal(pick({ tags: 'lab', tags_mode: 'exclude' }), b.id)
    t.equal(pick({ region_id: Number(region.id) }), b.id)
    t.equal(pick({ vlan: Number(vlan.id) }), c.id)
    t.equal(pick({ top_aggregate: c.id }), c.id)
    t.equal(pick({ tags: 'lab' }), a.id)
    t.throws(() => pick({ tags: 'prod', tags_mode: 'strict' }), status(404))
    t.throws(() => pick({ tags_mode: 'loose' }), status(400))
  })

  t.test('IPv6 sparse schemes per aggregate', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '2001:db8::/32', rir: 'ARIN', sparse_scheme: 'rightmost' }, 0)
    createNetblock(db, { cidr: '2001:db9::/32', rir: 'RIPE', sparse_scheme: 'center' }, 0)
    createNetblock(db, { cidr: '2001:dba::/32', rir: 'APNIC' }, 0)
    const at = (rir: string): string =>
      formatCidr(cidrOfRow(smartAssign(db, { resource_id: 2, type: 'ipv6', rir, mask: 48 }, 0)))
    t.equal(at('ARIN'), '2001:db8:ffff::/48')
    t.equal(at('RIPE'), '2001:db9:8000::/48')
    t.equal(at('APNIC'), '2001:dba::/48')
    t.equal(at('ARIN'), '2001:db8:fffe::/48', 'then the smallest free block, by the same scheme')
    patchConfig(db, { ipv6_sparse_scheme: 'rightmost' })
    createNetblock(db, { cidr: '2001:dbb::/32', rir: 'LACNIC' }, 0)
    t.equal(at('LACNIC'), '2001:dbb:ffff::/48', 'the setting applies to aggregates without a scheme')
  })

  t.test('hands out /0 to /128 edges of IPv6', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '::/0', rir: 'ARIN' }, 0)
    const host = smartAssign(db, { resource_id: 2, type: 'ipv6', mask: 128 }, 0)
    t.equal(formatCidr(cidrOfRow(host)), '::/128')
    t.equal(host.mask, 128)
    t.throws(() => smartAssign(db, { resource_id: 2, type: 'ipv6', mask: 129 }, 0), status(400))
    t.throws(() => smartAssign(db, { resource_id: 2, type: 'ipv6', mask: 0 }, 0), status(404))
    unassign(db, host.id, { skip_holding: true }, 0)
    t.equal(formatCidr(cidrOfRow(smartAssign(db, { resource_id: 2, type: 'ipv6', mask: 0 }, 0))), '::/0')
    t.same(violations(db), [])
  })

  t.test('never hands out addresses an IP rule reserves', async (t) => {
    const db = ipamDb()
    const rule = createCatalogRow(db, 'rules', { name: 'gw', positions: '1,0' })
    createNetblock(db, { cidr: '10.0.0.0/24', rir: '1918', rule_id: Number(rule.id) }, 0)
    const first = smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 32 }, 0)
    t.equal(formatCidr(cidrOfRow(first)), '10.0.0.1/32')
    t.throws(() => directAssign(db, '10.0.0.255/32', { resource_id: 2 }, 0), status(409))
    t.throws(() => directAssign(db, '10.0.0.0/30', { resource_id: 2 }, 0), status(409))
  })

  t.test('takes space from a sub-assignable block with assigned_resource_id', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/16', rir: '1918' }, 0)
    const [parent] = directAssign(db, '10.0.8.0/22', { resource_id: 2 }, 0)
    updateNetblock(db, parent.id, { allow_sub_assignments: true }, 0)
    const sub = smartAssign(db, { resource_id: 4, type: 'ipv4', mask: 24, assigned_resource_id: 2 }, 0)
    t.equal(formatCidr(cidrOfRow(sub)), '10.0.8.0/24')
    t.equal(sub.resource_id, 4)
    t.throws(() => smartAssign(db, { resource_id: 4, type: 'ipv4', mask: 21, assigned_resource_id: 2 }, 0),
      status(404))
    const back = unassign(db, sub.id, {}, 0)
    t.equal(back.id, parent.id, 'returns to the owner and merges back into the owner block')
    t.equal(back.resource_id, 2)
    t.equal(back.status, 'assigned')
    t.same(violations(db), [])
  })
})

t.test('directAssign', async (t) => {
  t.test('splits the free block holding the CIDR', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    const rows = directAssign(db, '10.1.0.0/24', { resource_id: 2, tags: 'a,"b"', meta1: 'x' }, 0)
    t.equal(rows.length, 1)
    t.equal(formatCidr(cidrOfRow(rows[0])), '10.1.0.0/24')
    t.equal(rows[0].meta1, 'x')
    t.equal(listNetblocks(db, { mask: '24' }, all).length, 2, 'the target and its buddy')
    t.same(violations(db), [])
  })

  t.test('refuses overlap with assigned space in both directions', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    directAssign(db, '10.1.0.0/24', { resource_id: 2 }, 0)
    t.throws(() => directAssign(db, '10.1.0.128/25', { resource_id: 3 }, 0), status(409))
    t.throws(() => directAssign(db, '10.1.0.0/16', { resource_id: 3 }, 0), status(409))
    t.throws(() => directAssign(db, '10.1.0.0/24', { resource_id: 3 }, 0), status(409))
    t.throws(() => directAssign(db, '11.0.0.0/24', { resource_id: 3 }, 0), status(422))
    t.throws(() => directAssign(db, '10.1.0.1/24', { resource_id: 3 }, 0), status(400))
    t.throws(() => directAssign(db, '10.9.0.0/24', { resource_id: 99 }, 0), status(404))
  })

  t.test('joins free blocks it spans', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    patchConfig(db, { merge_after_unassign: false })
    const [row] = directAssign(db, '10.0.0.0/24', { resource_id: 2 }, 0)
    unassign(db, row.id, { skip_holding: true }, 0)
    const [big] = directAssign(db, '10.0.0.0/16', { resource_id: 3 }, 0)
    t.equal(formatCidr(cidrOfRow(big)), '10.0.0.0/16')
    t.equal(big.child1, null)
    t.same(violations(db), [])
  })

  t.test('assigns a held block as it is but does not split it', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    const [row] = directAssign(db, '10.0.0.0/24', { resource_id: 2 }, 0)
    unassign(db, row.id, {}, 0)
    t.throws(() => directAssign(db, '10.0.0.0/25', { resource_id: 3 }, 0), status(409))
    const [again] = directAssign(db, '10.0.0.0/24', { resource_id: 3 }, 0)
    t.equal(again.id, row.id)
    t.equal(again.status, 'assigned')
  })
})

t.test('unassign and the holding tank', async (t) => {
  t.test('holds for the configured days, then releases and merges', async (t) => {
    const db = ipamDb()
    const root = createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    patchConfig(db, { holding_tank_days: 2 })
    const row = smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 24 }, 0)
    const held = unassign(db, row.id, {}, 1000)
    t.equal(held.status, 'holding')
    t.equal(held.resource_id, null)
    t.throws(() => smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 8 }, 0), status(404),
      'held space is not offered')
    t.same(processHoldingTank(db, 1000 + 2 * day - 1), [])
    t.same(cidrs(processHoldingTank(db, 1000 + 2 * day)), ['10.0.0.0/24'])
    const merged = findNetblock(db, '10.0.0.0/8')
    t.equal(merged.id, root.id)
    t.equal(merged.child1, null)
    t.equal(merged.status, 'available')
    t.same(violations(db), [])
  })

  t.test('skip_holding and 0 days go straight to Available', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    const a = smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 24 }, 0)
    t.equal(unassign(db, a.id, { skip_holding: true }, 0).mask, 8)
    patchConfig(db, { holding_tank_days: 0 })
    const b = smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 24 }, 0)
    t.equal(unassign(db, b.id, {}, 0).status, 'available')
  })

  t.test('merge settings: off, respect tags and regions, limits', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/16', rir: '1918' }, 0)
    const take = (): NetblockRow => smartAssign(db, { resource_id: 2, type: 'ipv4', mask: 24 }, 0)
    patchConfig(db, { merge_after_unassign: false })
    t.equal(unassign(db, take().id, { skip_holding: true }, 0).mask, 24)
    patchConfig(db, { merge_after_unassign: true, auto_merge_limits: 3 })
    t.equal(unassign(db, take().id, { skip_holding: true }, 0).mask, 21)
    patchConfig(db, { auto_merge_limits: 0 })
    const tagged = take()
    const buddy = findNetblock(db, '10.0.1.0/24')
    updateNetblock(db, buddy.id, { tags: ['other'] }, 0)
    t.equal(unassign(db, tagged.id, { skip_holding: true }, 0).mask, 24, 'tags differ: no merge')
    patchConfig(db, { auto_merge_respects_tags_regions: false })
    const again = take()
    t.equal(unassign(db, again.id, { skip_holding: true }, 0).mask, 16)
    t.same(violations(db), [])
  })

  t.test('unassigning a free block is a 409', async (t) => {
    const db = ipamDb()
    const root = createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    t.throws(() => unassign(db, root.id, {}, 0), MockError)
  })

  t.test('unassignAllIps releases every block of the resources', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    for (const id of [2, 2, 3]) smartAssign(db, { resource_id: id, type: 'ipv4', mask: 24 }, 0)
    t.equal(unassignAllIps(db, [2], { skip_holding: true }, 0).length, 2)
    t.equal(listNetblocks(db, { resource_id: '2' }, all).length, 0)
    t.equal(listNetblocks(db, { resource_id: '3' }, all).length, 1)
  })
})

t.test('firstAvailable', async (t) => {
  t.test('skips the network address and assigned blocks', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/24', rir: '1918', allow_sub_assignments: true, resource_id: 2 }, 0)
    const block = findNetblock(db, '10.0.0.0/24')
    t.equal(formatCidr(firstAvailable(db, block) as never), '10.0.0.1/32')
    directAssign(db, '10.0.0.0/30', { resource_id: 3 }, 0)
    t.equal(formatCidr(firstAvailable(db, findNetblock(db, '10.0.0.0/24')) as never), '10.0.0.4/32')
  })

  t.test('is undefined for a full block', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/31', rir: '1918', resource_id: 2, allow_sub_assignments: true }, 0)
    directAssign(db, '10.0.0.0/32', { resource_id: 3 }, 0)
    directAssign(db, '10.0.0.1/32', { resource_id: 3 }, 0)
    t.equal(firstAvailable(db, findNetblock(db, '10.0.0.0/31')), undefined)
  })

  t.test('IPv6 blocks skip the first address', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '2001:db8::/64', rir: 'ARIN' }, 0)
    t.equal(formatCidr(firstAvailable(db, findNetblock(db, '2001:db8::/64')) as never), '2001:db8::1/128')
  })
})

t.test('createNetblock', async (t) => {
  t.test('refuses overlapping aggregates unless duplicates are allowed', async (t) => {
    const db = ipamDb()
    createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
    t.throws(() => createNetblock(db, { cidr: '10.1.0.0/16', rir: '1918' }, 0), status(409))
    t.throws(() => createNetblock(db, { cidr: '0.0.0.0/0', rir: '1918' }, 0), status(409))
    const dup = createNetblock(db, { cidr: '10.1.0.0/16', rir: '1918', allow_duplicate: true }, 0)
    t.equal(dup.parent, null)
    t.same(violations(db), [])
  })
})

t.test('netblock rows', async (t) => {
  t.test('the column list the store reads is every column of ipam_netblocks, in table order', async (t) => {
    const db = ipamDb()
    const table = db.prepare("SELECT name FROM pragma_table_info('ipam_netblocks') ORDER BY cid").pluck().all()
    t.same(netblockColumns.split(',').map((name) => name.trim()), table)
  })

  t.test('a row read by the store equals the row better-sqlite3 reads, value for value', async (t) => {
    const db = ipamDb()
    const root = createNetblock(db, { cidr: '2001:db8::/32', rir: 'ARIN', description: 'd', meta3: 'm' }, 0)
    const block = smartAssign(db, { resource_id: 2, type: 'ipv6', mask: 48, meta10: 'last' }, 5_000)
    const rows = [block, ...[root.id, block.id, block.parent as number].map((id) => getRow(db, id) as NetblockRow)]
    for (const row of rows) {
      const plain = db.prepare('SELECT * FROM ipam_netblocks WHERE id = ?').get(row.id)
      t.strictSame(row, plain)
      t.same(Object.keys(row), Object.keys(plain as object), 'same keys in the same order')
    }
  })
})
