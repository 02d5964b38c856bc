/**
 * Prints what the extractor reads from generated variant files (role, text, losses): a check that
 * the generator's bytes carry the text it meant to write.
 *   pnpm tsx bench/variants/peek.ts FILE…
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '@prepub/extract-pdf';
import { docxExtractor } from '@prepub/extract-docx';

for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(file));
  const ex = file.endsWith('.pdf') ? pdfExtractor : docxExtractor;
  const r = await ex.extract(bytes, { filename: file, limits: DEFAULT_LIMITS });
  console.log(`== ${file}`);
  for (const p of r.parts) console.log(`  [${p.role}] ${JSON.stringify(p.text)}`);
  for (const u of r.unread) console.log(`  unread: ${u.where} ${u.reason} ${u.detail}`);
  for (const l of r.loss ?? []) console.log(`  loss: ${JSON.stringify(l)}`);
}
