import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'
import { caller } from '../../helpers/call.js'

const moduleKeys = ['id', 'name', 'parent_id', 'category_id', 'date', 'modified', 'ipam_backend', 'username', 'token',
  'url', 'password', 'permissions', 'acp_id', 'utilization_type', 'acp_workflow_slug']

// The Go client's UmbrellaNetblock fields, in its order: all strings but `permissions`.
const netblockKeys = ['id', 'name', 'description', 'parent_id', 'category_id', 'date', 'modified', 'remote_id',
  'address',
  'end_address', 'all_addresses', 'cidr', 'is_assigned', 'rir', 'customer', 'supported_actions', 'module_type',
  'used_addresses', 'has_children', 'is_aggregate', 'address_human', 'end_address_human', 'mask', 'module_id',
  'utilization', 'is_syncing', 'status', 'last_sync_time', 'last_error', 'permissions', 'aggregate_module',
  'module_type_aggregate', 'used_addresses_aggregate', 'asn', 'remote_type', 'data', 'allocated_addresses',
  'module_id_aggregate']

t.test('GET /api/v2/umbrella/modules', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('answers a bare array; permissions and acp_workflow_slug are arrays of strings', async (t) => {
    const res = await call('GET', '/api/v2/umbrella/modules', 'readonly')
    t.equal(res.statusCode, 200)
    const modules = json(res)
    t.same(modules.map((m: { id: string }) => m.id), ['1', '2'])
    for (const module of modules) {
      t.same(Object.keys(module), moduleKeys)
      for (const key of moduleKeys) {
        if (key === 'permissions' || key === 'acp_workflow_slug') {
          t.ok(Array.isArray(module[key]), `${key} is an array`)
          for (const item of module[key]) t.type(item, 'string')
        } else {
          t.type(module[key], 'string', `${key} is a string`)
        }
      }
    }
    t.same(modules[0].permissions, ['read'], 'the read-only caller\'s rights')
    t.same(modules[1].acp_workflow_slug, ['acme-netbox-import', 'acme-netbox-export'])
    t.equal(modules[0].password, '********', 'secrets are masked')
    t.equal(modules[1].password, '', 'an unset secret stays empty')
  })

  t.test('filters, pages, and hides modules the caller may not read', async (t) => {
    const byBackend = json(await call('GET', '/api/v2/umbrella/modules?ipam_backend=netbox', 'admin'))
    t.same(byBackend.map((m: { id: string }) => m.id), ['2'])
    const paged = json(await call('GET', '/api/v2/umbrella/modules?offset=1&limit=10', 'admin'))
    t.same(paged.map((m: { id: string }) => m.id), ['2'])
    const scoped = json(await call('GET', '/api/v2/umbrella/modules', 'scoped'))
    t.same(scoped.map((m: { id: string }) => m.id), ['2'])
    t.same(scoped[0].permissions, ['create', 'read', 'update', 'delete'])
  })

  t.test('needs credentials; a bad offset is a 400', async (t) => {
    t.equal((await app.inject({ url: '/api/v2/umbrella/modules' })).statusCode, 401)
    t.equal((await call('GET', '/api/v2/umbrella/modules?offset=-1', 'admin')).statusCode, 400)
  })
})

