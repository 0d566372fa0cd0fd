import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { inTransaction, type Db } from '../../../core/db.js'
import { responses } from '../../../core/schemas.js'
import { insertBackup, listBackups, type Backup } from '../backups-store.js'
import { presentLinkage, presentResource } from '../present.js'
import { BackupSchema, EmptyBodySchema, IdIntParamSchema } from '../schemas.js'
import { requireResource } from '../store.js'
import { inferred, tags } from './common.js'

const IdParams = Type.Object({ id: IdIntParamSchema })

function presentBackup (db: Db, backup: Backup): Record<string, unknown> {
  return {
    id: String(backup.id),
    resource_id: String(backup.resource_id),
    date: backup.date,
    resource: { ...presentResource(db, backup.snapshot.resource), attrs: backup.snapshot.attrs },
    linkages: backup.snapshot.links.map(presentLinkage)
  }
}

export const backupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v2/resources/:id/backup', {
    schema: {
      operationId: 'post_resource_backup',
      summary: 'Back up a resource',
      description: 'Stores a copy of the resource with its attrs and links as they are now. No body needed. ' +
        'Needs update on the resource. Answers the backup.',
      tags,
      ...inferred('post_resource_backup', 'what a backup holds and the answer\'s shape are the mock\'s'),
      params: IdParams,
      body: EmptyBodySchema,
      response: responses({ 200: BackupSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)

    request.perms.assert('resource', 'update', id)

    const backupId = inTransaction(db, () => insertBackup(db, id, request.instance.clock.now()))
    return presentBackup(db, listBackups(db, id).find((backup) => backup.id === backupId) as Backup)
  })

  app.get('/api/v2/resources/:id/backup', {
    schema: {
      operationId: 'get_resource_backup',
      summary: 'List the backups of a resource',
      description: 'Every backup, newest first: the resource as it was (with attrs) and its links.',
      tags,
      ...inferred('get_resource_backup', 'the answer\'s shape is the mock\'s (the vendor document declares none)'),
      params: IdParams,
      response: responses({ 200: Type.Array(BackupSchema) })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    return listBackups(db, id).map((backup) => presentBackup(db, backup))
  })
}
