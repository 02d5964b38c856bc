import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { DEFAULT_FILE_SIZE, addField, decide, rejection, requestUser, scanFiles, type MiddlewareOptions, type PrepubUpload, type ScannedFile, type UploadErrorBody } from './common.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `prepubExpress` on multipart requests: the verdict, the scanned files and the fields. */
      prepub?: PrepubUpload;
    }
  }
}

class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly body: UploadErrorBody,
  ) {
    super(body.message);
  }
}

type Req = IncomingMessage & { prepub?: PrepubUpload; body?: unknown; files?: unknown };
type Res = ServerResponse & { status?: (n: number) => Res; json?: (b: unknown) => void };

function sendJson(res: Res, status: number, body: unknown): void {
  if (!res.headersSent) {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
  }
  res.end(JSON.stringify(body));
}

/** Reads a multipart request into memory with busboy, enforcing the limits. */
function readMultipart(req: Req, o: MiddlewareOptions): Promise<{ files: Array<Omit<ScannedFile, 'result'>>; fields: PrepubUpload['fields'] }> {
  return new Promise((resolve, reject) => {
    const fileSize = o.limits?.fileSize ?? DEFAULT_FILE_SIZE;
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize, files: o.limits?.files ?? 10, fields: o.limits?.fields ?? 50, fieldSize: o.limits?.fieldSize ?? 1024 * 1024 },
        defParamCharset: 'utf8',
      });
    } catch (e) {
      reject(new UploadError(400, { error: 'malformed-upload', message: `the multipart request could not be read: ${(e as Error).message}` }));
      return;
    }
    const files: Array<Omit<ScannedFile, 'result'>> = [];
    const fields: PrepubUpload['fields'] = {};
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
      else addField(fields, name, value);
    });
    bb.on('filesLimit', () => fail(new UploadError(413, { error: 'upload-too-large', message: 'too many files in one upload' })));
    bb.on('fieldsLimit', () => fail(new UploadError(413, { error: 'upload-too-large', message: 'too many form fields' })));
    bb.on('partsLimit', () => fail(new UploadError(413, { error: 'upload-too-large', message: 'too many parts' })));
    bb.on('error', (e: Error) => fail(new UploadError(400, { error: 'malformed-upload', message: `the multipart request could not be read: ${e.message}` })));
    bb.on('close', () => {
      if (!failed) resolve({ files, fields });
    });
    req.on('aborted', () => fail(new UploadError(400, { error: 'malformed-upload', message: 'the client aborted the upload' })));
    req.pipe(bb);
  });
}

/**
 * Express (v5) middleware: `app.use(prepubExpress({ scanner }))`. Multipart uploads are read into
 * memory and scanned before the next handler runs; a `block` or `review` verdict is answered with
 * 422 and a JSON summary (see {@link MiddlewareOptions}). Passed uploads reach the handler with
 * `req.prepub` (verdict, files with buffers and results, fields), `req.body` (the fields) and
 * `req.files` (the files, like multer's memory storage). Other requests pass through untouched.
 */
export function prepubExpress(options: MiddlewareOptions): (req: Req, res: Res, next: (err?: unknown) => void) => void {
  return (req, res, next) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(type)) return next();
    readMultipart(req, options)
      .then(async ({ files, fields }) => {
        let upload: PrepubUpload;
        try {
          upload = await scanFiles(options, files, fields, requestUser(req.headers));
        } catch (e) {
          throw new UploadError(503, { error: 'scan-failed', message: `the upload could not be scanned and was not accepted: ${(e as Error).message}` });
        }
        req.prepub = upload;
        if (await decide(upload, options)) {
          req.body = upload.fields;
          req.files = upload.files;
          next();
        } else {
          sendJson(res, options.status ?? 422, rejection(upload));
        }
      })
      .catch((e: unknown) => {
        if (e instanceof UploadError) sendJson(res, e.status, e.body);
        else next(e);
      });
  };
}
