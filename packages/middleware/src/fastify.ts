import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  DEFAULT_FILE_SIZE,
  UploadError,
  addField,
  bodyKind,
  decide,
  emptyUpload,
  mediaTypeOf,
  multipartTexts,
  readJsonBytes,
  readJsonText,
  readRaw,
  readUrlencoded,
  rejection,
  requestUser,
  scanFiles,
  structuredLimit,
  unsupported,
  type BodyKind,
  type MiddlewareOptions,
  type PrepubUpload,
  type ReadBody,
  type UploadErrorBody,
} from './common.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `prepubFastify` on every request that reaches a handler: the verdict, the scanned files and the fields. */
    prepub?: PrepubUpload;
  }
}

async function readParts(request: FastifyRequest): Promise<ReadBody> {
  const body: ReadBody = { files: [], fields: {}, texts: [] };
  const names: string[] = [];
  const values: unknown[] = [];
  // A field that names no charset as its bytes (latin1 characters): decoded with the others below.
  for await (const part of request.parts({ defCharset: 'latin1' })) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer();
      body.files.push({ fieldname: part.fieldname, filename: part.filename || part.fieldname, mimetype: part.mimetype, size: buffer.length, buffer });
    } else {
      // A part sent as application/json comes parsed: its JSON text (String() made it [object Object]).
      names.push(part.fieldname);
      values.push(part.value);
    }
  }
  const { texts, encoding } = multipartTexts(values);
  texts.forEach((t, i) => addField(body.fields, names[i]!, t));
  body.texts.push(...texts);
  if (encoding === 'gb18030') body.encoding = encoding;
  return body;
}

async function plugin(fastify: FastifyInstance, options: MiddlewareOptions): Promise<void> {
  if (!options?.scanner) throw new Error('prepubFastify needs { scanner }');
  const fileSize = options.limits?.fileSize ?? DEFAULT_FILE_SIZE;
  if (!fastify.hasContentTypeParser('multipart/form-data')) {
    await fastify.register(multipart, {
      limits: { fileSize, files: options.limits?.files ?? 10, fields: options.limits?.fields ?? 50, fieldSize: options.limits?.fieldSize ?? 1024 * 1024 },
    });
  }
  // Every other body arrives as bytes and is read (and scanned) or refused in the hook below:
  // Fastify's own JSON and text parsers would hand those bodies to the handler unscanned.
  for (const t of ['application/json', 'text/plain']) if (fastify.hasContentTypeParser(t)) fastify.removeContentTypeParser(t);
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: Math.max(fileSize, structuredLimit(options)) }, (_req, body, done) => done(null, body));
  fastify.decorateRequest('prepub', undefined);

  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const type = mediaTypeOf(request.headers['content-type']);
    let kind: Exclude<BodyKind, 'none'> | undefined;
    let body: ReadBody;
    try {
      if (request.isMultipart()) {
        kind = 'multipart';
        body = await readParts(request);
      } else {
        const raw = request.body;
        if (raw === undefined || raw === null || (Buffer.isBuffer(raw) && raw.length === 0)) {
          request.prepub = emptyUpload();
          return;
        }
        kind = bodyKind(type, options);
        if (!kind) return reply.code(415).send(unsupported(type));
        // Our catch-all parser hands over bytes; another plugin's parser may have left a string.
        const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw));
        if (kind === 'json') body = typeof raw === 'string' || !Buffer.isBuffer(raw) ? readJsonText(bytes.toString('utf8'), options) : readJsonBytes(bytes, request.headers['content-type'], options);
        else if (kind === 'urlencoded') body = readUrlencoded(bytes);
        else {
          if (bytes.length > fileSize) throw new UploadError(413, { error: 'upload-too-large', message: `the body is larger than ${fileSize} bytes` });
          body = readRaw(bytes, type, request.headers);
        }
      }
    } catch (e) {
      if (e instanceof UploadError) return reply.code(e.status).send(e.body);
      const err = e as Error & { statusCode?: number };
      const tooLarge = err.statusCode === 413;
      const answer: UploadErrorBody = tooLarge
        ? { error: 'upload-too-large', message: err.message }
        : { error: 'malformed-upload', message: `the multipart request could not be read: ${err.message}` };
      return reply.code(tooLarge ? 413 : 400).send(answer);
    }
    let upload: PrepubUpload;
    try {
      upload = await scanFiles(options, kind, body, requestUser(request.headers));
    } catch (e) {
      const answer: UploadErrorBody = { error: 'scan-failed', message: `the upload could not be scanned and was not accepted: ${(e as Error).message}` };
      return reply.code(503).send(answer);
    }
    request.prepub = upload;
    if (!(await decide(upload, options))) return reply.code(options.status ?? 422).send(rejection(upload));
    // Handlers see the body as they would without the scanner: parsed JSON, the form fields, the bytes.
    if (kind === 'json') request.body = upload.json;
    else if (kind === 'urlencoded') request.body = upload.fields;
  });
}

/**
 * Fastify (v5) plugin: `fastify.register(prepubFastify, { scanner })`. Fails closed: every request
 * body is read and scanned before route handlers run, or refused with 415. Multipart is always read
 * (registering @fastify/multipart if needed); raw bodies, JSON (with base64 files) and URL-encoded
 * forms when turned on ({@link MiddlewareOptions.raw}, `json`, `urlencoded`). The plugin replaces
 * Fastify's own JSON and text parsers in the context it is registered in (register it inside a
 * scoped plugin to cover only the upload routes). `block` or `review` is answered with 422 and a
 * JSON summary. Handlers read `request.prepub`, set on every request (`body: 'none'` without a body).
 */
export const prepubFastify = fp(plugin, { fastify: '5.x', name: 'prepub-upload-scan' });
