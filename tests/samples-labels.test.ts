/**
 * Checks the labelled sample corpus itself, not the scanner: labels name real files, every sample
 * is labelled, the generated files are what the generator makes, encoded files really are in their
 * encoding, and identity numbers are valid exactly where the labels rely on them being valid.
 *
 * The check-character algorithms here are written independently of the generator's (as
 * congruences rather than lookup tables), so a mistake in one is caught by the other.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildSamples,
  makeCard,
  makeIdCard,
  makeInvalidCard,
  makeInvalidIdCard,
  makeInvalidUscc,
  makeUscc,
  ROSTER_IDS,
  SUPPLIER_CARDS,
  SUPPLIER_USCCS,
  INVALID_IDS,
  INVALID_USCCS,
  INVALID_CARDS,
} from '../samples/scripts/make-text-samples.ts';
import { sniffFormat } from '../packages/extractors/src/sniff.ts';

const SAMPLES = join(import.meta.dirname, '..', 'samples');
/** The folders whose content this corpus owns; the other folders are only checked for label consistency. */
const TEXT_FOLDERS = ['text', 'html', 'md'] as const;
/** Files in a sample folder that are not samples. */
const NOT_SAMPLES = new Set(['labels.json', 'README.md', 'truth.json']);
const VERDICTS = ['block', 'review', 'pass'];
const RULE_ID = /^(marking\.(cn-state-secret|cn-lower|foreign)|term\.[a-z0-9-]+|pii\.(cn-id-card|uscc|bank-card|mobile|email))$/;

interface Label {
  verdict: string;
  accept?: string[];
  findings?: Array<Record<string, unknown>>;
  note?: string;
}

const labelledFolders = readdirSync(SAMPLES).filter((d) => existsSync(join(SAMPLES, d, 'labels.json')));

function labelsOf(folder: string): Record<string, Label> {
  const json = JSON.parse(readFileSync(join(SAMPLES, folder, 'labels.json'), 'utf8')) as { version: number; files: Record<string, Label> };
  expect(json.version).toBe(1);
  return json.files;
}

function bytesOf(folder: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES, folder, name)));
}

/** Decodes a sample by the encoding its name declares; every other sample is UTF-8 without BOM. */
function decode(name: string, bytes: Uint8Array): string {
  if (/-(gbk|gb18030)\./.test(name)) return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  if (/-utf16le\./.test(name)) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
  if (/-utf16be\./.test(name)) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
  // TextDecoder drops a leading BOM by default.
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function textOf(folder: string, name: string): string {
  return decode(name, bytesOf(folder, name));
}

// ---------------------------------------------------------------------------------------------
// Independent check-character algorithms.

/** GB 11643: Σ a_i · 2^(18-i) ≡ 1 (mod 11) over all 18 positions, with X = 10. */
function validIdCard(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const a = id[i] === 'X' ? 10 : Number(id[i]);
    sum += a * (2 ** (17 - i) % 11);
  }
  return sum % 11 === 1;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100: Σ v_i · 3^i (i = 0..16) + v_17 ≡ 0 (mod 31). */
function validUscc(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 18; i++) {
    const v = USCC_ALPHABET.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * (i === 17 ? 1 : weight);
    weight = (weight * 3) % 31;
  }
  return sum % 31 === 0;
}

/** Luhn: double every second digit from the right, the total is a multiple of 10. */
function validLuhn(number: string): boolean {
  if (!/^\d{2,}$/.test(number)) return false;
  const digits = [...number].reverse().map(Number);
  const total = digits.reduce((acc, d, i) => acc + (i % 2 === 1 ? (d * 2) % 9 || (d ? 9 : 0) : d), 0);
  return total % 10 === 0;
}

const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g;
const USCC_LIKE = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g;
const CARD_LIKE = /(?<!\d)\d{16,19}(?!\d)/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g;

const all = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[0]);

// ---------------------------------------------------------------------------------------------

