import t from 'tap'
import { buildTestApp, json } from '../../helpers/app.js'

// The vendor's 40 Resources operations (vendor-resources-ops.md); resource_unassign_all_ips is
// registered by the IPAM family, since it unassigns netblocks, and lands in this document by its path.
const vendorOperations = [
  'get_resources', 'post_resource', 'patch_multiple_resource', 'query_resource', 'get_top_of_tree',
  'retrieve_resource', 'patch_resource', 'put_resource', 'delete_resource', 'resource_action_status',
  'post_resource_attachment', 'get_resource_attachments', 'retrieve_resource_attachment', 'delete_resource_attachment',
  'download_resource_attachment', 'post_resource_attribute', 'get_resource_attributes', 'patch_resource_attribute',
  'put_resource_attributes', 'delete_resource_attribute', 'post_resource_backup', 'get_resource_backup',
  'get_resource_children', 'clone_resource', 'get_resource_links', 'post_resource_link', 'put_resource_links',
  'patch_resource_links', 'get_resource_links_using_relation', 'put_resource_links_by_relation',
  'patch_resource_links_by_relation', 'update_resource_link', 'delete_single_resource_link', 'push_resource',
  'get_push_resource_status', 'get_resource_section', 'resource_top_of_tree', 'execute_action_resource',
  'get_all_resource_attributes', 'resource_unassign_all_ips'
]

t.test('GET /dev/openapi/resources.json', async (t) => {
  const app = await buildTestApp(t)
  const doc = json(await app.inject({ url: '/dev/openapi/resources.json' }))
  const operations = Object.values<Record<string, any>>(doc.paths).flatMap((item) => Object.values(item))

  t.test('lists all 40 of the vendor\'s Resources operationIds', async (t) => {
    t.equal(vendorOperations.length, 40)
    const found = operations.map((operation) => operation.operationId)
    for (const id of vendorOperations) t.ok(found.includes(id), id)
  })

  t.test('every operation says how faithful it is and where that comes from', async (t) => {
    for (const operation of operations) {
      t.match(operation['x-fidelity'], /^(confirmed|inferred)$/, operation.operationId)
      t.match(operation['x-fidelity-source'], /vendor OpenAPI/, operation.operationId)
    }
  })

  t.test('DELETEs answer 204 and the create answers 201', async (t) => {
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      if (item.delete !== undefined) t.ok(item.delete.responses['204'], `DELETE ${path}`)
    }
    t.ok(doc.paths['/api/v2/resources'].post.responses['201'])
  })
})
