/**
 * The format registry: one declaration per format decides sniffing, loading and the report
 * schema's roles; the scanner wraps every reader alike.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { sniffFormat } from '@prepub/extractors';
import { enforceTextLimit, extractFile } from '../src/extract.ts';
import { FORMATS, reportRoles } from '../src/formats.ts';
import { SCHEMA } from './schema-roles.ts';
import { pptx, xlsx } from '../../ooxml/test/ooxml-writer.ts';

describe('format registry', () => {
  it('names each format once, with media types, extensions, roles and a reader that loads', async () => {
    const names = FORMATS.map((f) => f.format);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FORMATS) {
      expect(f.mediaTypes).toContain(f.mediaType);
      expect(f.extensions.length).toBeGreaterThan(0);
      expect(f.roles.length).toBeGreaterThan(0);
      expect((await f.load()).format).toBe(f.format);
    }
  });

  it('the report schema lists exactly the roles the registered readers declare (run packages/scanner/test/schema-roles.ts after registering a format)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    expect(schema.$defs.role.enum).toEqual(reportRoles());
  });

  it('tells Word, Excel and PowerPoint packages and other archives apart by their entries', () => {
    const book = xlsx({ sheets: [{ name: 'S', rows: [['a']] }] });
    const deck = pptx({ slides: [{ shapes: [{ text: ['a'] }] }] });
    expect(sniffFormat(book, 'x.bin', FORMATS).format).toBe('xlsx');
    expect(sniffFormat(deck, 'x.bin', FORMATS).format).toBe('pptx');
    expect(sniffFormat(readFileSync(new URL('../../../samples/docx/benign-public-notice.docx', import.meta.url)), 'x.bin', FORMATS).format).toBe('docx');
    // Without the registry, archives that are not Word packages stay plain ZIP (readers of old callers are unchanged).
    expect(sniffFormat(book, 'x.bin').format).toBe('zip');
  });

  it('every reader the registry loads is held to the text limit by the scanner, the same way', async () => {
    const limits = { ...DEFAULT_LIMITS, maxTextChars: 10 };
    const book = xlsx({ sheets: [{ name: 'S', rows: [['甲乙丙丁戊己庚辛壬癸'], ['子丑寅卯辰巳午未申酉']] }] });
    const deck = pptx({ slides: [{ shapes: [{ text: ['甲乙丙丁戊己庚辛壬癸', '子丑寅卯辰巳午未申酉'] }] }] });
    for (const [bytes, filename] of [[book, 'a.xlsx'], [deck, 'a.pptx'], [new TextEncoder().encode('甲乙丙丁戊己庚辛壬癸\n子丑寅卯辰巳午未申酉\n'), 'a.txt']] as const) {
      const out = await extractFile(bytes, { filename, limits });
      expect(out.kind, filename).toBe('extracted');
      if (out.kind !== 'extracted') continue;
      expect(out.extraction.parts.reduce((n, p) => n + p.text.length, 0), filename).toBeLessThanOrEqual(10);
      expect(out.extraction.unread.some((u) => u.reason === 'limit'), filename).toBe(true);
    }
  });

  it('the text limit cuts blocks and code units with the text', () => {
    const x: Extraction = {
      format: 't',
      mediaType: 't',
      unread: [],
      parts: [
        { id: 'a', role: 'body', text: 'abcdef', units: Uint16Array.from('abcdef', (c) => c.charCodeAt(0)), origin: {}, blocks: [{ start: 0, end: 3, kind: 'line' }, { start: 4, end: 6, kind: 'line' }] },
        { id: 'b', role: 'body', text: 'xyz', origin: {} },
      ],
    };
    enforceTextLimit(x, 5);
    expect(x.parts.map((p) => p.text)).toEqual(['abcde']);
    expect(x.parts[0].units?.length).toBe(5);
    expect(x.parts[0].blocks).toEqual([{ start: 0, end: 3, kind: 'line' }, { start: 4, end: 5, kind: 'line' }]);
    expect(x.unread.map((u) => u.where)).toEqual(['a', 'b']);
  });
});
