import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_FILE_SIZE, addField, decide, rejection, requestUser, scanFiles, type MiddlewareOptions, type PrepubUpload, type ScannedFile, type UploadErrorBody } from './common.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `prepubFastify` on multipart requests: the verdict, the scanned files and the fields. */
    prepub?: PrepubUpload;
  }
}

async function plugin(fastify: FastifyInstance, options: MiddlewareOptions): Promise<void> {
  if (!options?.scanner) throw new Error('prepubFastify needs { scanner }');
  const fileSize = options.limits?.fileSize ?? DEFAULT_FILE_SIZE;
  if (!fastify.hasContentTypeParser('multipart/form-data')) {
    await fastify.register(multipart, {
      limits: { fileSize, files: options.limits?.files ?? 10, fields: options.limits?.fields ?? 50, fieldSize: options.limits?.fieldSize ?? 1024 * 1024 },
    });
  }
  fastify.decorateRequest('prepub', undefined);

  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.isMultipart()) return;
    const files: Array<Omit<ScannedFile, 'result'>> = [];
    const fields: PrepubUpload['fields'] = {};
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const buffer = await part.toBuffer();
          files.push({ fieldname: part.fieldname, filename: part.filename || part.fieldname, mimetype: part.mimetype, size: buffer.length, buffer });
        } else {
          addField(fields, part.fieldname, String(part.value ?? ''));
        }
      }
    } catch (e) {
      const err = e as Error & { statusCode?: number };
      const tooLarge = err.statusCode === 413;
      const body: UploadErrorBody = tooLarge
        ? { error: 'upload-too-large', message: err.message }
        : { error: 'malformed-upload', message: `the multipart request could not be read: ${err.message}` };
      return reply.code(tooLarge ? 413 : 400).send(body);
    }
    let upload: PrepubUpload;
    try {
      upload = await scanFiles(options, files, fields, requestUser(request.headers));
    } catch (e) {
      const body: UploadErrorBody = { error: 'scan-failed', message: `the upload could not be scanned and was not accepted: ${(e as Error).message}` };
      return reply.code(503).send(body);
    }
    request.prepub = upload;
    if (!(await decide(upload, options))) return reply.code(options.status ?? 422).send(rejection(upload));
  });
}

/**
 * Fastify (v5) plugin: `fastify.register(prepubFastify, { scanner })`. Multipart uploads are read
 * into memory and scanned before route handlers run (registering @fastify/multipart if needed);
 * `block` or `review` is answered with 422 and a JSON summary. Handlers read `request.prepub`
 * (verdict, files with buffers and results, fields): the multipart stream has been consumed.
 */
export const prepubFastify = fp(plugin, { fastify: '5.x', name: 'prepub-upload-scan' });
