/**
 * A PDF page that spins inside one synchronous call (pdf.js did, ~150 s in one font path of an
 * appearance stream) is stopped by the pool at the page time limit, from outside the reading worker:
 * no timer of the worker's own can fire there. The worker says which page it began in shared memory
 * (begun.ts) and keeps the text of each page it read (progress.ts), so the pages before the one
 * stopped are still checked. Real scanner, real pool and worker, real pdf.js; the spin is a real
 * busy loop the worker runs as the page begins (`PREPUB_TEST_SPIN_PAGE`, test-only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner, type ScanResult } from '@prepub/scanner';
import { buildPdf } from './fixtures/pathological.ts';

const FONT =
  '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
  '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 ' +
  '/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>';
const ucs2 = (s: string): string => `<${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

/** A PDF with one page per entry, each line of it drawn in a Chinese font from the top. */
function pagesPdf(pages: string[][]): Uint8Array {
  const n = pages.length;
  const kids = pages.map((_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`, FONT];
  for (const lines of pages) {
    const contentRef = objects.length + 2;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contentRef} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    let content = 'BT /F1 14 Tf 18 TL 72 760 Td\n';
    for (const l of lines) content += `${ucs2(l)} Tj T*\n`;
    content += 'ET';
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }
  return buildPdf(objects);
}

const MARKED = pagesPdf([
  ['000031', '机密★5年', '江临市人民政府办公室文件', '关于开展二〇二六年度保密自查工作的通知'],
  ['各区县人民政府，市政府各部门：', '现将年度保密自查工作有关事项通知如下，请认真贯彻执行。'],
  ['江临市人民政府办公室', '二〇二六年十一月二十日'],
]);
// The benign twin: the same shape of notice, nothing marked.
const PLAIN = pagesPdf([
  ['江临市文化馆', '关于举办冬季读书分享会的通知'],
  ['各社区文化站：', '为丰富市民冬季文化生活，定于十二月中旬举办读书分享会，欢迎报名。'],
  ['江临市文化馆', '二〇二六年十一月二十日'],
]);

const PAGE_MS = 1000;
const GRACE_MS = 500;
const FILE_MS = 60_000;

// Read by each worker thread as it starts: files of these names spin at that page for 30 s.
const spinEnv = process.env.PREPUB_TEST_SPIN_PAGE;
let s: Scanner;
beforeAll(async () => {
  process.env.PREPUB_TEST_SPIN_PAGE = 'spin-page-3.pdf:3:30000,spin-page-1.pdf:1:30000';
  s = await createScanner({ ocr: false, limits: { pageTimeoutMs: PAGE_MS, fileTimeoutMs: FILE_MS }, isolation: { workers: 1, graceMs: GRACE_MS } });
  // Warm: pdf.js and its CJK maps loaded, so the times below are the spinning page's.
  expect((await s.scan(PLAIN, { filename: 'warm.pdf' })).verdict).toBe('pass');
}, 60_000);
afterAll(async () => {
  if (spinEnv === undefined) delete process.env.PREPUB_TEST_SPIN_PAGE;
  else process.env.PREPUB_TEST_SPIN_PAGE = spinEnv;
  await s?.close();
});

async function timed(bytes: Uint8Array, filename: string): Promise<{ r: ScanResult; ms: number }> {
  const t0 = performance.now();
  const r = await s.scan(bytes.slice(), { filename });
  const ms = performance.now() - t0;
  return { r, ms };
}

describe('a PDF page that spins synchronously', () => {
  it('is stopped at the page time limit, far before the file deadline; the page before it still blocks', async () => {
    const { r, ms } = await timed(MARKED, 'spin-page-3.pdf');
    // Page limit + grace (1.5 s) and pages 1-2: far from the 60 s file deadline, and from the 30 s spin.
    expect(ms).toBeLessThan(12_000);
    expect(r.verdict).toBe('block');
    const page3 = r.coverage.unread.find((u) => u.where === 'page 3');
    expect(page3?.reason).toBe('timeout');
    // Stopped at the limit and grace, give or take the pool's timer (one look at the step's due time).
    const ran = Number(/still being read after (\d+) ms/.exec(page3?.detail ?? '')?.[1]);
    expect(ran).toBeGreaterThanOrEqual(PAGE_MS + GRACE_MS);
    expect(ran).toBeLessThan(PAGE_MS + GRACE_MS + 1000);
    expect(page3?.detail).toMatch(/^Page 3 took longer than 1000 ms: .*the reader was stopped/);
    expect(r.coverage.unread.some((u) => u.where === 'file' && u.reason === 'timeout' && /pages after page 3/.test(u.detail))).toBe(true);
    expect(r.findings.some((f) => f.location.part === 'page-1')).toBe(true);
  }, 45_000);

  it('leaves a file with nothing marked on the pages read for review, never pass', async () => {
    const { r, ms } = await timed(PLAIN, 'spin-page-3.pdf');
    // A fresh worker first (the last one was stopped), then the same stop.
    expect(ms).toBeLessThan(12_000);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.find((u) => u.where === 'page 3')?.reason).toBe('timeout');
  }, 45_000);

  it('stopped on its first page leaves the file for review, the page named', async () => {
    const { r, ms } = await timed(MARKED, 'spin-page-1.pdf');
    expect(ms).toBeLessThan(12_000);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.find((u) => u.where === 'page 1')?.detail).toMatch(/^Page 1 took longer than 1000 ms/);
    expect(r.coverage.unread.some((u) => u.where === 'file' && /No page had been read/.test(u.detail))).toBe(true);
  }, 45_000);

  it('leaves the files scanned after it to a fresh worker: they pass and block as ever', async () => {
    const { r: plain, ms } = await timed(PLAIN, 'next.pdf');
    expect(plain.verdict).toBe('pass');
    expect(plain.coverage.unread).toEqual([]);
    expect(ms).toBeLessThan(12_000);
    const marked = await timed(MARKED, 'next-marked.pdf');
    expect(marked.r.verdict).toBe('block');
    expect(marked.r.coverage.unread).toEqual([]);
  }, 45_000);
});
