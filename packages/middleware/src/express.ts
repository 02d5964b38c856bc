import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import getRawBody from 'raw-body';
import {
  DEFAULT_FILE_SIZE,
  UploadError,
  addField,
  bodyKind,
  decide,
  emptyUpload,
  mediaTypeOf,
  multipartTexts,
  readJson,
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
  type ScannedFile,
} from './common.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `prepubExpress` on every request it hands on: the verdict, the scanned files and the fields. */
      prepub?: PrepubUpload;
    }
  }
}

type Req = IncomingMessage & { prepub?: PrepubUpload; body?: unknown; files?: unknown; _body?: boolean };
type Res = ServerResponse & { status?: (n: number) => Res; json?: (b: unknown) => void };

function sendJson(res: Res, status: number, body: unknown): void {
  if (!res.headersSent) {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
  }
  res.end(JSON.stringify(body));
}

/** Reads a multipart request into memory with busboy, enforcing the limits. */
function readMultipart(req: Req, o: MiddlewareOptions): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const fileSize = o.limits?.fileSize ?? DEFAULT_FILE_SIZE;
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize, files: o.limits?.files ?? 10, fields: o.limits?.fields ?? 50, fieldSize: o.limits?.fieldSize ?? 1024 * 1024 },
        defParamCharset: 'utf8',
        // A field that names no charset as its bytes (latin1 characters): decoded with the others below.
        defCharset: 'latin1',
      });
    } catch (e) {
      reject(new UploadError(400, { error: 'malformed-upload', message: `the multipart request could not be read: ${(e as Error).message}` }));
      return;
    }
    const files: Array<Omit<ScannedFile, 'result'>> = [];
    const names: string[] = [];
    const values: string[] = [];
    let failed: UploadError | undefined;
    const fail = (e: UploadError) => {
      if (failed) return;
      failed = e;
      req.unpipe(bb);
      // Drain the rest so the response can be sent on a healthy connection.
      req.resume();
      reject(e);
    };
    bb.on('file', (fieldname, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (d: Buffer) => {
        size += d.length;
        chunks.push(d);
      });
      // A cut-off body errors the file stream too; it is answered once, through fail().
      stream.on('error', (e: Error) => fail(new UploadError(400, { error: 'malformed-upload', message: `the multipart request could not be read: ${e.message}` })));
      stream.on('limit', () => fail(new UploadError(413, { error: 'upload-too-large', message: `${info.filename ?? 'a file'} is larger than ${fileSize} bytes` })));
      stream.on('close', () => {
        if (!failed) files.push({ fieldname, filename: info.filename ?? fieldname, mimetype: info.mimeType, size, buffer: Buffer.concat(chunks) });
      });
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new UploadError(413, { error: 'upload-too-large', message: `field ${name} is too long` }));
      else {
        names.push(name);
        values.push(value);
      }
    });
    bb.on('filesLimit', () => fail(new UploadError(413, { error: 'upload-too-large', message: 'too many files in one upload' })));
    bb.on('fieldsLimit', () => fail(new UploadError(413, { error: 'upload-too-large', message: 'too many form fields' })));
    bb.on('partsLimit', () => fail(new UploadError(413, { error: 'upload-too-large', message: 'too many parts' })));
    bb.on('error', (e: Error) => fail(new UploadError(400, { error: 'malformed-upload', message: `the multipart request could not be read: ${e.message}` })));
    bb.on('close', () => {
      if (failed) return;
      const { texts, encoding } = multipartTexts(values);
      const fields: PrepubUpload['fields'] = {};
      texts.forEach((t, i) => addField(fields, names[i]!, t));
      resolve({ files, fields, texts, ...(encoding === 'gb18030' ? { encoding } : {}) });
    });
    req.on('aborted', () => fail(new UploadError(400, { error: 'malformed-upload', message: 'the client aborted the upload' })));
    req.pipe(bb);
  });
}

/** Whether the request carries a body (the test body-parser uses). */
function hasBody(req: Req): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** Whether an earlier body parser has read the stream already. */
function consumed(req: Req): boolean {
  return req._body === true || req.readableEnded;
}

async function readBytes(req: Req, limit: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit });
  } catch (e) {
    const err = e as Error & { type?: string };
    if (err.type === 'entity.too.large') throw new UploadError(413, { error: 'upload-too-large', message: `the body is larger than ${limit} bytes` });
    throw new UploadError(400, { error: 'malformed-upload', message: `the body could not be read: ${err.message}` });
  }
}

