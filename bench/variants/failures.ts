/**
 * Turns a `prepub bench --json` run over the variant corpus into a Markdown failure report: totals
 * per form, placement, format and distortion, then every failing form × placement × format with a
 * few example texts, so whoever fixes a detector or an extractor sees exactly which written form
 * in which place of which format slipped through.
 *
 *   pnpm prepub bench DIR --no-ocr -q --max-list 0 -o run.json
 *   pnpm tsx bench/variants/failures.ts run.json [--command "…"] [--labels DIR/labels.json] > failures.md
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchFileResult, BenchResult } from '@prepub/cli';

type F = BenchFileResult & { tags: Record<string, string> };

const pct = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1)}%` : '—');

function by<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const text = (f: F) => (f.note ?? '').replace(/^(marked|twin \(\w+\)): /, '').replace(/\n/g, '⏎').replace(/\|/g, '\\|');

function example(f: F): string {
  const why = f.topFindings[0] ? `${f.topFindings[0].ruleId} ${f.topFindings[0].severity}: ${f.topFindings[0].message}` : (f.reasons[0] ?? '');
  return `\`${f.path}\` (${f.tags.distortion}) «${text(f)}» → **${f.actual}**${f.actual === 'pass' ? '' : ` — ${why.replace(/\n/g, ' ')}`}`;
}

function summary(title: string, files: F[], key: string): string[] {
  const L = [`### ${title}`, '', `| ${key} | marked | caught (not pass) | right verdict | twins | twins passed |`, '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const [k, fs] of by(files, (f) => f.tags[key] ?? '-')) {
    const m = fs.filter((f) => f.tags.kind === 'marked');
    const t = fs.filter((f) => f.tags.kind === 'twin');
    const caught = m.filter((f) => f.actual !== 'pass').length;
    const right = m.filter((f) => f.ok).length;
    const passed = t.filter((f) => f.actual === 'pass').length;
    L.push(`| ${k} | ${m.length} | ${caught} (${pct(caught, m.length)}) | ${right} (${pct(right, m.length)}) | ${t.length} | ${passed} (${pct(passed, t.length)}) |`);
  }
  return [...L, ''];
}

/** Caught share of marked variants, forms down, placements across (`·` where the form never sits there). */
function matrix(marked: F[]): string[] {
  const forms = [...new Set(marked.map((f) => f.tags.form))].sort();
  const places = [...new Set(marked.map((f) => f.tags.placement))].sort();
  const L = ['### caught (verdict not pass) by form × placement, marked variants', '', `| form | ${places.join(' | ')} |`, `| --- |${places.map(() => ' ---: |').join('')}`];
  for (const form of forms) {
    const cells = places.map((p) => {
      const fs = marked.filter((f) => f.tags.form === form && f.tags.placement === p);
      if (!fs.length) return '·';
      const c = fs.filter((f) => f.actual !== 'pass').length;
      return c === fs.length ? `${c}/${fs.length}` : `**${c}/${fs.length}**`;
    });
    L.push(`| ${form} | ${cells.join(' | ')} |`);
  }
  return L;
}

/**
 * The Markdown report for a bench result over the variant corpus. `labels` (the corpus's
 * labels.json) supplies tags and notes when the bench that produced `r` did not carry them (a
 * build from before labels had tags).
 */