describe('labels', () => {
  it('every labelled folder is found, including the text, html and md ones', () => {
    for (const f of TEXT_FOLDERS) expect(labelledFolders).toContain(f);
  });

  for (const folder of labelledFolders) {
    describe(`samples/${folder}`, () => {
      const labels = labelsOf(folder);

      it('every labelled file exists', () => {
        const missing = Object.keys(labels).filter((name) => !existsSync(join(SAMPLES, folder, name)));
        expect(missing).toEqual([]);
      });

      it('every sample file has a label', () => {
        const files = readdirSync(join(SAMPLES, folder)).filter(
          (n) => !NOT_SAMPLES.has(n) && statSync(join(SAMPLES, folder, n)).isFile(),
        );
        expect(files.filter((n) => !(n in labels))).toEqual([]);
      });

      it('verdicts, accepted verdicts and findings are well formed', () => {
        for (const [name, label] of Object.entries(labels)) {
          expect(VERDICTS, name).toContain(label.verdict);
          for (const a of label.accept ?? []) expect(VERDICTS, name).toContain(a);
          for (const f of label.findings ?? []) {
            expect(f.ruleId, name).toMatch(RULE_ID);
            for (const key of ['page', 'line', 'paragraph'] as const) {
              if (key in f) expect(Number.isInteger(f[key]) && (f[key] as number) >= 1, `${name}: ${key}`).toBe(true);
            }
          }
        }
      });
    });
  }

  for (const folder of TEXT_FOLDERS) {
    it(`samples/${folder}: every label says why`, () => {
      for (const [name, label] of Object.entries(labelsOf(folder))) {
        expect(label.note?.trim().length ?? 0, name).toBeGreaterThan(10);
      }
    });
  }

  it('the text corpus is balanced: at least 40 files, as many pass as block', () => {
    const verdicts = TEXT_FOLDERS.flatMap((f) => Object.values(labelsOf(f)).map((l) => l.verdict));
    const count = (v: string) => verdicts.filter((x) => x === v).length;
    expect(verdicts.length).toBeGreaterThanOrEqual(40);
    expect(count('review')).toBeGreaterThanOrEqual(5);
    expect(count('pass')).toBeGreaterThanOrEqual(count('block'));
  });

  it('a line named in a finding exists and is short enough to be a marking on its own line', () => {
    for (const folder of TEXT_FOLDERS) {
      for (const [name, label] of Object.entries(labelsOf(folder))) {
        for (const f of label.findings ?? []) {
          if (typeof f.line !== 'number') continue;
          const line = textOf(folder, name).split(/\r?\n/)[f.line - 1];
          expect(line, `${name} line ${f.line}`).toBeDefined();
          const trimmed = line.trim();
          expect(trimmed.length, `${name} line ${f.line}: ${trimmed}`).toBeGreaterThan(0);
          expect(trimmed.length, `${name} line ${f.line}: ${trimmed}`).toBeLessThanOrEqual(24);
        }
      }
    }
  });
});

describe('generated samples', () => {
  const generated = buildSamples();

  it('the committed files are exactly what the generator makes', () => {
    for (const s of generated) {
      const committed = bytesOf(s.folder, s.name);
      expect(Buffer.compare(Buffer.from(committed), Buffer.from(s.bytes)), `${s.folder}/${s.name} is stale: rerun the generator`).toBe(0);
      expect(labelsOf(s.folder)[s.name], `${s.folder}/${s.name} label`).toEqual(s.label);
    }
  });

  it('the zero-width notice hides U+200B inside its marking line', () => {
    const line = textOf('text', 'notice-zero-width.txt').split('\n')[1];
    expect(line).toContain('\u200b');
    expect(line.replace(/\u200b/g, '')).toBe('机密★5年');
  });
});

