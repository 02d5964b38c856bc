/** Embedded OLE objects: the file an object wraps is handed to the scan; what cannot be taken out is reported. */
import { describe, expect, it } from 'vitest';
import CFB from 'cfb';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, para, REL } from './helpers.ts';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function compound(streams: Record<string, Uint8Array>): Uint8Array {
  const c = CFB.utils.cfb_new();
  for (const [name, bytes] of Object.entries(streams)) CFB.utils.cfb_add(c, name, Buffer.from(bytes));
  return new Uint8Array(CFB.write(c, { type: 'buffer' }) as Buffer);
}

/** A Packager object: size, type, label, source path, reserved, temporary path, data. */
function ole10Native(fileName: string, data: Uint8Array): Uint8Array {
  const z = (s: string) => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.from([0])]);
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const tmp = z(`C:\\Temp\\${fileName}`);
  const body = Buffer.concat([Buffer.from([2, 0]), z(fileName), z(`C:\\src\\${fileName}`), u32(0x30000), u32(tmp.length), tmp, u32(data.length), Buffer.from(data)]);
  return new Uint8Array(Buffer.concat([u32(body.length), body]));
}

const withObject = (bin: Uint8Array) =>
  docx(para('正文'), { 'word/embeddings/oleObject1.bin': bin }, [`<Relationship Id="rId30" Type="${REL}/oleObject" Target="embeddings/oleObject1.bin"/>`]);

describe('embedded OLE objects', () => {
  it('hands a PDF placed as an object (CONTENTS stream) to the scan', async () => {
    const r = await extractDocx(withObject(compound({ '\x01CompObj': new Uint8Array([1, 2, 3]), CONTENTS: PDF })), ctx());
    expect(r.embedded!.map((e) => e.name)).toEqual(['CONTENTS.pdf']);
    expect(Buffer.from(r.embedded![0].bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(r.unread.filter((u) => u.reason === 'embedded-object').map((u) => u.detail)).toEqual([]);
  });

  it('hands the file of a Packager object to the scan under its own name', async () => {
    const data = new TextEncoder().encode('机密★5年 附件');
    const r = await extractDocx(withObject(compound({ '\x01Ole10Native': ole10Native('附件.txt', data) })), ctx());
    expect(r.embedded!.map((e) => Buffer.from(e.bytes).toString('utf8'))).toEqual(['机密★5年 附件']);
  });

  it('reports an object whose streams it cannot take out', async () => {
    const r = await extractDocx(withObject(compound({ WordDocument: new Uint8Array(64).fill(7) })), ctx());
    expect(r.embedded).toEqual([]);
    expect(r.unread.map((u) => u.reason)).toContain('embedded-object');
  });
});
