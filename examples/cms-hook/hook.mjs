// The CMS side of the webhook contract: call prepub before publishing, publish only on an explicit
// `publishAllowed: true`. Anything else — an error status, no answer, a timeout — keeps the article
// unpublished (fail closed).

/**
 * @param {{ title: string, html: string, files: Array<{ name: string, bytes: Buffer }> }} article
 * @param {string} editor who presses "publish" (recorded on the audit trail)
 * @param {{ url: string, token: string, timeoutMs?: number }} service
 * @returns {Promise<{ publish: boolean, why?: unknown, auditId?: number }>}
 */
export async function beforePublish(article, editor, service) {
  let res;
  try {
    res = await fetch(`${service.url}/v1/review`, {
      method: 'POST',
      signal: AbortSignal.timeout(service.timeoutMs ?? 180_000),
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json', 'x-prepub-user': encodeURIComponent(editor) },
      body: JSON.stringify({
        title: article.title,
        html: article.html,
        attachments: article.files.map((f) => ({ filename: f.name, content: f.bytes.toString('base64') })),
      }),
    });
  } catch {
    return { publish: false, why: 'prepub unreachable: kept for review' };
  }
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || body.publishAllowed !== true) {
    return { publish: false, why: body.reasons ?? body.error?.message ?? `prepub answered ${res.status}`, auditId: body.auditId };
  }
  return { publish: true, auditId: body.auditId };
}
