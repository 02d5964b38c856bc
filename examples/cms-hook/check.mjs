// Runs the prepub review service in this process and publishes two articles through the hook: the
// one with a marked DOCX attached is held back, the one with a benign DOCX goes out. A service that
// cannot be reached holds the article back too. Each answer is on the service's audit trail (SQLite).
// Usage: node check.mjs <marked.docx> <benign.docx>
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import assert from 'node:assert/strict';
import { openAudit, startServer } from 'prepub';
import { beforePublish } from './hook.mjs';

const [marked, benign] = process.argv.slice(2);
if (!marked || !benign) {
  console.error('usage: node check.mjs <marked.docx> <benign.docx>');
  process.exit(3);
}

const token = 'cms-example-secret-0123456789';
const dir = await mkdtemp(join(tmpdir(), 'prepub-cms-'));
const auditFile = join(dir, 'audit.sqlite');
const { app, url } = await startServer({ port: 0, tokens: { cms: token }, audit: { sqlite: auditFile }, scannerOptions: { ocr: false } });
const service = { url, token };
const article = async (file) => ({
  title: '关于开展年度工作总结的通知',
  html: '<p>请各单位按附件要求报送材料。</p>',
  files: [{ name: basename(file), bytes: await readFile(file) }],
});

try {
  const held = await beforePublish(await article(marked), '编辑甲', service);
  assert.equal(held.publish, false, JSON.stringify(held));
  console.log(`held back (${basename(marked)}): ${JSON.stringify(held.why)}`);

  const published = await beforePublish(await article(benign), '编辑甲', service);
  assert.equal(published.publish, true, JSON.stringify(published));
  console.log(`published (${basename(benign)})`);

  const down = await beforePublish(await article(benign), '编辑甲', { url: 'http://127.0.0.1:9', token, timeoutMs: 5_000 });
  assert.equal(down.publish, false);
  console.log(`service unreachable: ${down.why}`);

  await app.close();
  const audit = await openAudit({ sqlite: auditFile });
  const chain = await audit.verifyChain();
  await audit.close();
  assert.equal(chain.ok, true);
  assert.equal(chain.records, 2, 'both answers are on the audit trail');
  assert.ok(held.auditId !== undefined && published.auditId !== undefined);
  console.log(`audit trail: ${chain.records} records, chain verified`);
  console.log('cms-hook: ok');
} finally {
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
