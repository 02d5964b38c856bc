/**
 * Which PDFs of a folder have fonts the "as drawn" checks touch (packages/extract-pdf/src/
 * font-program.ts, as-drawn.ts): fonts whose program, /Differences names or CMap give glyphs other
 * characters than their ToUnicode map claims (the swaps a page is read again with), and the losses
 * the object walk reports for such fonts. Only these files can change verdict through those
 * checks; scan them before and after a change to count the verdicts that moved.
 *   pnpm tsx bench/peers/fonts-as-drawn.ts <folder of PDFs>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { forEachDict, loadRaw } from '../../packages/extract-pdf/src/raw.ts';
import { unreadContentVisitor } from '../../packages/extract-pdf/src/unread-content.ts';
import type { DocState } from '../../packages/extract-pdf/src/state.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: fonts-as-drawn.ts <folder of PDFs>');
let files = 0;
let touched = 0;
for (const f of readdirSync(dir).filter((x) => /\.pdf$/i.test(x)).sort()) {
  let raw: Awaited<ReturnType<typeof loadRaw>>;
  try {
    raw = await loadRaw(new Uint8Array(readFileSync(`${dir}/${f}`)));
  } catch {
    continue;
  }
  files++;
  if (!raw.ok) continue;
  // The walk needs only the document and somewhere to put what it finds.
  const state = { raw, out: { parts: [], loss: [], unread: [] } } as unknown as DocState;
  const v = unreadContentVisitor(state);
  try {
    forEachDict(raw.doc, (d, o, s) => v.visit(d, o, s));
    v.finish();
  } catch (err) {
    console.log(`${f}: walk failed: ${String(err).slice(0, 100)}`);
    continue;
  }
  const swaps = (state.asDrawn ?? []).map((x) => x.swaps.slice(0, 8).map((p) => p.join('→')).join(' ')).join(' | ');
  const loss = state.out.loss!.filter((l) => /belie|embedded program/.test(l.detail ?? '')).map((l) => `${l.where}: ${(l.detail ?? '').slice(0, 70)}…`);
  if (!swaps && loss.length === 0) continue;
  touched++;
  console.log(`${f}\n  swaps: ${swaps.slice(0, 300) || '-'}\n  loss: ${loss.join('; ') || '-'}`);
}
console.log(`${touched} of ${files} PDFs touched`);