export function failureReport(r: BenchResult, command?: string, labels?: Record<string, { tags?: Record<string, string>; note?: string }>): string {
  const files = r.files
    .map((f) => (f.tags || !labels?.[f.path] ? f : { ...f, tags: labels[f.path].tags, note: f.note ?? labels[f.path].note }))
    .filter((f): f is F => !!f.tags);
  const marked = files.filter((f) => f.tags.kind === 'marked');
  const twins = files.filter((f) => f.tags.kind === 'twin');
  const caught = marked.filter((f) => f.actual !== 'pass').length;
  const right = marked.filter((f) => f.ok).length;
  const passed = twins.filter((f) => f.actual === 'pass').length;
  const L: string[] = [
    '# Marking variants: failures',
    '',
    `Run ${r.date}${command ? ` with \`${command}\`` : ''}.`,
    '',
    `- marked variants caught (verdict not pass; target 100%): **${caught}/${marked.length} (${pct(caught, marked.length)})**`,
    `- marked variants with the labelled verdict (block where the label says block): ${right}/${marked.length} (${pct(right, marked.length)})`,
    `- negative twins that pass (target ≥ 99%): **${passed}/${twins.length} (${pct(passed, twins.length)})**`,
    `- block: precision ${pct(r.metrics.perVerdict.block.tp, r.metrics.perVerdict.block.tp + r.metrics.perVerdict.block.fp)}, recall ${pct(r.metrics.perVerdict.block.tp, r.metrics.perVerdict.block.tp + r.metrics.perVerdict.block.fn)}`,
    '',
    'Texts are shown as inserted: `⏎` is a line break inside the marking, `⟨ZW⟩` a zero-width character; a run split is invisible.',
    'Expected verdicts follow bench/variants/forms.ts `expectation()`; twins must pass.',
    '',
    '## Totals',
    '',
    ...summary('by form', files, 'form'),
    ...summary('by placement', files, 'placement'),
    ...summary('by format', files, 'format'),
    ...summary('by distortion', files, 'distortion'),
  ];

  L.push(...matrix(marked), '');
  L.push('## Marked variants that passed (must never happen)', '');
  L.push('Grouped by form × placement; one line per format with misses/total and up to 3 examples.', '');
  for (const [fp, fs] of by(marked, (f) => `${f.tags.form} × ${f.tags.placement}`)) {
    const miss = fs.filter((f) => f.actual === 'pass');
    if (!miss.length) continue;
    L.push(`### ${fp}: ${miss.length}/${fs.length} passed`, '');
    for (const [fmt, ffs] of by(fs, (f) => f.tags.format)) {
      const mm = ffs.filter((f) => f.actual === 'pass');
      if (!mm.length) continue;
      L.push(`- **${fmt}** ${mm.length}/${ffs.length}: ${mm.slice(0, 3).map(example).join('; ')}`);
    }
    L.push('');
  }

  L.push('## Marked variants caught with a verdict the label does not accept', '');
  L.push('Not a leak (the verdict is not pass), but weaker than labelled: review where a marking in a marking\'s place must block.', '');
  for (const [fp, fs] of by(marked, (f) => `${f.tags.form} × ${f.tags.placement}`)) {
    const weak = fs.filter((f) => f.actual !== 'pass' && !f.ok);
    if (!weak.length) continue;
    L.push(`- **${fp}** ${weak.length}/${fs.length}: ${weak.slice(0, 2).map(example).join('; ')}`);
  }
  L.push('');

  L.push('## Negative twins that did not pass', '');
  L.push('Grouped by form × twin kind; the twin carries the same (distorted) words in prose, a quoted example, a general rule or a training table.', '');
  for (const [fk, fs] of by(twins, (f) => `${f.tags.form} × ${f.tags.twin}`)) {
    const bad = fs.filter((f) => f.actual !== 'pass');
    if (!bad.length) continue;
    L.push(`### ${fk}: ${bad.length}/${fs.length} not passed`, '');
    for (const [fmt, ffs] of by(fs, (f) => `${f.tags.placement}, ${f.tags.format}`)) {
      const bb = ffs.filter((f) => f.actual !== 'pass');
      if (!bb.length) continue;
      L.push(`- **${fmt}** ${bb.length}/${ffs.length}: ${bb.slice(0, 2).map(example).join('; ')}`);
    }
    L.push('');
  }
  return L.join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: failures.ts run.json [--command "…"]');
    process.exit(3);
  }
  const i = process.argv.indexOf('--command');
  const j = process.argv.indexOf('--labels');
  const labels = j > 0 ? (JSON.parse(readFileSync(process.argv[j + 1], 'utf8')) as { files: Record<string, { tags?: Record<string, string>; note?: string }> }).files : undefined;
  process.stdout.write(failureReport(JSON.parse(readFileSync(file, 'utf8')) as BenchResult, i > 0 ? process.argv[i + 1] : undefined, labels));
}
