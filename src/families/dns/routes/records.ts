import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { inTransaction } from '../../../core/db.js'
import { MockError } from '../../../core/errors.js'
import { readId } from '../../../core/ids.js'
import { fidelity, NoContentSchema, responses } from '../../../core/schemas.js'
import {
  RecordCreateSchema, RecordInputSchema, RecordItemParamsSchema, RecordListSchema, RecordParamsSchema,
  RecordQuerySchema, RecordSchema
} from '../schemas.js'
import { createRecord, deleteRecord, getRecord, getZone, listRecords, updateRecord, type Input } from '../store.js'

const tags = ['DNS records']

/** A body's parent_id (the Go client sends one) must name the zone of the URL; records do not move. */
function sameZone (body: unknown, zoneId: number): void {
  const given = readId((body as Input | undefined)?.parent_id, 'parent_id')
  if (given !== undefined && given !== zoneId) {
    throw new MockError('UNPROCESSABLE',
      `parent_id ${given} is not zone ${zoneId} of the URL; a record lives in the zone it is created under`,
      'parent_id')
  }
}
const source = 'golangclient dns_methods.go (GetRecords, CreateRecord, UpdateRecord, DeleteRecord); terraform provider'

const createExample = {
  id: '',
  parent_id: '310',
  record_type: 'A',
  record_host: 'api.example.com.',
  record_value: '192.0.2.30',
  record_ttl: '300'
}

export const recordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v2/dns/zones/:zid/records', {
    schema: {
      operationId: 'get_records',
      summary: 'List the records of a zone',
      description: 'A bare array; `?id=N` answers zero or one record; `load_attributes=1` adds every attribute ' +
        'of the dnsrecord resource as `attrs`.',
      tags,
      ...fidelity('confirmed', `${source}; ?id=N&load_attributes=1 from the terraform provider`),
      params: RecordParamsSchema,
      querystring: RecordQuerySchema,
      response: responses({ 200: RecordListSchema }, [400, 401, 403, 404])
    }
  }, async (request) => {
    const db = request.instance.db
    const zoneId = Number(request.params.zid)
    const { load_attributes: load, ...filters } = request.query
    const withAttrs = load === '1' || load === 'true'

    request.perms.assert('dns', 'read', getZone(db, zoneId).row.id)

    return listRecords(db, zoneId, { ...filters, load_attributes: withAttrs })
  })

  app.post('/api/v2/dns/zones/:zid/records', {
    schema: {
      operationId: 'post_record',
      summary: 'Create a record',
      description: 'The record is checked against DNS rules (422 naming the field): the type\'s data syntax, ' +
        'the owner inside the zone, a CNAME alone at its name. A `parent_id` other than the URL\'s zone is a 422. ' +
        'The zone serial advances.',
      tags,
      ...fidelity('confirmed', source),
      params: RecordParamsSchema,
      body: { ...RecordCreateSchema, examples: [createExample] },
      response: responses({ 200: RecordSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const zone = getZone(db, Number(request.params.zid))

    request.perms.assert('dns', 'create', zone.row.id)
    sameZone(request.body, zone.row.id)

    return inTransaction(db, () => createRecord(db, zone.row.id, request.body as Input, request.instance.clock.now()))
  })

  app.patch('/api/v2/dns/zones/:zid/records/:rid', {
    schema: {
      operationId: 'patch_record',
      summary: 'Change a record',
      description: 'Partial: fields left out keep their value; the result is checked like a new record.',
      tags,
      ...fidelity('confirmed', source),
      params: RecordItemParamsSchema,
      body: { ...RecordInputSchema, examples: [{ id: '311', parent_id: '310', record_ttl: '600' }] },
      response: responses({ 200: RecordSchema }, [400, 401, 403, 404, 409, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const zone = getZone(db, Number(request.params.zid))
    const record = getRecord(db, zone.row.id, Number(request.params.rid))

    request.perms.assert('dns', 'update', zone.row.id)
    sameZone(request.body, zone.row.id)

    const now = request.instance.clock.now()
    return inTransaction(db, () => updateRecord(db, zone.row.id, record.row.id, request.body ?? {}, now))
  })

  app.delete('/api/v2/dns/zones/:zid/records/:rid', {
    schema: {
      operationId: 'delete_record',
      summary: 'Delete a record',
      tags,
      ...fidelity('confirmed', `${source}; the client ignores the body`),
      params: RecordItemParamsSchema,
      response: responses({ 204: NoContentSchema }, [400, 401, 403, 404])
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const zone = getZone(db, Number(request.params.zid))
    const record = getRecord(db, zone.row.id, Number(request.params.rid))

    request.perms.assert('dns', 'delete', zone.row.id)

    inTransaction(db, () => deleteRecord(db, zone.row.id, record.row.id, request.instance.clock.now()))
    return reply.code(204).send()
  })
}
