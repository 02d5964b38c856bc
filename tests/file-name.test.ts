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
