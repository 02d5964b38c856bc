/**
 * `--format json` made file by file (jsonResult as each file finishes, renderJson at the end) is
 * byte for byte the whole report stringified at once, in every language, for scanned files, files
 * that could not be read, interrupted runs and no files at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildReport, errorFileReport, fileReportFromScan, jsonResult, localizeReport, renderJson, renderReport, type FileReport, type Report } from '@prepub/report';

const wholeAtOnce = (report: Report, lang?: 'en' | 'zh') => JSON.stringify(lang ? localizeReport(report, lang) : report, null, 2) + '\n';
const fileByFile = (report: Report, lang?: 'en' | 'zh') => {
  const made = new Map<FileReport, string>(report.results.map((r) => [r, jsonResult(r, lang)]));
  return renderJson(report, lang, (r) => made.get(r));
};

let scanner: Scanner;
let results: FileReport[];
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
  const docs: Array<[string, string]> = [
    ['notice.txt', '000012\n机密★5年\n特急\n\n江临市保密局文件\n联系人 "王五" <wang@example.cn> 13912345678\n'],
    ['news.txt', '本报讯 保密宣传月活动今天开幕。\n'],
    ['empty.txt', ''],
  ];
  results = [];
  for (const [name, text] of docs) results.push(fileReportFromScan(name, await scanner.scan(new TextEncoder().encode(text), { filename: name })));
  results.push(errorFileReport('gone/"odd"\nname.txt', 'ENOENT', 'no such file or folder: gone/"odd"\nname.txt'));
});
afterAll(async () => {
  await scanner.close();
});

describe('JSON made file by file', () => {
  it('equals the whole report stringified at once', () => {
    expect(results.map((r) => r.verdict)).toEqual(['block', 'pass', 'review', 'review']);
    for (const lang of [undefined, 'en', 'zh'] as const) {
      const report = buildReport(results, 1234);
      expect(fileByFile(report, lang)).toBe(wholeAtOnce(report, lang));
      // Results not made in advance are made at the end.
      expect(renderJson(report, lang)).toBe(wholeAtOnce(report, lang));
      expect(renderReport(report, 'json', { color: false, cwd: '/', ...(lang ? { lang } : {}) })).toBe(wholeAtOnce(report, lang));
    }
    const zh = fileByFile(buildReport(results, 1), 'zh');
    expect(zh).not.toBe(fileByFile(buildReport(results, 1), 'en'));
  });

  it('holds for interrupted runs and for no files', () => {
    const interrupted = buildReport(results, 5, { interrupted: true });
    expect(fileByFile(interrupted, 'en')).toBe(wholeAtOnce(interrupted, 'en'));
    expect(fileByFile(interrupted, 'en')).toMatch(/"interrupted": true\n}\n$/);
    const none = buildReport([], 0);
    expect(fileByFile(none, 'en')).toBe(wholeAtOnce(none, 'en'));
  });

  it('holds whatever the paths and messages hold', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), { maxLength: 4 }), fc.constantFrom(undefined, 'en' as const, 'zh' as const), (files, lang) => {
        const report = buildReport([...files.map(([p, m]) => errorFileReport(p, 'READ', m)), results[0]!], 7);
        expect(fileByFile(report, lang)).toBe(wholeAtOnce(report, lang));
      }),
      { numRuns: 200 },
    );
  });
});
