/**
 * The file's name is read as a part: a level written into it (`机密★5年-……docx`, an archive entry
 * named so) is a marking on the document, whatever its content; a name about secrecy is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { newEntry, writeZip } from '../bench/fuzz/bytes.ts';

const LETTER = new TextEncoder().encode('江临市统计局关于开展统计业务培训的通知\n各区统计局：定于5月开展统计业务培训，请按时参加。\n江临市统计局办公室\n');

describe('file names', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(async () => {
    await scanner.close();
  });

  it('a marking in the name of a benign letter blocks it', async () => {
    for (const name of ['机密★5年-关于开展统计业务培训的通知.txt', '/上传/绝密★长期 统计业务培训.txt', '機密★5年_培训通知.txt']) {
      const r = await scanner.scan(LETTER, { filename: name });
      expect(r.verdict, name).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part, name).toBe('file-name');
    }
  });

  it('a name kept in an encoding is read as the name it encodes', async () => {
    const name = '机密★5年-关于开展统计业务培训的通知';
    const gbk = (t: string): Buffer => {
      // GBK bytes of the name, by decoding GBK's table (TextEncoder writes UTF-8 only).
      const dec = new TextDecoder('gbk');
      const out: number[] = [];
      for (const ch of t) {
        if (ch.charCodeAt(0) < 0x80) {
          out.push(ch.charCodeAt(0));
          continue;
        }
        search: for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (dec.decode(Uint8Array.of(a, b)) === ch) {
          out.push(a, b);
          break search;
        }
      }
      return Buffer.from(out);
    };
    const pct = (b: Buffer): string => [...b].map((x) => (x < 0x80 && /[\w.-]/.test(String.fromCharCode(x)) ? String.fromCharCode(x) : `%${x.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
    for (const encoded of [
      `${encodeURIComponent(name)}.txt`, // a download saved with its URL's escapes
      `${pct(gbk(name))}.txt`, // the same from an older system, in GBK
      `${encodeURIComponent(encodeURIComponent(name))}.txt`, // escaped twice
      `=?UTF-8?B?${Buffer.from(`${name}.txt`).toString('base64').replace(/\//g, '_')}?=`, // a mail attachment's name, undecoded
      `=?GB2312?B?${gbk(name).toString('base64').replace(/\//g, '_')}?=.txt`,
      `${gbk(name).toString('latin1')}.txt`, // GBK bytes shown as Latin-1 (an archive unpacked under another code page)
      `${[...name].map((c) => (c.charCodeAt(0) < 0x80 ? c : `#U${c.charCodeAt(0).toString(16)}`)).join('')}.txt`, // old Mac / Samba mangling
      `${[...name].map((c) => (c.charCodeAt(0) < 0x80 ? c : `_x${c.charCodeAt(0).toString(16).padStart(4, '0')}_`)).join('')}.txt`, // OOXML's _xHHHH_ escape
      `${[...Buffer.from(name)].map((b) => (b < 0x80 ? String.fromCharCode(b) : `:${b.toString(16)}`)).join('')}.txt`, // Samba's CAP encoding
    ]) {
      const r = await scanner.scan(LETTER, { filename: encoded });
      expect(r.verdict, encoded).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part, encoded).toBe('file-name');
    }
    // A percent sign that escapes nothing, and Latin names, stay as they are.
    for (const plain of ['完成率100%.txt', 'Café_Résumé.txt', 'report%20final.txt', '会议纪要-09:30:45.txt', 'Sheet_x0031__summary.txt']) expect((await scanner.scan(LETTER, { filename: plain })).verdict, plain).toBe('pass');
  });

  it('a marking in the name of an archive entry does not pass', async () => {
    const zip = writeZip([newEntry('秘密★10年-培训名单.txt', LETTER), newEntry('readme.txt', 'training schedule')]);
    const r = await scanner.scan(zip, { filename: 'materials.zip' });
    expect(r.verdict).not.toBe('pass');
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
  });

  it('names about secrecy, and plain names, pass and add no part', async () => {
    for (const name of ['保密宣传月活动安排.txt', '数据的机密性-培训讲义.txt', 'training-notice.txt']) {
      const r = await scanner.scan(LETTER, { filename: name });
      expect(r.verdict, name).toBe('pass');
    }
    const plain = await scanner.scan(LETTER, { filename: 'dir/training-notice.txt' });
    expect(plain.coverage.parts.map((p) => p.id)).not.toContain('file-name');
  });
});
