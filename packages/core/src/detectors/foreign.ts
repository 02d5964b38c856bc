/**
 * marking.foreign — US and UK classification markings: banner lines (`TOP SECRET//NOFORN`,
 * `SECRET//REL TO USA, GBR`, `OFFICIAL-SENSITIVE`), portion marks at the start of paragraphs
 * (`(S//NF)`, `(TS)`), and the `Classified By / Declassify On` block. Banners are capitals on a line
 * of their own; "top secret recipe" in prose and a lowercase "confidential" disclaimer are not.
 */
import { hitStarts, type Detector, type DetectContext, type RawFinding, type TriggerHits } from './types.ts';
import type { LineIndex } from './layout.ts';
import { Score } from './cues.ts';

const BANNER = /^[\s*#>\-=]*((TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED)(?:\s*\/\/\s*[A-Z0-9][A-Z0-9 ,/\-]*)?|OFFICIAL[-‑ ]SENSITIVE(?:\s*[-:]\s*[A-Z]+)?)[\s*#\-=]*$/;
const MAX_BANNER_LINE = 160;
const PORTION = /^\s*\((TS|S|C)(\/\/[A-Z0-9 ,/\-]+)?\)\s/;
const AUTHORITY = /^\s*(Classified By|Derived From|Declassify On)\s*:/im;

/** Words one of which stands on every line this detector reports (found ASCII case-insensitively). */
const TRIGGERS = ['SECRET', 'CONFIDENTIAL', 'RESTRICTED', 'OFFICIAL', '(TS)', '(TS/', '(S)', '(S/', '(C)', '(C/', 'Classified By', 'Derived From', 'Declassify On'];

const SECRET_TRIGGER = TRIGGERS.indexOf('SECRET');

function isSecretBannerLine(line: string): boolean {
  if (line.length > MAX_BANNER_LINE) return false;
  const m = BANNER.exec(line.trim());
  return m !== null && /^(TOP SECRET|SECRET)/.test(m[1]);
}

/** Whether a line holding one of this detector's trigger hits is a TOP SECRET / SECRET banner. */
export function hasForeignBannerNear(text: string, lines: LineIndex, hits: TriggerHits): boolean {
  let lastLine = -1;
  for (let k = 0; k < hits.count; k++) {
    if (hits.triggers[k] !== SECRET_TRIGGER) continue; // only SECRET makes a TOP SECRET / SECRET banner
    const l = lines.lineOf(hits.starts[k]);
    if (l === lastLine) continue;
    lastLine = l;
    if (isSecretBannerLine(text.slice(lines.lineStart(l), lines.lineEnd(l)))) return true;
  }
  return false;
}

function finding(start: number, end: number, score: Score, message: string, pattern: string, normalized?: string, fields?: Record<string, string>): RawFinding {
  return {
    ruleId: 'marking.foreign',
    category: 'foreign-marking',
    maxSeverity: 'block',
    score: score.value,
    start,
    end,
    message,
    explanation: { pattern, normalized, base: score.base, cues: score.cues, fields },
  };
}

export const foreign: Detector = {
  id: 'marking.foreign',
  summary: 'Foreign classification marking (US banner or portion mark, UK OFFICIAL-SENSITIVE/SECRET)',
  docs: 'marking-foreign',
  triggers: TRIGGERS,
  detect(ctx: DetectContext): RawFinding[] {
    const { norm, lines, documentHints } = ctx;
    const text = norm.text;
    const out: RawFinding[] = [];
    const authorityLines: number[] = [];
    // Only lines holding a trigger word can hold a banner, a portion mark or an authority line.
    let lastLine = -1;
    for (const at of hitStarts(ctx, TRIGGERS)) {
      const l = lines.lineOf(at);
      if (l === lastLine) continue;
      lastLine = l;
      const ls = lines.lineStart(l);
      const lineText = text.slice(ls, lines.lineEnd(l));
      // Banners are short lines; the pattern is not run on long ones (its nested repetition would
      // take quadratic time on a crafted line of thousands of characters).
      const b = lineText.length <= MAX_BANNER_LINE ? BANNER.exec(lineText) : null;
      if (b) {
        const level = b[2] ?? 'OFFICIAL-SENSITIVE';
        const start = ls + lineText.indexOf(b[1]);
        const strong = /\/\//.test(b[1]) || level === 'TOP SECRET' || level === 'SECRET' || level.startsWith('OFFICIAL');
        const score = new Score(strong ? 0.5 : 0.3).add('banner line in capitals, alone on its line', 0.3);
        const contentLine = lines.contentLineNumber(l);
        if (contentLine <= 2 || l >= lines.count - 3) score.add('at the top or bottom of the page', 0.1);
        out.push(finding(start, start + b[1].length, score, `Foreign classification banner ${b[1]}`, 'banner: LEVEL[//CONTROLS] alone on a line', b[1], { level }));
        continue;
      }
      const p = PORTION.exec(lineText);
      if (p) {
        const score = new Score(p[2] ? 0.7 : 0.35);
        if (documentHints.foreignBanner) score.add('the document carries a classification banner', 0.3);
        if (p[1] === 'C' && !p[2] && !documentHints.foreignBanner) score.add('"(C)" alone may be a list label', -0.2);
        const start = ls + lineText.indexOf('(');
        const mark = `(${p[1]}${p[2] ?? ''})`;
        out.push(finding(start, start + mark.length, score, `Portion mark ${mark} at the start of a paragraph`, 'portion mark at paragraph start', mark, { level: p[1] }));
        continue;
      }
      if (AUTHORITY.test(lineText)) authorityLines.push(l);
    }
    // Classified By + Declassify On within a few lines: the classification authority block.
    if (authorityLines.length >= 2 && authorityLines[authorityLines.length - 1] - authorityLines[0] <= 6) {
      const start = lines.lineStart(authorityLines[0]);
      const end = lines.lineEnd(authorityLines[authorityLines.length - 1]);
      const score = new Score(0.6).add('Classified By / Declassify On block', 0.2);
      out.push(finding(start, end, score, 'US classification authority block (Classified By / Declassify On)', 'classification authority block'));
    }
    return out;
  },
};
