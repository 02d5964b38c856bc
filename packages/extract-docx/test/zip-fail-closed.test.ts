/**
 * Archives that disagree with themselves must never pass: every copy of a duplicated name is read,
 * entries the end record or the central directory leave out are found by their local headers, and
 * what cannot be inflated is unread. Each archive is written byte by byte in zip-writer.ts and
 * scanned through the real scanner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8 } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { ScanResult } from '@prepub/core';
import { para, REL, wml } from './helpers.ts';
import { writeZip, type RawEntry } from './zip-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const MARKED = para('000012') + para('机密★5年') + para('特急') + para('关于做好年度安全检查工作的通知') + para('各处室：现将有关事项通知如下。');
const PLAIN = para('关于做好年度安全检查工作的通知') + para('各处室：现将有关事项通知如下。') + para('请于本周五前完成自查。');

const document = (body: string) => wml('document', `<w:body>${body}</w:body>`);
const header = (text: string) => wml('hdr', para(text));

/** The package parts every test archive starts with. */
function base(extraRels = ''): RawEntry[] {
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/_rels/document.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${extraRels}</Relationships>`,
    },
  ];
}

async function scan(bytes: Uint8Array): Promise<ScanResult> {
  return scanner.scan(bytes, { filename: 'test.docx' });
}

const markingFound = (r: ScanResult) => r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block');

describe('duplicate entry names', () => {
  for (const order of ['plain first', 'marked first'] as const) {
    it(`reads both copies of word/document.xml (${order}) and labels them`, async () => {
      const copies = order === 'plain first' ? [PLAIN, MARKED] : [MARKED, PLAIN];
      const r = await scan(writeZip([...base(), ...copies.map((b) => ({ name: 'word/document.xml', data: document(b) }))]));
      expect(r.verdict).toBe('block');
      expect(markingFound(r)).toBe(true);
      const bodies = r.coverage.parts.filter((p) => p.role === 'body');
      expect(bodies.map((p) => p.origin.detail).sort()).toEqual(['duplicate entry 1 of 2', 'duplicate entry 2 of 2']);
      expect(new Set(bodies.map((p) => p.id)).size).toBe(2);
      const marked = r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')!;
      expect(marked.location.detail).toBe(order === 'plain first' ? 'duplicate entry 2 of 2' : 'duplicate entry 1 of 2');
      // Both copies were read: nothing to report as unread.
      expect(r.coverage.unread).toEqual([]);
    });
  }

  it('reads a second copy of a header whose name differs only in case', async () => {
    const rels = `<Relationship Id="rId7" Type="${REL}/header" Target="header1.xml"/>`;
    const body = PLAIN + '<w:sectPr><w:headerReference w:type="default" r:id="rId7"/></w:sectPr>';
    const r = await scan(
      writeZip([...base(rels), { name: 'word/document.xml', data: document(body) }, { name: 'word/header1.xml', data: header('办公室') }, { name: 'WORD/Header1.xml', data: header('机密★5年') }]),
    );
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.parts.some((p) => p.role === 'header' && p.origin.detail?.includes('duplicate entry 2 of 2'))).toBe(true);
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
  });

  it('reports a copy that cannot be inflated, and reads the other', async () => {
    const damaged: RawEntry = { name: 'word/document.xml', data: document(MARKED), mangle: (b) => b.map((v, i) => (i > 8 ? v ^ 0x5a : v)) };
    const r = await scan(writeZip([...base(), { name: 'word/document.xml', data: document(PLAIN) }, damaged]));
    expect(r.verdict).not.toBe('pass');
    const u = r.coverage.unread.find((x) => x.origin?.detail === 'duplicate entry 2 of 2');
    expect(u?.reason).toBe('corrupt');
    expect(r.coverage.parts.some((p) => p.role === 'body' && p.origin.detail === 'duplicate entry 1 of 2')).toBe(true);
  });
});

describe('end record and central directory against local headers', () => {
  const withHeader = (data: string): RawEntry[] => {
    const rels = `<Relationship Id="rId7" Type="${REL}/header" Target="header1.xml"/>`;
    const body = PLAIN + '<w:sectPr><w:headerReference w:type="default" r:id="rId7"/></w:sectPr>';
    return [...base(rels), { name: 'word/document.xml', data: document(body) }, { name: 'word/header1.xml', data: header(data) }];
  };

  it('an end record counting one entry short drops nothing: the last entry is read and the disagreement reported', async () => {
    const entries = withHeader('机密★5年');
    const r = await scan(writeZip(entries, { eocdCount: entries.length - 1 }));
    expect(r.verdict).toBe('block');
    expect(r.coverage.parts.some((p) => p.origin.filePart === 'word/header1.xml')).toBe(true);
    const mismatch = r.coverage.unread.find((u) => u.detail.includes('entry-mismatch'));
    expect(mismatch?.detail).toMatch(/declares 4 entries, the central directory holds 5/);
  });

  it('an unmarked archive with a wrong count does not pass either', async () => {
    const entries = withHeader('办公室');
    const r = await scan(writeZip(entries, { eocdCount: entries.length + 1 }));
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.detail.includes('entry-mismatch'))).toBe(true);
  });

  it('reads an entry that has a local header but no central record', async () => {
    const entries = withHeader('机密★5年');
    entries[entries.length - 1].notInCentral = true;
    const r = await scan(writeZip(entries));
    expect(r.verdict).toBe('block');
    const header = r.coverage.parts.find((p) => p.origin.filePart === 'word/header1.xml');
    expect(header?.origin.detail).toContain('not listed in the central directory');
    expect(r.coverage.unread.some((u) => u.where.includes('word/header1.xml') && u.detail.includes('entry-mismatch'))).toBe(true);
  });

  for (const method of [0, 8] as const) {
    it(`a part the central directory lists as empty is read as its local header gives it, and reported (${method ? 'deflated' : 'stored'})`, async () => {
      const entries = withHeader('机密★5年');
      Object.assign(entries[entries.length - 1], { method, central: { compressedSize: 0, size: 0, crc: 0 } });
      const r = await scan(writeZip(entries));
      expect(r.verdict).toBe('block');
      expect(markingFound(r)).toBe(true);
      expect(r.coverage.unread.some((u) => u.where === 'word/header1.xml' && /entry-mismatch/.test(u.detail) && /local header of word\/header1\.xml disagree/.test(u.detail))).toBe(true);
      const plain = withHeader('办公室');
      Object.assign(plain[plain.length - 1], { method, central: { compressedSize: 0, size: 0, crc: 0 } });
      expect((await scan(writeZip(plain))).verdict).toBe('review');
    });
  }

  it('a package with text after its end record is not pass; zero padding there is nothing', async () => {
    const r = await scan(writeZip(withHeader('办公室'), { trailing: strToU8('机密★5年 关于港区规划调整的通知') }));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /entry-mismatch/.test(u.detail) && /follow the end of the archive/.test(u.detail))).toBe(true);
    const padded = await scan(writeZip(withHeader('办公室'), { trailing: new Uint8Array(100) }));
    expect(padded.verdict).toBe('pass');
  });

  for (const [label, extra] of [
    ['deflated, descriptor with signature', { descriptor: true }],
    ['deflated, descriptor without signature', { descriptor: true, descriptorWithoutSignature: true }],
    ['stored, descriptor with signature', { descriptor: true, method: 0 }],
    ['stored, descriptor without signature', { descriptor: true, method: 0, descriptorWithoutSignature: true }],
  ] as const) {
    it(`reads data-descriptor entries, listed or not (${label})`, async () => {
      const listed = withHeader('机密★5年').map((e) => ({ ...e, ...extra }));
      const a = await scan(writeZip(listed));
      expect(a.verdict).toBe('block');
      expect(a.coverage.unread).toEqual([]);
      const hidden = listed.map((e, i) => (i === listed.length - 1 ? { ...e, notInCentral: true } : e));
      const b = await scan(writeZip(hidden));
      expect(b.verdict).toBe('block');
      const h = b.coverage.parts.find((p) => p.origin.filePart === 'word/header1.xml');
      expect(h).toBeDefined();
    });
  }

  it('reads a ZIP64 archive (saturated 32-bit fields, ZIP64 end record)', async () => {
    const r = await scan(writeZip(withHeader('机密★5年'), { zip64: true }));
    expect(r.verdict).toBe('block');
    expect(r.coverage.unread).toEqual([]);
    const plain = await scan(writeZip(withHeader('办公室'), { zip64: true }));
    expect(plain.coverage.unread).toEqual([]);
    expect(plain.verdict).toBe('pass');
  });

  it('an entry whose deflate data is damaged is unread, never silent', async () => {
    const entries = withHeader('机密★5年');
    entries[entries.length - 1].mangle = (b) => b.map((v, i) => (i > 4 ? v ^ 0xa5 : v));
    const r = await scan(writeZip(entries));
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.where.includes('word/header1.xml'))).toBe(true);
  });

  it('a cleanly written archive has no mismatch', async () => {
    const r = await scan(writeZip(withHeader('办公室')));
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('an entry that does not match its checksum is read and reported', async () => {
    const entries = withHeader('机密★5年 办公室');
    const h = entries[entries.length - 1];
    h.method = 0;
    const ban = strToU8('办');
    h.mangle = (b) => {
      const out = b.slice();
      for (let i = 0; i + 2 < out.length; i++) if (out[i] === ban[0] && out[i + 1] === ban[1] && out[i + 2] === ban[2]) out[i + 2] ^= 1;
      return out;
    };
    const r = await scan(writeZip(entries));
    expect(r.verdict).toBe('block');
    expect(r.coverage.unread.find((u) => u.where === 'word/header1.xml')?.detail).toMatch(/checksum/);
  });
});

describe('whatever the archive says about itself, a readable marking blocks', () => {
  it('holds for duplicates, wrong counts, unlisted entries, stored or deflated, with or without descriptors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        fc.constantFrom(-1, 0, 1),
        fc.boolean(),
        fc.array(fc.record({ method: fc.constantFrom(0 as const, 8 as const), descriptor: fc.boolean(), descriptorWithoutSignature: fc.boolean() }), { minLength: 8, maxLength: 8 }),
        async (copies, markedAt, countDelta, hideLast, styles) => {
          const bodies = Array.from({ length: copies }, (_, i) => (i === markedAt % copies ? MARKED : PLAIN));
          const entries: RawEntry[] = [...base(), ...bodies.map((b) => ({ name: 'word/document.xml', data: document(b) })), { name: 'docProps/app.xml', data: '<Properties><Company>办公室</Company></Properties>' }];
          entries.forEach((e, i) => Object.assign(e, styles[i % styles.length]));
          if (hideLast) entries[entries.length - 1].notInCentral = true;
          const listed = entries.filter((e) => !e.notInCentral).length;
          const r = await scan(writeZip(entries, { eocdCount: Math.max(0, listed + countDelta) }));
          expect(r.verdict).toBe('block');
          expect(markingFound(r)).toBe(true);
          if (countDelta !== 0 || hideLast) expect(r.coverage.unread.some((u) => u.detail.includes('entry-mismatch'))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
