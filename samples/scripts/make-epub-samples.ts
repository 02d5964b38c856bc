/**
 * Writes the EPUB samples of samples/archives/ (labels in its labels.json): a flood-supply handbook
 * as an e-book, clean, and the same book with 机密★5年 heading its second chapter. The writer lives
 * next to the archive reader's tests (packages/extract-zip/test/epub-writer.ts), whose package
 * carries the `fflate` dev dependency. Deterministic. Run: pnpm tsx samples/scripts/make-epub-samples.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { C2, chapter, epub } from '../../packages/extract-zip/test/epub-writer.ts';

const dir = join(import.meta.dirname, '..', 'archives');
writeFileSync(join(dir, 'benign-handbook.epub'), epub());
writeFileSync(join(dir, 'marked-chapter.epub'), epub({ c2: chapter('第二章　值班制度', C2, '<p>机密★5年</p>') }));
