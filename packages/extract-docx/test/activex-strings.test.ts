import CFB from 'cfb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, para, REL } from './helpers.ts';

/**
 * An ActiveX text box (Forms 2.0) shows its value on the page; Word keeps it in the control's
 * binary part (word/activeX/activeX1.bin: a compound file's `contents` stream, or the stream
 * itself), in UTF-16. That part stays unread (review), but its words were not read at all, so a
 * marking there was never found. Now they are read as hidden text located at the part.
 */
const NOTICE = ['关于做好汛期物资调度工作的通知', '各区县应急管理局：'].map((t) => para(t)).join('');
/** Forms 2.0 text box data holding `value` (a header, then the value's size and UTF-16 characters). */
const contents = (value: string) => {
  const v = Buffer.from(value, 'utf16le');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(v.length, 0);
  return Buffer.concat([Buffer.from([0x00, 0x02, 0x18, 0x00, 0x1f, 0x00, 0x00, 0x80]), size, v]);
};
function storage(value: string): Uint8Array {
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, 'contents', contents(value));
  CFB.utils.cfb_add(c, '\x03OCXNAME', Buffer.from('TextBox1\0', 'utf16le'));
  return new Uint8Array(CFB.write(c, { type: 'buffer' }) as Buffer);
}
const control = (persistence: string, bin: Uint8Array) =>
  docx(`<w:p><w:r><w:object><w:control r:id="rAx" w:name="TextBox1"/></w:object></w:r></w:p>${NOTICE}`, {
    'word/activeX/activeX1.xml': `<?xml version="1.0"?><ax:ocx ax:classid="{8BD21D10-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="${persistence}" r:id="rBin" xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" xmlns:r="${REL}"/>`,
    'word/activeX/_rels/activeX1.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rBin" Type="http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary" Target="activeX1.bin"/></Relationships>`,
    'word/activeX/activeX1.bin': bin,
  }, [`<Relationship Id="rAx" Type="${REL}/control" Target="activeX/activeX1.xml"/>`]);
const ways = (value: string) => ({ storage: control('persistStorage', storage(value)), stream: control('persistStreamInit', new Uint8Array(contents(value))) });

let scanner: Awaited<ReturnType<typeof createScanner>>;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('an ActiveX control binary that is not read', () => {
  it('stays unread, and a marking in its value is found, located at the part', async () => {
    for (const [how, bytes] of Object.entries(ways('机密★5年'))) {
      const x = await extractDocx(bytes, ctx());
      const words = x.parts.find((p) => p.id === 'word/activeX/activeX1.bin#strings');
      expect(words?.role, how).toBe('hidden');
      expect(words?.text.split('\n'), how).toContain('机密★5年');
      expect(x.unread.map((u) => u.where), how).toContain('word/activeX/activeX1.bin');
      const r = await scanner.scan(bytes, { filename: 'notice.docx' });
      expect(r.verdict, how).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.filePart, how).toBe('word/activeX/activeX1.bin');
    }
  });

  it('with a harmless value it is still review, for the part is not read, and nothing is found', async () => {
    for (const [how, bytes] of Object.entries(ways('保密宣传月活动报名'))) {
      const r = await scanner.scan(bytes, { filename: 'news.docx' });
      expect(r.verdict, how).toBe('review');
      expect(r.findings.filter((f) => f.category === 'classification-marking'), how).toEqual([]);
    }
  });
});
