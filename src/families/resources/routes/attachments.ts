import multipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { inTransaction } from '../../../core/db.js'
import { MockError } from '../../../core/errors.js'
import { NoContentSchema, responses } from '../../../core/schemas.js'
import {
  deleteAttachment, getAttachment, getAttachmentMeta, insertAttachment, listAttachments
} from '../attachments-store.js'
import { presentAttachment } from '../present.js'
import { AttachmentSchema, IdIntParamSchema, IdStringParamSchema } from '../schemas.js'
import { requireResource } from '../store.js'
import { confirmed, inferred, tags } from './common.js'

const AttachmentParams = Type.Object({ id: IdIntParamSchema, attachment_id: IdIntParamSchema })

/** `filename="..."` with a plain-ASCII fallback and the exact name in RFC 5987 form. */
function contentDisposition (fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/**
 * The uploaded file and its bytes. A body the multipart parser cannot read (no boundary, cut off
 * before its closing boundary) is the client's error: a 400, not the parser's own exception.
 */
async function readUpload (request: FastifyRequest): Promise<{ file: MultipartFile, content: Buffer }> {
  try {
    const file = await request.file()
    if (file === undefined) throw new MockError('BAD_REQUEST', 'the multipart body has no file part', 'file')
    return { file, content: await file.toBuffer() }
  } catch (error) {
    if (error instanceof MockError || typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error
    throw new MockError('BAD_REQUEST', `the multipart body cannot be read: ${(error as Error).message}`, 'body')
  }
}

export const attachmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Multipart parsing only for this plugin's routes; the size limit is the configured attachment limit.
  await app.register(multipart, { limits: { fileSize: app.config.attachmentLimit, files: 1 } })

  app.post('/api/v2/resources/:id/attachments', {
    schema: {
      operationId: 'post_resource_attachment',
      summary: 'Attach a file to a resource',
      description: 'multipart/form-data with one file part (any field name). The vendor document declares a JSON ' +
        'body with no properties, which cannot carry a file; multipart is what a client can use. A file over ' +
        'the configured attachment limit is a 413. Answers the attachment\'s metadata.',
      tags,
      consumes: ['multipart/form-data'],
      ...confirmed('post_resource_attachment', 'multipart upload is the mock\'s reading'),
      params: Type.Object({ id: IdStringParamSchema }),
      // Documents the form for Swagger; the file itself is read from the multipart stream, not the body.
      body: Type.Object({ file: Type.Optional(Type.String({ format: 'binary', description: 'the file' })) }),
      response: responses({ 200: AttachmentSchema }, [400, 401, 403, 404, 413, 415, 422])
    }
  }, async (request) => {
    const db = request.instance.db
    const id = Number(request.params.id)
    requireResource(db, id)

    request.perms.assert('resource', 'update', id)

    const { file, content } = await readUpload(request)
    const attachmentId = inTransaction(db, () => insertAttachment(db, id, {
      file_name: file.filename === '' ? 'attachment' : file.filename,
      content_type: file.mimetype === '' ? 'application/octet-stream' : file.mimetype,
      content
    }, request.instance.clock.now()))
    return presentAttachment(getAttachmentMeta(db, id, attachmentId))
  })

  app.get('/api/v2/resources/:id/attachments', {
    schema: {
      operationId: 'get_resource_attachments',
      summary: 'List the attachments of a resource',
      description: 'Metadata only (size in bytes as a string); attachment_id narrows it to one.',
      tags,
      ...confirmed('get_resource_attachments'),
      params: Type.Object({ id: IdIntParamSchema }),
      querystring: Type.Object({ attachment_id: Type.Optional(IdIntParamSchema) }),
      response: responses({ 200: Type.Array(AttachmentSchema) })
    }
  }, async (request) => {
    const db = request.instance.db
    const id = request.params.id
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    const wanted = request.query.attachment_id
    return listAttachments(db, id).filter((meta) => wanted === undefined || meta.id === wanted).map(presentAttachment)
  })

  app.get('/api/v2/resources/:id/attachments/:attachment_id', {
    schema: {
      operationId: 'retrieve_resource_attachment',
      summary: 'Preview one attachment',
      description: 'The attachment\'s metadata (the vendor calls it a preview and declares no body).',
      tags,
      ...inferred('retrieve_resource_attachment', 'answering metadata is the mock\'s reading of "preview"'),
      params: AttachmentParams,
      response: responses({ 200: AttachmentSchema })
    }
  }, async (request) => {
    const db = request.instance.db
    const { id, attachment_id: attachmentId } = request.params
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    return presentAttachment(getAttachmentMeta(db, id, attachmentId))
  })

  app.delete('/api/v2/resources/:id/attachments/:attachment_id', {
    schema: {
      operationId: 'delete_resource_attachment',
      summary: 'Delete one attachment',
      description: '204 with an empty body. Needs update on the resource.',
      tags,
      ...confirmed('delete_resource_attachment'),
      params: AttachmentParams,
      response: responses({ 204: NoContentSchema })
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const { id, attachment_id: attachmentId } = request.params
    requireResource(db, id)

    request.perms.assert('resource', 'update', id)

    getAttachmentMeta(db, id, attachmentId)
    inTransaction(db, () => deleteAttachment(db, attachmentId))
    return reply.code(204).send()
  })

  app.get('/api/v2/resources/:id/attachments/:attachment_id/download', {
    schema: {
      operationId: 'download_resource_attachment',
      summary: 'Download one attachment',
      description: 'The file as uploaded, with its original content type and file name (Content-Disposition).',
      tags,
      produces: ['application/octet-stream'],
      ...confirmed('download_resource_attachment'),
      params: AttachmentParams,
      response: responses({ 200: Type.String({ format: 'binary', description: 'the file' }) })
    }
  }, async (request, reply) => {
    const db = request.instance.db
    const { id, attachment_id: attachmentId } = request.params
    requireResource(db, id)

    request.perms.assert('resource', 'read', id)

    const attachment = getAttachment(db, id, attachmentId)
    return reply.type(attachment.content_type).header('content-disposition', contentDisposition(attachment.file_name))
      .send(attachment.content)
  })
}
