/**
 * The taxonomy's examples and counterexamples are the fixtures: every form's data is checked here,
 * and every cue is shown to change at least one outcome when switched off.
 */
import { describe, expect, it } from 'vitest';
import {
  Allowlist,
  CN_GRAMMAR_CUES,
  CN_MARKING_CUES,
  CN_MARKING_FORMS,
  analyze,
  createCnLower,
  createCnStateSecret,
  foreign,
  pii,
  resolvePolicy,
  type Block,
  type Detector,
  type FormExample,
  type MarkingForm,
} from '@prepub/core';
import { readFileSync } from 'node:fs';
import { DOC_PATH, renderPage } from '../../scripts/markings-taxonomy-doc.ts';
import { worst } from './helpers.ts';

const RULE = { 'state-secret': 'marking.cn-state-secret', lower: 'marking.cn-lower' } as const;

function outcome(form: MarkingForm, ex: FormExample, without?: ReadonlySet<string>): string {
  const detectors: Detector[] = [createCnStateSecret({ without }), createCnLower({ without }), foreign, pii];
  const fs = analyze([{ id: 'p', role: ex.role ?? 'body', text: ex.text, origin: {}, leading: ex.leading ?? true, ...(ex.field ? { blocks: lineBlocks(ex.text, ex.field) } : ex.cells ? { blocks: cellBlocks(ex.text) } : {}) }], { detectors, policy: resolvePolicy(), allowlist: new Allowlist([]) });
  return worst(fs.filter((f) => f.ruleId === RULE[form.family]));
}

/** A title paragraph, then every other line a cell of one table row (a word processor's table, a cell a line). */
function cellBlocks(text: string): Block[] {
  const out: Block[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line) out.push(out.length === 0 ? { start: at, end: at + line.length, kind: 'paragraph', index: 1 } : { start: at, end: at + line.length, kind: 'table-cell', row: 1, column: out.length, index: out.length + 1 });
    at += line.length + 1;
  }
  return out;
}

/** One block a line, each marked as the e-mail readers mark an address field's line. */
function lineBlocks(text: string, field: 'address'): Block[] {
  const out: Block[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line) out.push({ start: at, end: at + line.length, kind: 'paragraph', index: out.length + 1, field });
    at += line.length + 1;
  }
  return out;
}

const cases = CN_MARKING_FORMS.flatMap((form) => [...form.examples, ...form.counterexamples].map((ex) => [form.id, ex.role ?? 'body', ex.text, ex.expect, form, ex] as const));

describe('Chinese marking taxonomy', () => {
  it('every form carries examples and counterexamples', () => {
    for (const f of CN_MARKING_FORMS) {
      expect(f.examples.length, f.id).toBeGreaterThan(0);
      expect(f.counterexamples.length, f.id).toBeGreaterThan(0);
      expect(f.examples.every((e) => e.expect !== 'none'), f.id).toBe(true);
      expect(f.counterexamples.every((e) => e.expect === 'none'), f.id).toBe(true);
      for (const c of f.cues) expect(CN_MARKING_CUES, `${f.id}: ${c}`).toHaveProperty(c);
    }
  });

  it.each(cases)('%s (%s): %j → %s', (_id, _role, _text, expected, form, ex) => {
    expect(outcome(form, ex)).toBe(expected);
  });

  // A cue that changes no outcome is dead weight or untested: switching each off must flip a fixture.
  const cueIds = [...Object.keys(CN_MARKING_CUES), ...Object.keys(CN_GRAMMAR_CUES)];
  it.each(cueIds)('cue %s decides at least one fixture', (cue) => {
    const without = new Set([cue]);
    const flipped = cases.filter(([, , , expected, form, ex]) => outcome(form, ex, without) !== expected);
    expect(flipped.length, `no fixture changes without ${cue}`).toBeGreaterThan(0);
  });
});

describe('docs/markings-taxonomy.md', () => {
  it('shows the taxonomy as it is (regenerate: pnpm tsx packages/core/scripts/markings-taxonomy-doc.ts)', () => {
    const page = readFileSync(DOC_PATH, 'utf8');
    expect(renderPage(page)).toBe(page);
    expect(page).toMatch(/^## Chinese state-secret and lower markings$/m);
    expect(page).toMatch(/^## Foreign markings$/m);
  });
});
