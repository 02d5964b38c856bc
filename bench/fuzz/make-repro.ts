/**
 * Writes bench/fuzz/repro/: one small input per leak the fuzz harness found, each rebuilt from its
 * recipe (seed file, mutation class, mutation seed) so the bytes are reproducible. Every one keeps
 * its marking's bytes intact, so none may pass; tests/fuzz-repro.test.ts checks exactly that.
 *
 *   pnpm tsx bench/fuzz/make-repro.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay } from './harness.ts';
import { loadSeeds } from './seeds.ts';

export interface Repro {
  /** File name under repro/. */
  file: string;
  /** What the input is and which reader misses the marking. */
  what: string;
  seedId: string;
  mutation: string;
  mutationSeed: number;
  /** Needs OCR to be meaningful (a picture). */
  ocr?: boolean;
}

export const REPRO_DIR = join(import.meta.dirname, 'repro');

export const REPROS: Repro[] = [
  { file: 'docx-duplicate-entry.docx', what: 'word/document.xml twice; the first copy has its words blanked, the second is the marked original', seedId: 'gen/gen-notice.docx', mutation: 'zip-duplicate-benign-first', mutationSeed: 3740152594 },
  { file: 'docx-entry-past-count.docx', what: 'the marked header last in the central directory, the end record counting one entry fewer', seedId: 'samples/docx/header-marking.docx', mutation: 'zip-marked-entry-last-uncounted', mutationSeed: 2634237889 },
  { file: 'docx-orphaned-main-part.docx', what: 'relationships and content types point at a blanked copy of word/document.xml; the marked original stays in the package', seedId: 'samples/docx/notice-gbt9704-secret.docx', mutation: 'zip-orphaned-marked-part', mutationSeed: 2158213252 },
  { file: 'pdf-incremental-update-banner.pdf', what: 'an incremental update gives page 1 new content; the TOP SECRET//NOFORN revision is still in the file', seedId: 'gen/gen-banner.pdf', mutation: 'pdf-incremental-replace-page', mutationSeed: 1 },
  { file: 'pdf-incremental-update-notice.pdf', what: 'the GB/T 9704 notice with page 1 replaced by an incremental update', seedId: 'samples/pdf/notice-gbt9704-secret.pdf', mutation: 'pdf-incremental-replace-page', mutationSeed: 1 },
  { file: 'pdf-broken-font-dict.pdf', what: 'one bit flipped outside the marked content stream turns /DescendantFonts into /DercendantFonts: the text draws nothing and no loss is reported', seedId: 'gen/gen-notice.pdf', mutation: 'flip-outside', mutationSeed: 1600959184 },
  { file: 'text-ascii-stray-bytes.txt', what: 'four stray bytes in an English memo: decoded as UTF-16BE, the SECRET//NOFORN banner disappears', seedId: 'samples/text/memo-secret-noforn.txt', mutation: 'insert-stray-bytes', mutationSeed: 4287678176 },
  { file: 'text-ascii-two-bytes.txt', what: 'two bytes replaced in running English text: decoded as UTF-16BE, OFFICIAL-SENSITIVE disappears', seedId: 'samples/text/briefing-official-sensitive.txt', mutation: 'flip-bytes', mutationSeed: 3821779084 },
  { file: 'html-utf8-bom.html', what: 'the alt-text page with a UTF-8 BOM: read as plain text, the marking in alt= scores as prose', seedId: 'samples/html/alt-text.html', mutation: 'reencode-utf8-bom', mutationSeed: 1 },
  { file: 'html-doctype-flip.html', what: '<!DOCTYPE → <!DOCVYPE: read as plain text, the marking in alt= scores as prose', seedId: 'samples/html/alt-text.html', mutation: 'flip-outside', mutationSeed: 2412849605 },
  { file: 'html-marking-in-attribute.html', what: 'one quote flipped: the body up to the next quote, marking included, becomes the value of meta charset', seedId: 'samples/html/notice-zwsp-entity.html', mutation: 'flip-outside', mutationSeed: 1722881346 },
  { file: 'html-marking-in-style.html', what: 'the marking lines wrapped in <style>/* … */</style>', seedId: 'samples/html/td-notice.html', mutation: 'html-wrap-marking', mutationSeed: 2876432649 },
  { file: 'gif-blank-first-frame.gif', what: 'a blank 1×1 frame inserted before the marked frame: only the first frame is read', seedId: 'samples/images/notice-marked.gif', mutation: 'image-extra-frame-before', mutationSeed: 3629710727, ocr: true },
];

if (process.argv[1] === import.meta.filename) {
  const seeds = loadSeeds({ ocr: true });
  mkdirSync(REPRO_DIR, { recursive: true });
  for (const r of REPROS) {
    const { mutated } = replay(r, seeds);
    writeFileSync(join(REPRO_DIR, r.file), mutated.bytes);
    console.log(`${r.file}: ${mutated.bytes.length} bytes, ${JSON.stringify(mutated.params)}`);
  }
}