t.test('GET /api/v2/umbrella/netblocks', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('every field is a string except the permissions array of strings', async (t) => {
    const res = await call('GET', '/api/v2/umbrella/netblocks', 'admin')
    t.equal(res.statusCode, 200)
    const blocks = json(res)
    t.ok(blocks.length >= 10)
    for (const block of blocks) {
      t.same(Object.keys(block), netblockKeys, `${block.cidr as string}: exactly the Go client's fields`)
      for (const key of netblockKeys) {
        if (key === 'permissions') {
          t.ok(Array.isArray(block.permissions))
          for (const item of block.permissions) t.type(item, 'string')
        } else {
          t.type(block[key], 'string', `${block.cidr as string} ${key} is a string`)
        }
      }
    }
    t.notMatch(res.body, /":(true|false|null|-?\d)/, 'no bare booleans, numbers or nulls anywhere')
  })

  t.test('derives addresses, sizes, flags and aggregate fields from the data', async (t) => {
    const [block] = json(await call('GET', '/api/v2/umbrella/netblocks?cidr=10.20.0.0/16', 'admin'))
    t.match(block, {
      id: '11',
      cidr: '10.20.0.0/16',
      address: '169082880',
      end_address: '169148415',
      all_addresses: '65536',
      address_human: '10.20.0.0',
      end_address_human: '10.20.255.255',
      mask: '16',
      is_assigned: '1',
      is_aggregate: '0',
      has_children: '0',
      used_addresses: '1200',
      utilization: '1.83',
      module_id: '2',
      module_type: 'netbox',
      parent_id: '1',
      aggregate_module: 'Infoblox Core',
      module_type_aggregate: 'infoblox',
      module_id_aggregate: '1',
      used_addresses_aggregate: '135168'
    })
    const [v6] = json(await call('GET', '/api/v2/umbrella/netblocks?cidr=2001:db8::/32', 'admin'))
    t.match(v6, { address_human: '2001:db8::', mask: '32', has_children: '1', is_aggregate: '1' })
    t.equal(v6.all_addresses, (2n ** 96n).toString())
    t.equal(v6.allocated_addresses, (2n ** 88n).toString(), 'its one /40 child')
  })

  t.test('cidr ignores host bits as in the Go client\'s example; module_id and paging filter', async (t) => {
    const example = json(await call('GET', '/api/v2/umbrella/netblocks?cidr=192.168.0.1/24', 'admin'))
    t.same(example.map((b: { cidr: string }) => b.cidr), ['192.168.0.0/24'])
    const ofModule = json(await call('GET', '/api/v2/umbrella/netblocks?module_id=2', 'admin'))
    t.ok(ofModule.length > 0)
    t.ok(ofModule.every((b: { module_id: string }) => b.module_id === '2'))
    const page = json(await call('GET', '/api/v2/umbrella/netblocks?module_id=2&offset=1&limit=2', 'admin'))
    t.same(page.map((b: { id: string }) => b.id), ofModule.slice(1, 3).map((b: { id: string }) => b.id))
    const none = json(await call('GET', '/api/v2/umbrella/netblocks?cidr=203.0.113.0/24', 'admin'))
    t.same(none, [])
  })

  t.test('a malformed cidr is a 400 naming the field; a scoped caller sees only their modules\' blocks', async (t) => {
    const bad = await call('GET', '/api/v2/umbrella/netblocks?cidr=10.0.0.0/99', 'admin')
    t.equal(bad.statusCode, 400)
    t.equal(json(bad).field, 'cidr')
    const scoped = json(await call('GET', '/api/v2/umbrella/netblocks', 'scoped'))
    t.ok(scoped.length > 0)
    t.ok(scoped.every((b: { module_id: string }) => b.module_id === '2'))
  })
})

t.test('GET /api/v2/umbrella/modules/{id}/links', async (t) => {
  const app = await buildTestApp(t)
  const call = caller(app)

  t.test('answers an array of links, each with its resource and string attrs', async (t) => {
    const res = await call('GET', '/api/v2/umbrella/modules/2/links', 'readonly')
    t.equal(res.statusCode, 200)
    const links = json(res)
    t.same(links.map((l: { resource_id: string }) => l.resource_id), ['2', '4'])
    for (const link of links) {
      t.same(Object.keys(link), ['id', 'resource_id', 'relation', 'data', 'resource'])
      for (const key of ['id', 'resource_id', 'relation', 'data']) t.type(link[key], 'string')
      t.equal(link.resource.id, link.resource_id)
      t.type(link.resource.parent_id, 'string')
      for (const value of Object.values(link.resource.attrs)) t.type(value, 'string')
    }
    t.match(links[1], {
      relation: 'umbrellaSite',
      data: '{"vrf":"acme-east"}',
      resource: { name: 'Acme Datacenter East' }
    })
  })

  t.test('filters by relation; no links is an empty array, not an object', async (t) => {
    const sites = json(await call('GET', '/api/v2/umbrella/modules/2/links?relation=umbrellaSite', 'admin'))
    t.same(sites.map((l: { id: string }) => l.id), ['3'])
    const none = await call('GET', '/api/v2/umbrella/modules/2/links?relation=nothing', 'admin')
    t.equal(none.body, '[]')
  })

  t.test('unknown module 404, module outside the caller\'s scope 403', async (t) => {
    t.equal((await call('GET', '/api/v2/umbrella/modules/99/links', 'admin')).statusCode, 404)
    t.equal((await call('GET', '/api/v2/umbrella/modules/1/links', 'scoped')).statusCode, 403)
  })
})