/** Reads the body as `kind`, from the stream or from what an earlier body parser left in `req.body`. */
async function readBody(req: Req, kind: Exclude<BodyKind, 'none'>, type: string, o: MiddlewareOptions): Promise<ReadBody> {
  if (kind === 'multipart') return readMultipart(req, o);
  const earlier = consumed(req) ? req.body : undefined;
  if (consumed(req) && earlier === undefined) {
    throw new UploadError(415, { error: 'unsupported-media-type', message: 'the body was consumed before the upload scanner could read it' });
  }
  if (kind === 'json') {
    if (earlier !== undefined && !Buffer.isBuffer(earlier) && typeof earlier !== 'string') return readJson(earlier, o);
    if (typeof earlier === 'string') return readJsonText(earlier, o);
    const bytes = earlier !== undefined ? Buffer.from(earlier as Buffer) : await readBytes(req, structuredLimit(o));
    return readJsonBytes(bytes, req.headers['content-type'], o);
  }
  if (kind === 'urlencoded') {
    if (earlier !== undefined && !Buffer.isBuffer(earlier) && typeof earlier === 'object') {
      const body: ReadBody = { files: [], fields: {}, texts: [] };
      for (const [k, v] of Object.entries(earlier as object)) {
        for (const one of [v].flat()) {
          addField(body.fields, k, String(one));
          body.texts.push(String(one));
        }
      }
      return body;
    }
    const bytes = earlier !== undefined ? (Buffer.isBuffer(earlier) ? earlier : Buffer.from(String(earlier))) : await readBytes(req, structuredLimit(o));
    return readUrlencoded(bytes);
  }
  const fileSize = o.limits?.fileSize ?? DEFAULT_FILE_SIZE;
  const bytes = earlier !== undefined ? (Buffer.isBuffer(earlier) ? earlier : Buffer.from(String(earlier))) : await readBytes(req, fileSize);
  if (bytes.length > fileSize) throw new UploadError(413, { error: 'upload-too-large', message: `the body is larger than ${fileSize} bytes` });
  return readRaw(bytes, type, req.headers);
}

/**
 * Express (v5) middleware: `app.use(prepubExpress({ scanner }))`. Fails closed: every request body
 * is either read and scanned before the next handler runs or refused with 415, never handed on
 * unscanned. Multipart is always read; raw bodies, JSON (with base64 files) and URL-encoded forms
 * when turned on ({@link MiddlewareOptions.raw}, `json`, `urlencoded`). A `block` or `review`
 * verdict is answered with 422 and a JSON summary. Handed-on requests carry `req.prepub` (always,
 * `body: 'none'` for requests without a body), `req.body` (the fields, the parsed JSON or the raw
 * bytes) and `req.files` (the files, like multer's memory storage).
 */
export function prepubExpress(options: MiddlewareOptions): (req: Req, res: Res, next: (err?: unknown) => void) => void {
  if (!options?.scanner) throw new Error('prepubExpress needs { scanner }');
  return (req, res, next) => {
    const type = mediaTypeOf(req.headers['content-type']);
    if (!hasBody(req)) {
      req.prepub = emptyUpload();
      return next();
    }
    const kind = bodyKind(type, options);
    if (!kind) {
      // Drain the body so the answer goes out on a healthy connection.
      req.resume();
      return sendJson(res, 415, unsupported(type));
    }
    readBody(req, kind, type, options)
      .then(async (body) => {
        let upload: PrepubUpload;
        try {
          upload = await scanFiles(options, kind, body, requestUser(req.headers));
        } catch (e) {
          throw new UploadError(503, { error: 'scan-failed', message: `the upload could not be scanned and was not accepted: ${(e as Error).message}` });
        }
        req.prepub = upload;
        if (await decide(upload, options)) {
          req.body = kind === 'json' ? upload.json : kind === 'raw' ? (upload.files[0]?.buffer ?? Buffer.alloc(0)) : upload.fields;
          // Later body parsers see the body as read.
          req._body = true;
          req.files = upload.files;
          next();
        } else {
          sendJson(res, options.status ?? 422, rejection(upload));
        }
      })
      .catch((e: unknown) => {
        if (e instanceof UploadError) {
          req.resume();
          sendJson(res, e.status, e.body);
        } else next(e);
      });
  };
}