describe('encodings', () => {
  const files = TEXT_FOLDERS.flatMap((folder) => Object.keys(labelsOf(folder)).map((name) => ({ folder, name })));
  const cjk = /[\u4e00-\u9fff]/;

  it('GBK and GB18030 files are not UTF-8 and decode cleanly as GB18030', () => {
    const legacy = files.filter((f) => /-(gbk|gb18030)\./.test(f.name));
    expect(legacy.length).toBeGreaterThanOrEqual(5);
    for (const { folder, name } of legacy) {
      const bytes = bytesOf(folder, name);
      expect(isUtf8(bytes), name).toBe(false);
      expect(bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe, `${name} has a BOM`).toBe(false);
      expect(textOf(folder, name), name).toMatch(cjk);
    }
  });

  it('the GB18030 news item needs four-byte sequences GBK does not have', () => {
    const text = textOf('text', 'calligraphy-news-gb18030.txt');
    expect([...text].some((c) => c.codePointAt(0)! > 0xffff)).toBe(true);
    expect(text).toContain('赵孟\u{2B5AF}');
  });

  it('UTF-16 files carry their byte-order mark and decode strictly', () => {
    const le = files.filter((f) => /-utf16le\./.test(f.name));
    const be = files.filter((f) => /-utf16be\./.test(f.name));
    expect(le.length).toBeGreaterThanOrEqual(2);
    expect(be.length).toBeGreaterThanOrEqual(2);
    for (const { folder, name } of le) {
      const bytes = bytesOf(folder, name);
      expect([bytes[0], bytes[1]], name).toEqual([0xff, 0xfe]);
      expect(bytes.length % 2, name).toBe(0);
      expect(isUtf8(bytes), name).toBe(false);
      expect(textOf(folder, name), name).toMatch(cjk);
    }
    for (const { folder, name } of be) {
      const bytes = bytesOf(folder, name);
      expect([bytes[0], bytes[1]], name).toEqual([0xfe, 0xff]);
      expect(textOf(folder, name), name).toMatch(cjk);
      // Read the wrong way round, the same bytes must not look like Chinese text.
      expect(new TextDecoder('utf-16le').decode(bytes)).not.toContain(textOf(folder, name).slice(0, 8));
    }
  });

  it('UTF-8-with-BOM files start with EF BB BF; every other file is UTF-8 without BOM', () => {
    for (const { folder, name } of files) {
      if (/-(gbk|gb18030|utf16le|utf16be)\./.test(name)) continue;
      const bytes = bytesOf(folder, name);
      expect(isUtf8(bytes), name).toBe(true);
      const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      expect(hasBom, name).toBe(/-utf8bom\./.test(name));
    }
  });

  it('both verdicts occur in every encoding', () => {
    for (const enc of ['gbk', 'gb18030', 'utf16le', 'utf16be', 'utf8bom']) {
      const verdicts = new Set(
        TEXT_FOLDERS.flatMap((folder) =>
          Object.entries(labelsOf(folder))
            .filter(([name]) => name.includes(`-${enc}.`))
            .map(([, l]) => l.verdict),
        ),
      );
      expect(verdicts.has('block') && verdicts.has('pass'), enc).toBe(true);
    }
  });

  it('a .txt holding HTML and an .html holding plain text are told apart by content', () => {
    expect(sniffFormat(bytesOf('text', 'text-really-html.txt'), 'text-really-html.txt').format).toBe('html');
    expect(sniffFormat(bytesOf('html', 'html-really-text.html'), 'html-really-text.html').format).toBe('text');
    expect(textOf('html', 'html-really-text.html')).not.toContain('<');
  });
});

