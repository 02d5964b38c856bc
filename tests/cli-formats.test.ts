import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv, parseCsvRows, runCli, tempTree, validateSarif } from '../packages/cli/test/support.ts';
import { csvField, CSV_COLUMNS } from '../packages/report/src/index.ts';
import { parseJsonSource } from '../packages/cli/src/validate.ts';
import { NEWS, ROSTER, SECRET_NOTICE } from './cli-fixtures.ts';

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; helpUri: string }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { charOffset: number; charLength: number; startLine: number; startColumn: number } } }>;
      properties: Record<string, unknown>;
    }>;
  }>;
}

describe('prepub scan --format sarif', () => {
  it('writes SARIF 2.1.0 that validates against the official schema, with rules, levels, regions and unread results', async () => {
    const dir = tempTree({ 'notice.txt': SECRET_NOTICE, 'roster.txt': ROSTER, 'news.txt': NEWS });
    const run = await runCli(['scan', 'notice.txt', 'roster.txt', 'news.txt', 'missing.docx', '--format', 'sarif'], { cwd: dir });
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(validateSarif(log)).toBe('');
    // The validator does reject a broken log: a result level SARIF does not know.
    const broken = JSON.parse(run.stdout) as SarifLog;
    broken.runs[0].results[0].level = 'block';
    expect(validateSarif(broken)).toMatch(/level/);
    expect(log.version).toBe('2.1.0');
    const sarifRun = log.runs[0];
    expect(sarifRun.tool.driver.name).toBe('prepub');
    const rules = sarifRun.tool.driver.rules;
    const marking = rules.find((r) => r.id === 'marking.cn-state-secret');
    expect(marking?.shortDescription.text).toMatch(/state-secret/);
    expect(marking?.helpUri).toMatch(/README\.md#rule-marking-cn-state-secret$/);

    const block = sarifRun.results.find((r) => r.ruleId === 'marking.cn-state-secret')!;
    expect(block.level).toBe('error');
    expect(rules[block.ruleIndex].id).toBe(block.ruleId);
    const loc = block.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe('notice.txt');
    // The region points at the marking itself: "机密★5年" on line 2 of the notice.
    expect(loc.region).toMatchObject({ startLine: 2, startColumn: 1, charLength: 5 });
    expect(SECRET_NOTICE.slice(loc.region!.charOffset, loc.region!.charOffset + loc.region!.charLength)).toBe('机密★5年');

    const mobile = sarifRun.results.filter((r) => r.ruleId === 'pii.mobile');
    expect(mobile).toHaveLength(2);
    expect(mobile.every((r) => r.level === 'warning')).toBe(true);

    const unread = sarifRun.results.filter((r) => r.ruleId === 'unread');
    expect(unread).toHaveLength(1);
    expect(unread[0].locations[0].physicalLocation.artifactLocation.uri).toBe('missing.docx');
    expect(unread[0].level).toBe('warning');
  });
});

describe('prepub scan --format csv', () => {
  it('writes one RFC 4180 row per finding plus rows for unread items and clean files', async () => {
    const dir = tempTree({ 'notice.txt': SECRET_NOTICE, 'roster.txt': ROSTER, 'news.txt': NEWS });
    const run = await runCli(['scan', 'notice.txt', 'roster.txt', 'news.txt', 'gone.pdf', '--format', 'csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith('\uFEFF')).toBe(true);
    expect(run.stdout).toMatch(/\r\n$/);
    const rows = parseCsv(run.stdout);
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const marking = rows.find((r) => r.ruleId === 'marking.cn-state-secret')!;
    expect(marking).toMatchObject({ path: 'notice.txt', verdict: 'block', status: 'finding', severity: 'block', part: 'body', role: 'body', line: '2', column: '1' });
    expect(SECRET_NOTICE.slice(Number(marking.start), Number(marking.end))).toBe('机密★5年');
    expect(rows.filter((r) => r.path === 'roster.txt' && r.status === 'finding').map((r) => r.ruleId).sort()).toEqual(['pii.email', 'pii.mobile', 'pii.mobile']);
    expect(rows.find((r) => r.path === 'news.txt')).toMatchObject({ status: 'clean', verdict: 'pass', ruleId: '' });
    expect(rows.find((r) => r.path === 'gone.pdf' && r.status === 'unread')).toMatchObject({ verdict: 'review', ruleId: 'unread' });
  });

  it('quotes any field so a CSV parser gets it back unchanged (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (table) => {
        const width = table[0].length;
        const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        // A lone empty field on a line is an empty line to CSV readers; give every row a marker column.
        const text = rows.map((r) => ['x', ...r].map(csvField).join(',')).join('\r\n') + '\r\n';
        expect(parseCsvRows(text)).toEqual(rows.map((r) => ['x', ...r]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('config parsing', () => {
  it('reads comments around any JSON value without touching strings (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = `// leading comment\n/* block\n comment */ ${JSON.stringify(value, null, 1)} // trailing`;
        expect(parseJsonSource(text, 'x.json').value).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});
