import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { inTransaction, type Db } from '../../../core/db.js'
import { MockError } from '../../../core/errors.js'
import { NoContentSchema, responses } from '../../../core/schemas.js'
import { checkAttrNames } from '../operations.js'
import { AttrsBodySchema, AttrsSchema, IdIntParamSchema } from '../schemas.js'
import { getSection } from '../sections-store.js'
import {
  deleteAttrs, getAttrs, isSystemAttr, replaceAttrs, requireResource, setAttrs, touchResource
} from '../store.js'
import { confirmed, tags } from './common.js'

const IdParams = Type.Object({ id: IdIntParamSchema })

/** The attributes a body carries: flat name -> value, or under `attrs`; `id` repeats the path. */
function bodyAttrs (body: Record<string, unknown> | undefined): Record<string, string> {
  const { id: _id, attrs, ...flat } = body ?? {}
  const all = { ...(flat as Record<string, string>), ...(attrs as Record<string, string> | undefined) }
  checkAttrNames(all, 'body')
  return all
}

/** Attributes as GET /attrs shows them: stored ones plus `_section`. */
function attrsView (db: Db, id: number): Record<string, string> {
  const row = requireResource(db, id)
  const section = row.section_id === null ? undefined : getSection(db, row.section_id)
  return { _section: section?.name ?? '', ...getAttrs(db, id) }
}

const attrsBodyRoute = (operationId: string, summary: string, description: string) => ({
  schema: {
    operationId,
    summary,
    description: `${description} Values must be strings (anything else is a 400 naming the attribute); ` +
      'names starting with _ are system metadata (422). Answers the attributes after the change.',
    tags,
    ...confirmed(operationId),
    params: IdParams,
    body: AttrsBodySchema,
    response: responses({ 200: AttrsSchema }, [400, 401, 403, 404, 409, 422])
  }
})

/** PATCH and PUT of attributes differ only in how the given set is written (merge or replace). */
function writeAttrs (write: (db: Db, id: number, attrs: Record<string, string>) => void) {
  return async (request: FastifyRequest<{ Params: { id: number }, Body: Record<string, unknown> | undefined }>) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)
    const attrs = bodyAttrs(request.body)

    request.perms.assert('resource', 'update', id)

    inTransaction(db, () => {
      write(db, id, attrs)
      touchResource(db, id, request.instance.clock.now())
    })
    return attrsView(db, id)
  }
}

export const attrRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v2/resources/:id/attrs',
    attrsBodyRoute('post_resource_attribute', 'Add attributes',
      'Adds new attributes; a name that already exists is a 409.'),
    async (request) => {
      const db = request.instance.db
      const id = request.params.id
      requireResource(db, id)
      const attrs = bodyAttrs(request.body)

      request.perms.assert('resource', 'update', id)

      const existing = getAttrs(db, id)
      const taken = Object.keys(attrs).filter((key) => key in existing)
      if (taken.length > 0) {
        throw new MockError('CONFLICT', `attribute ${taken.join(', ')} already exists; use PATCH`, taken[0])
      }
      inTransaction(db, () => {
        setAttrs(db, id, attrs)
        touchResource(db, id, request.instance.clock.now())
      })
      return attrsView(db, id)
    })

  app.get('/api/v2/resources/:id/attrs', {
    schema: {
      operationId: 'get_resource_attributes',
      summary: 'Read the attributes of a resource',
      description: 'An object of strings; `_section` (system metadata) names the resource\'s section ("" for none).',
      tags,
      ...confirmed('get_resource_attributes'),
      params: IdParams,
      response: responses({ 200: AttrsSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    return attrsView(db, id)
  })

  app.patch('/api/v2/resources/:id/attrs',
    attrsBodyRoute('patch_resource_attribute', 'Update attributes',
      'Sets the given attributes (adding new ones); others stay.'),
    writeAttrs(setAttrs))

  app.put('/api/v2/resources/:id/attrs',
    attrsBodyRoute('put_resource_attributes', 'Replace attributes',
      'The attributes become exactly those given; system (_) attributes stay.'),
    writeAttrs(replaceAttrs))

  app.delete('/api/v2/resources/:id/attrs/:attributes', {
    schema: {
      operationId: 'delete_resource_attribute',
      summary: 'Delete attributes',
      description: 'attributes is a comma-separated list of names. 204 with an empty body; a name the resource ' +
        'does not have is a 404 naming it and nothing is deleted; system (_) attributes cannot be deleted (422).',
      tags,
      ...confirmed('delete_resource_attribute'),
      params: Type.Object({ id: IdIntParamSchema, attributes: Type.String({ minLength: 1 }) }),
      response: responses({ 204: NoContentSchema })
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)
    const names = request.params.attributes.split(',').map((name) => name.trim()).filter((name) => name !== '')

    request.perms.assert('resource', 'update', id)

    const existing = getAttrs(db, id)
    const system = names.find(isSystemAttr)
    if (system !== undefined) {
      throw new MockError('UNPROCESSABLE', `attribute ${system} is system metadata`, 'attributes')
    }
    const missing = names.filter((name) => !(name in existing))
    if (missing.length > 0) {
      throw new MockError('NOT_FOUND', `resource ${id} has no attribute ${missing.join(', ')}`, 'attributes')
    }
    inTransaction(db, () => {
      deleteAttrs(db, id, names)
      touchResource(db, id, request.instance.clock.now())
    })
    return reply.code(204).send()
  })
}