describe('identity numbers', () => {
  it('the independent checks accept published specimens and reject altered ones', () => {
    // Examples whose check characters are given in the standards' worked examples.
    expect(validIdCard('11010519491231002X')).toBe(true);
    expect(validIdCard('110105194912310021')).toBe(false);
    expect(validUscc('91350100M000100Y43')).toBe(true);
    expect(validUscc('91350100M000100Y44')).toBe(false);
    expect(validLuhn('79927398713')).toBe(true);
    expect(validLuhn('79927398710')).toBe(false);
  });

  it('the roster holds only valid 居民身份证号, matching the 性别 column, plus mobiles and e-mails', () => {
    const text = textOf('text', 'roster-staff.txt');
    const ids = all(text, ID_LIKE);
    expect(ids).toEqual(ROSTER_IDS);
    expect(ids.length).toBe(10);
    for (const id of ids) expect(validIdCard(id), id).toBe(true);
    const rows = text.split('\n').map((l) => l.split('\t')).filter((cells) => /^\d+$/.test(cells[0]));
    expect(rows.length).toBe(10);
    for (const [, , sex, id] of rows) {
      expect(Number(id[16]) % 2 === 1 ? '男' : '女', id).toBe(sex);
    }
    expect(all(text, MOBILE).length).toBe(10);
    expect(all(text, EMAIL).length).toBe(10);
  });

  it('the supplier list holds valid 统一社会信用代码 and Luhn-valid card numbers', () => {
    const text = textOf('text', 'suppliers.txt');
    const codes = all(text, USCC_LIKE);
    expect(codes).toEqual(SUPPLIER_USCCS);
    for (const c of codes) expect(validUscc(c), c).toBe(true);
    const cards = all(text, CARD_LIKE);
    expect(cards).toEqual(SUPPLIER_CARDS);
    for (const c of cards) expect(validLuhn(c), c).toBe(true);
  });

  it('the anti-fraud article quotes only numbers that fail every check', () => {
    const text = textOf('text', 'anti-fraud-invalid-ids.txt');
    expect(all(text, ID_LIKE)).toEqual(INVALID_IDS);
    expect(all(text, USCC_LIKE).filter((c) => /[A-Z]/.test(c))).toEqual(INVALID_USCCS);
    // 18-digit identity numbers have card length too; the loop below shows they fail Luhn as well.
    expect(all(text, CARD_LIKE).filter((n) => !INVALID_IDS.includes(n))).toEqual(INVALID_CARDS);
    for (const n of [...INVALID_IDS, ...INVALID_USCCS, ...INVALID_CARDS]) {
      expect(validIdCard(n), n).toBe(false);
      expect(validUscc(n), n).toBe(false);
      expect(validLuhn(n), n).toBe(false);
    }
  });

  it('no pass sample carries a valid identity number, company code, card number, mobile number or e-mail', () => {
    for (const folder of TEXT_FOLDERS) {
      for (const [name, label] of Object.entries(labelsOf(folder))) {
        if (label.verdict !== 'pass') continue;
        const text = textOf(folder, name);
        expect(all(text, ID_LIKE).filter(validIdCard), name).toEqual([]);
        expect(all(text, USCC_LIKE).filter(validUscc), name).toEqual([]);
        expect(all(text, CARD_LIKE).filter(validLuhn), name).toEqual([]);
        expect(all(text, MOBILE), name).toEqual([]);
        expect(all(text, EMAIL), name).toEqual([]);
      }
    }
  });

  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const orgChars = fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 8, maxLength: 8 });

  it('generated identity numbers pass and deliberately broken ones fail (property)', () => {
    fc.assert(
      fc.property(digits(6), digits(8), digits(3), (area, birth, seq) => {
        expect(validIdCard(makeIdCard(area, birth, seq))).toBe(true);
        const bad = makeInvalidIdCard(area, birth, seq);
        expect(validIdCard(bad) || validUscc(bad) || validLuhn(bad)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('generated company codes and card numbers pass and broken ones fail (property)', () => {
    fc.assert(
      fc.property(digits(6), orgChars, fc.integer({ min: 15, max: 18 }), digits(19), (area, org, len, cardDigits) => {
        expect(validUscc(makeUscc('91', area, org))).toBe(true);
        expect(validUscc(makeInvalidUscc('91', area, org))).toBe(false);
        const body = cardDigits.slice(0, len);
        expect(validLuhn(makeCard(body))).toBe(true);
        expect(validLuhn(makeInvalidCard(body))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
