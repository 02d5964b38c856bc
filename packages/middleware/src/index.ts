/**
 * prepub upload middleware: one line in a portal and multipart uploads are scanned before its
 * handler runs. `app.use(prepubExpress({ scanner }))` or `fastify.register(prepubFastify, { scanner })`.
 */
export { prepubExpress } from './express.ts';
export { prepubFastify } from './fastify.ts';
export { rejection, worst, TEXT_FIELDS_NAME, type BodyKind, type MiddlewareOptions, type PrepubUpload, type ScannedFile, type RejectionBody, type UploadErrorBody, type VerdictAction } from './common.ts';
