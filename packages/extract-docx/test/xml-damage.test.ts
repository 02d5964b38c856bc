/**
 * A part whose markup was damaged (one tag broken) is not counted as read, and its text is still
 * read: the reader looks for the elements it knows, and what the damage turns into stray text
 * would otherwise be passed over.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_LIMITS } from '@prepub/core';
import { docxExtractor } from '../src/index.ts';

const SAMPLE = fileURLToPath(new URL('../../../samples/docx/comment-marking.docx', import.meta.url));

describe('damaged XML markup in a DOCX part', () => {
  it('a comment whose run tag was broken is unread (corrupt), and its marking is still read', async () => {
    const files = unzipSync(new Uint8Array(readFileSync(SAMPLE)));
    const comments = strFromU8(files['word/comments.xml']);
    expect(comments).toContain('机密');
    // The first run element loses its name's first letter: `<w:r>` becomes `<#:r>`, no tag at all.
    files['word/comments.xml'] = strToU8(comments.replace('<w:r>', '<#:r>'));
    const x = await docxExtractor.extract(zipSync(files), { limits: DEFAULT_LIMITS });
    expect(x.unread.find((u) => u.where === 'word/comments.xml')).toMatchObject({ reason: 'corrupt' });
    expect(x.parts.find((p) => p.id === 'word/comments.xml#damaged')?.text).toContain('机密');
  });

  it('the intact sample has no such entry', async () => {
    const x = await docxExtractor.extract(new Uint8Array(readFileSync(SAMPLE)), { limits: DEFAULT_LIMITS });
    expect(x.unread.filter((u) => u.reason === 'corrupt')).toEqual([]);
  });
});
