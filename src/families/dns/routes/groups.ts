import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import { readableIn } from '../access.js'
import {
  aclView, createAcl, createGroup, deleteAcl, deleteGroup, groupView, infraParentFor, listAcls, listGroups, requireAcl,
  requireGroup, updateAcl, updateGroup
} from '../infra-store.js'
import { AclInputSchema, AclSchema, GroupInputSchema, GroupSchema, ItemParamsSchema } from '../schemas.js'
import type { Input } from '../store.js'

const modeled = fidelity('modeled',
  'docs.6connect.com DNS administration: groups hold zones, nameservers, SOA defaults, ACLs')

const groupExample = {
  name: 'Acme DNS', parent_id: '2', nameservers: ['ns1.acme.example.', 'ns2.acme.example.'], zone_ttl: '1800'
}
const aclExample = { name: 'acme-transfer', parent_id: '2', entries: ['198.51.100.0/24', '!198.51.100.7'] }

/** DNS groups and ACLs: area `dns`, rights on the parent resource they hang under. */
export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const groupTags = ['DNS groups']

  app.get('/api/v2/dns/groups', {
    schema: {
      operationId: 'get_dns_groups',
      summary: 'List DNS groups',
      tags: groupTags,
      ...modeled,
      response: responses({ 200: { type: 'array', items: GroupSchema } }, [401])
    }
  }, async (request) => listGroups(request.instance.db, readableIn(request)))

  app.post('/api/v2/dns/groups', {
    schema: {
      operationId: 'post_dns_group',
      summary: 'Create a DNS group',
      description: '`is_default: true` makes it the default group (the previous default stops being one).',
      tags: groupTags,
      ...modeled,
      body: { ...GroupInputSchema, examples: [groupExample] },
      response: responses({ 200: GroupSchema }, [400, 401, 403, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const input = (request.body ?? {}) as Input

    const parentId = infraParentFor(db, input)
    request.perms.assert('dns', 'create', parentId)

    return inTransaction(db, () => createGroup(db, input, parentId, request.instance.clock.now()))
  })

  app.get('/api/v2/dns/groups/:id', {
    schema: {
      operationId: 'get_dns_group',
      summary: 'Read a DNS group',
      tags: groupTags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: GroupSchema }, [401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const group = requireGroup(db, Number(request.params.id))

    request.perms.assert('dns', 'read', group.id)

    return groupView(db, group.id)
  })

  app.patch('/api/v2/dns/groups/:id', {
    schema: {
      operationId: 'patch_dns_group',
      summary: 'Change a DNS group',
      tags: groupTags,
      ...modeled,
      params: ItemParamsSchema,
      body: { ...GroupInputSchema, examples: [{ nameservers: ['ns1.example.net.', 'ns2.example.net.'] }] },
      response: responses({ 200: GroupSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const group = requireGroup(db, Number(request.params.id))

    request.perms.assert('dns', 'update', group.parent_id)

    const input = (request.body ?? {}) as Input
    return inTransaction(db, () => updateGroup(db, group.id, input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dns/groups/:id', {
    schema: {
      operationId: 'delete_dns_group',
      summary: 'Delete a DNS group',
      description: 'Refused (409) for the default group and for a group that still holds zones or servers.',
      tags: groupTags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 204: NoContentSchema }, [401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const group = requireGroup(db, Number(request.params.id))

    request.perms.assert('dns', 'delete', group.parent_id)

    inTransaction(db, () => deleteGroup(db, group.id))
    return reply.code(204).send()
  })

  const aclTags = ['DNS ACLs']

  app.get('/api/v2/dns/acls', {
    schema: {
      operationId: 'get_dns_acls',
      summary: 'List DNS ACLs',
      tags: aclTags,
      ...modeled,
      response: responses({ 200: { type: 'array', items: AclSchema } }, [401])
    }
  }, async (request) => listAcls(request.instance.db, readableIn(request)))

  app.post('/api/v2/dns/acls', {
    schema: {
      operationId: 'post_dns_acl',
      summary: 'Create a DNS ACL',
      tags: aclTags,
      ...modeled,
      body: { ...AclInputSchema, examples: [aclExample] },
      response: responses({ 200: AclSchema }, [400, 401, 403, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const input = (request.body ?? {}) as Input

    const parentId = infraParentFor(db, input)
    request.perms.assert('dns', 'create', parentId)

    return inTransaction(db, () => createAcl(db, input, parentId, request.instance.clock.now()))
  })

  app.get('/api/v2/dns/acls/:id', {
    schema: {
      operationId: 'get_dns_acl',
      summary: 'Read a DNS ACL',
      tags: aclTags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 200: AclSchema }, [401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const acl = requireAcl(db, Number(request.params.id))

    request.perms.assert('dns', 'read', acl.id)

    return aclView(db, acl.id)
  })

  app.patch('/api/v2/dns/acls/:id', {
    schema: {
      operationId: 'patch_dns_acl',
      summary: 'Change a DNS ACL',
      tags: aclTags,
      ...modeled,
      params: ItemParamsSchema,
      body: { ...AclInputSchema, examples: [{ entries: ['192.0.2.0/24', '2001:db8::/32'] }] },
      response: responses({ 200: AclSchema }, [400, 401, 403, 404, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const acl = requireAcl(db, Number(request.params.id))

    request.perms.assert('dns', 'update', acl.parent_id)

    return inTransaction(db, () => updateAcl(db, acl.id, (request.body ?? {}) as Input, request.instance.clock.now()))
  })

  app.delete('/api/v2/dns/acls/:id', {
    schema: {
      operationId: 'delete_dns_acl',
      summary: 'Delete a DNS ACL',
      description: 'Refused (409) while a group uses it.',
      tags: aclTags,
      ...modeled,
      params: ItemParamsSchema,
      response: responses({ 204: NoContentSchema }, [401, 403, 404, 409])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const acl = requireAcl(db, Number(request.params.id))

    request.perms.assert('dns', 'delete', acl.parent_id)

    inTransaction(db, () => deleteAcl(db, acl.id))
    return reply.code(204).send()
  })
}
