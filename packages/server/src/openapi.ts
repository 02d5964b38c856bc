/** The OpenAPI 3.1 description of the service, served at `GET /openapi.json`. Written by hand. */
/** Body of POST /v1/decisions: validated by the route and published in the OpenAPI document, one schema for both. */
export const DECISION_BODY = {
  type: 'object',
  required: ['auditId', 'decision', 'reason'],
  additionalProperties: false,
  properties: {
    auditId: { type: 'integer', minimum: 1 },
    decision: { type: 'string', enum: ['approved', 'rejected'] },
    reviewer: { type: 'string', minLength: 1, maxLength: 200, description: 'Defaults to X-Prepub-User.' },
    reason: { type: 'string', minLength: 1, maxLength: 4000 },
  },
} as const;

export function openApiDocument(limits: { maxBodyBytes: number; maxAttachments: number }): Record<string, unknown> {
  const error = { $ref: '#/components/responses/Error' };
  /** What both upload routes (/v1/scan, /v1/review) may answer besides 200. */
  const uploadErrors = { '400': error, '401': error, '413': error, '415': error, '503': { $ref: '#/components/responses/Busy' }, '504': error };
  const verdict = { type: 'string', enum: ['pass', 'review', 'block'] };
  const secured = [{ bearer: [] }];
  const userHeader = { $ref: '#/components/parameters/User' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'prepub review service',
      version: '1',
      summary: 'Pre-publication secrecy review: block / review / pass for files and CMS articles.',
      description:
        'Every answer other than 200 with `publishAllowed: true` means: do not publish. Content that could not be read completely is never `pass`. ' +
        `Uploads up to ${limits.maxBodyBytes} bytes; at most ${limits.maxAttachments} attachments per article.`,
    },
    servers: [{ url: 'http://127.0.0.1:8731' }],
    security: secured,
    paths: {
      '/v1/scan': {
        post: {
          operationId: 'scanFile',
          summary: 'Scan one file',
          description: 'Send one file as multipart/form-data (one file part; optional fields `filename`, `password`) or as the raw body with `?filename=` or `X-Filename`.',
          parameters: [
            userHeader,
            { name: 'filename', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'X-Filename', in: 'header', required: false, schema: { type: 'string' }, description: 'File name, percent-encoded when not ASCII.' },
            { name: 'X-Prepub-Password', in: 'header', required: false, schema: { type: 'string' }, description: 'Password of an encrypted PDF.' },
          ],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' }, filename: { type: 'string' }, password: { type: 'string' } },
                },
              },
              'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
              'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string' } },
              'text/*': { schema: { type: 'string' } },
              'image/*': { schema: { type: 'string' } },
            },
          },
          responses: {
            '200': { description: 'The verdict.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ScanResponse' } } } },
            ...uploadErrors,
          },
        },
      },
      '/v1/review': {
        post: {
          operationId: 'reviewArticle',
          summary: 'Review a CMS article with its attachments (publishing hook)',
          description: 'One combined verdict: the worst verdict of the article and its attachments; anything unread anywhere keeps it from pass. Each finding names its source.',
          parameters: [userHeader],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/ReviewRequest' } },
              'multipart/form-data': {
                schema: { type: 'object', properties: { title: { type: 'string' }, html: { type: 'string' } }, additionalProperties: { type: 'string', contentMediaType: 'application/octet-stream' } },
              },
            },
          },
          responses: {
            '200': { description: 'The combined verdict.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ReviewResponse' } } } },
            ...uploadErrors,
          },
        },
      },
      '/v1/decisions': {
        post: {
          operationId: 'decide',
          summary: "Record a reviewer's approval or rejection of a review item",
          parameters: [userHeader],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: DECISION_BODY,
              },
            },
          },
          responses: {
            '201': { description: 'The decision record, linked to the scan by `ref`.', content: { 'application/json': { schema: { type: 'object', properties: { version: { const: 1 }, requestId: { type: 'string' }, decision: { $ref: '#/components/schemas/AuditRecord' } } } } } },
            '400': error,
            '401': error,
            '404': error,
            '409': error,
          },
        },
      },
      '/v1/audit/{id}': {
        get: {
          operationId: 'showAuditRecord',
          summary: 'One audit record and the decisions on it',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': {
              description: 'The record.',
              content: { 'application/json': { schema: { type: 'object', properties: { record: { $ref: '#/components/schemas/AuditRecord' }, decisions: { type: 'array', items: { $ref: '#/components/schemas/AuditRecord' } } } } } },
            },
            '401': error,
            '404': error,
          },
        },
      },
      '/healthz': {
        get: { operationId: 'health', summary: 'Liveness and configuration summary', security: [], responses: { '200': { description: 'Up.', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
      '/metrics': {
        get: { operationId: 'metrics', summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'Text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } } } },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from PREPUB_TOKENS (name:secret); send the secret.' } },
      parameters: {
        User: { name: 'X-Prepub-User', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The end user on whose behalf the caller asks (recorded in the audit trail); percent-encode non-ASCII.' },
      },
      responses: {
        Error: { description: 'Refused or failed; never publish.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        Busy: {
          description: 'Over capacity; retry later. Never publish meanwhile.',
          headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      schemas: {
        Verdict: verdict,
        Error: {
          type: 'object',
          required: ['version', 'error', 'publishAllowed'],
          properties: {
            version: { const: 1 },
            requestId: { type: 'string' },
            error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
            publishAllowed: { const: false },
          },
        },
        ScanResponse: {
          type: 'object',
          required: ['version', 'verdict', 'publishAllowed', 'result'],
          properties: {
            version: { const: 1 },
            requestId: { type: 'string' },
            auditId: { type: ['integer', 'null'] },
            verdict,
            publishAllowed: { type: 'boolean', description: 'true only for pass' },
            result: { $ref: '#/components/schemas/ScanResult' },
          },
        },
        ScanResult: {
          type: 'object',
          description: 'The scanner result: verdict, reasons, located findings, coverage (what was and was not read), document facts.',
          required: ['verdict', 'reasons', 'findings', 'coverage', 'document', 'policyVersion'],
          properties: {
            verdict,
            reasons: { type: 'array', items: { type: 'string' } },
            findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
            suppressed: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
            coverage: {
              type: 'object',
              properties: { complete: { type: 'boolean' }, unread: { type: 'array', items: { $ref: '#/components/schemas/Unread' } } },
            },
            errors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
            document: { type: 'object', properties: { filename: { type: 'string' }, format: { type: 'string' }, mediaType: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' } } },
            policyVersion: { type: 'string' },
            durationMs: { type: 'number' },
          },
        },
        Finding: {
          type: 'object',
          required: ['ruleId', 'severity', 'location'],
          properties: {
            ruleId: { type: 'string', examples: ['marking.cn-state-secret'] },
            category: { type: 'string' },
            severity: { type: 'string', enum: ['block', 'review', 'info'] },
            score: { type: 'number' },
            message: { type: 'string' },
            excerpt: { type: 'string', description: 'Masked unless configured otherwise.' },
            location: {
              type: 'object',
              properties: {
                part: { type: 'string' },
                role: { type: 'string' },
                visible: { type: 'boolean' },
                page: { type: 'integer' },
                line: { type: 'integer' },
                column: { type: 'integer' },
                paragraph: { type: 'integer' },
                start: { type: 'integer' },
                end: { type: 'integer' },
              },
            },
            source: { $ref: '#/components/schemas/Source' },
          },
        },
        Unread: {
          type: 'object',
          required: ['where', 'reason', 'detail'],
          properties: { where: { type: 'string' }, reason: { type: 'string' }, detail: { type: 'string' }, source: { $ref: '#/components/schemas/Source' } },
        },
        Source: {
          type: 'object',
          description: 'Which part of an article a finding came from (review only).',
          properties: { kind: { type: 'string', enum: ['article', 'attachment'] }, index: { type: 'integer' }, filename: { type: 'string' } },
        },
        ReviewRequest: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            html: { type: 'string' },
            attachments: {
              type: 'array',
              maxItems: limits.maxAttachments,
              items: { type: 'object', required: ['content'], properties: { filename: { type: 'string' }, mediaType: { type: 'string' }, content: { type: 'string', contentEncoding: 'base64' } } },
            },
          },
        },
        ReviewResponse: {
          type: 'object',
          required: ['version', 'verdict', 'publishAllowed', 'findings', 'unread', 'items'],
          properties: {
            version: { const: 1 },
            requestId: { type: 'string' },
            auditId: { type: ['integer', 'null'] },
            verdict,
            publishAllowed: { type: 'boolean' },
            reasons: { type: 'array', items: { type: 'string' } },
            findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
            unread: { type: 'array', items: { $ref: '#/components/schemas/Unread' } },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  source: { $ref: '#/components/schemas/Source' },
                  verdict,
                  format: { type: 'string' },
                  mediaType: { type: 'string' },
                  size: { type: 'integer' },
                  sha256: { type: 'string' },
                  findings: { type: 'integer' },
                  unread: { type: 'integer' },
                },
              },
            },
            results: { type: 'array', items: { type: 'object', properties: { source: { $ref: '#/components/schemas/Source' }, result: { $ref: '#/components/schemas/ScanResult' } } } },
          },
        },
        AuditRecord: {
          type: 'object',
          properties: {
            seq: { type: 'integer' },
            time: { type: 'string', format: 'date-time' },
            kind: { type: 'string', enum: ['scan', 'review', 'decision'] },
            callerToken: { type: ['string', 'null'] },
            callerUser: { type: ['string', 'null'] },
            filename: { type: ['string', 'null'] },
            sha256: { type: ['string', 'null'] },
            verdict: { type: ['string', 'null'] },
            ref: { type: ['integer', 'null'] },
            decision: { type: ['string', 'null'], enum: ['approved', 'rejected', null] },
            reason: { type: ['string', 'null'] },
            prevHash: { type: 'string' },
            hash: { type: 'string' },
          },
        },
      },
    },
  };
}
