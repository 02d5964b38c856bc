// Exercises the portal over HTTP: a marked DOCX is refused with 422, a benign one is stored.
// Usage: node check.mjs <marked.docx> <benign.docx>
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import assert from 'node:assert/strict';
import { createScanner } from 'prepub';
import { createPortal } from './server.mjs';

const [marked, benign] = process.argv.slice(2);
if (!marked || !benign) {
  console.error('usage: node check.mjs <marked.docx> <benign.docx>');
  process.exit(3);
}

const scanner = await createScanner({ ocr: false });
const stored = [];
const server = createPortal(scanner, stored).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${server.address().port}`;

async function upload(file) {
  const form = new FormData();
  form.append('document', new Blob([await readFile(file)]), basename(file));
  const res = await fetch(`${base}/upload`, { method: 'POST', body: form });
  return { status: res.status, body: await res.json() };
}

try {
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<form[^>]+multipart\/form-data/);

  const refused = await upload(marked);
  assert.equal(refused.status, 422, JSON.stringify(refused.body));
  assert.equal(refused.body.verdict, 'block');
  assert.ok(refused.body.files[0].findings.some((f) => f.ruleId.startsWith('marking.')), 'the refusal names the marking');
  console.log(`refused ${basename(marked)}: 422 ${refused.body.verdict} (${refused.body.files[0].findings.map((f) => f.ruleId).join(', ')})`);

  const accepted = await upload(benign);
  assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
  assert.equal(accepted.body.verdict, 'pass');
  console.log(`stored ${basename(benign)}: 201 ${accepted.body.verdict}`);

  assert.deepEqual(stored.map((s) => s.filename), [basename(benign)], 'only the benign file was stored');
  console.log('express-portal: ok');
} finally {
  server.close();
  await scanner.close();
}
