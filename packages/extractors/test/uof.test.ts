/**
 * UOF text (GB/T 20916, `.uot`; LibreOffice's "Unified Office Format text"). A notice laid out after
 * GB/T 9704 — 份号 000012, then 机密★5年 styled apart in five runs, then 特急 — saved as UOF passed:
 * read as XML, each run's text stood on a line of its own in the element reading, and in the flowing
 * one the run properties' values (`<字:孤行控制>2</字:孤行控制>`) ran into it (`000012022机密★5年特急`),
 * inside running text. The document is now also read as it shows (`uof:shown`): only the text
 * strings, a paragraph a line. The same notice marked 公开 passes. The file is written here as
 * LibreOffice writes it (namespaces, run and paragraph properties, locIDs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { uofReading } from '../src/uof.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const NS =
  'xmlns:uof="http://schemas.uof.org/cn/2003/uof" xmlns:表="http://schemas.uof.org/cn/2003/uof-spreadsheet" xmlns:演="http://schemas.uof.org/cn/2003/uof-slideshow" xmlns:字="http://schemas.uof.org/cn/2003/uof-wordproc" xmlns:图="http://schemas.uof.org/cn/2003/graph"';

/** The paragraph properties LibreOffice writes: values of their own that are no text of the page. */
const PARA_PROPS =
  '<字:段落属性 uof:locID="t0052" uof:attrList="式样引用" 字:式样引用="Standard"><字:调整字间距 uof:locID="t0105">0</字:调整字间距>' +
  '<字:孤行控制 uof:locID="t0060">2</字:孤行控制><字:寡行控制 uof:locID="t0061">2</字:寡行控制></字:段落属性>';

const run = (s: string, style: string): string =>
  `<字:句 uof:locID="t0085"><字:句属性 uof:locID="t0086" uof:attrList="式样引用" 字:式样引用="${style}"/><字:文本串 uof:locID="t0109" uof:attrList="标识符">${s}</字:文本串></字:句>`;
const para = (...runs: string[]): string => `<字:段落 uof:locID="t0051" uof:attrList="标识符">${PARA_PROPS}${runs.join('')}</字:段落>`;

/** The notice: 份号, then the marking one character a run (`top`), then 特急, the heading and the body. */
const notice = (top: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?><uof:UOF ${NS} uof:language="cn" uof:version="1.0" uof:mimetype="vnd.uof.text">` +
  '<uof:元数据><uof:标题 uof:locID="u0002">关于开展汛前安全检查的通知</uof:标题></uof:元数据>' +
  '<uof:文字处理 uof:locID="u0047"><字:文字处理文档 uof:locID="t0000">' +
  para(run('000012', 'T1')) +
  para(...top.map((c, k) => run(c, `T${2 + (k % 2)}`))) +
  para(run('特急', 'T1')) +
  para(run('某市应急管理局关于开展', 'P2'), run('2024', 'T4'), run('年汛前安全检查的通知', 'P2')) +
  para(run('各区应急管理局：', 'P3')) +
  para(run('为做好今年防汛准备工作，定于5月10日至20日开展汛前安全检查，现将有关事项通知如下。', 'P3')) +
  '</字:文字处理文档></uof:文字处理></uof:UOF>';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('UOF text read as it shows', () => {
  it('机密★5年 styled apart in five runs, between 份号 and 特急, blocks', async () => {
    const r = await scanner.scan(utf8(notice(['机', '密', '★', '5', '年'])), { filename: 'notice.uot' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'uof:shown')).toBe(true);
  });

  it('the same notice marked 公开 passes', async () => {
    const r = await scanner.scan(utf8(notice(['公', '开'])), { filename: 'notice.uot' });
    expect(r.verdict).toBe('pass');
  });

  it('reads only the text strings, a paragraph or row a line, cells apart', () => {
    const sheet =
      `<uof:UOF ${NS}><表:行 表:行号="1"><表:单元格><表:数据 表:数据类型="text"><字:句><字:文本串>密级</字:文本串></字:句></表:数据></表:单元格>` +
      `<表:单元格><表:数据><字:句><字:文本串>A &amp; B&#x5BC6;</字:文本串></字:句></表:数据></表:单元格></表:行></uof:UOF>`;
    expect(uofReading(sheet, 'uof:shown', {})?.text).toBe('密级\tA & B密');
    expect(uofReading(notice(['机', '密']), 'uof:shown', {})?.text.split('\n').slice(0, 3)).toEqual(['000012', '机密', '特急']);
    // A text table's row: each cell's paragraphs on the row's line, the cells apart.
    const table = `<uof:UOF ${NS}>${para(run('名单', 'P1'))}<字:文字表><字:行><字:单元格>${para(run('密级', 'P1'))}</字:单元格><字:单元格>${para(run('机', 'P1'), run('密', 'P1'))}${para(run('（内部）', 'P1'))}</字:单元格></字:行><字:行><字:单元格>${para(run('序号', 'P1'))}</字:单元格></字:行></字:文字表></uof:UOF>`;
    expect(uofReading(table, 'uof:shown', {})?.text).toBe('名单\n密级\t机密 （内部）\n序号');
  });
});
