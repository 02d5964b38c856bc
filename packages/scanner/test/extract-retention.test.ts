/**
 * What a read leaves behind: once `extractFile` has returned and its outcome is dropped, nothing the
 * reader made may stay reachable. A file's time budget used to be an `AbortSignal.timeout` whose
 * 'abort' listener was never removed; Node holds such a signal strongly until its timer fires
 * (`fileTimeoutMs`, 5 minutes by default), and through the listener every file's whole extraction
 * (its text) stayed in memory that long: a worker at 300 files/s held tens of thousands of them.
 */
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractFile } from '../src/extract.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const SAMPLES = join(import.meta.dirname, '../../../samples');

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5; i++) {
    // Let pending reactions run first: a promise still settling may hold the outcome a moment.
    await new Promise((r) => setImmediate(r));
    gc();
    if (ref.deref() === undefined) return true;
  }
  return false;
}

describe('extractFile', () => {
  it('keeps nothing of a file once its outcome is dropped (no time budget outlives the read)', async () => {
    const bytes = new TextEncoder().encode('关于做好年终工作的通知\n各单位：请于本月底前报送总结。\n'.repeat(200));
    let outcome: Awaited<ReturnType<typeof extractFile>> | undefined = await extractFile(bytes, { filename: 'notice.txt', limits: DEFAULT_LIMITS });
    expect(outcome.kind).toBe('extracted');
    const ref = new WeakRef(outcome.kind === 'extracted' ? outcome.extraction : {});
    outcome = undefined;
    expect(await collected(ref)).toBe(true);
  });


  // Each reader in turn, on one labelled sample of its format: a reader that kept anything of a
  // document after returning it (a cache keyed by content, the last document, a listener) fails here.
  const ONE_PER_FORMAT = [
    'docx/benign-public-notice.docx',
    'doc/benign-public-notice.doc',
    'xlsx/benign-roster.xlsx',
    'doc/benign-roster.xls',
    'pptx/benign-briefing.pptx',
    'odf/benign-notice.odt',
    'pdf/benign-compilation.pdf',
    'ofd/benign-news-baomi-month.ofd',
    'rtf/benign-secrecy-rules.rtf',
    'html/hidden-div.html',
    'msg/benign-training-notice.msg',
    'md/meeting-minutes.md',
  ];
  it.each(ONE_PER_FORMAT)('keeps nothing of %s once its outcome is dropped', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(SAMPLES, name)));
    let outcome: Awaited<ReturnType<typeof extractFile>> | undefined = await extractFile(bytes, { filename: name, limits: DEFAULT_LIMITS, render: false });
    expect(outcome.kind).toBe('extracted');
    const ref = new WeakRef(outcome.kind === 'extracted' ? outcome.extraction : {});
    outcome = undefined;
    expect(await collected(ref)).toBe(true);
  });

  it("leaves no listener on the caller's signal, which may live as long as the process (the CLI's Ctrl-C)", async () => {
    const caller = new AbortController();
    for (let i = 0; i < 3; i++) {
      const out = await extractFile(new TextEncoder().encode('会议纪要\n'), { filename: 'minutes.txt', limits: DEFAULT_LIMITS }, caller.signal);
      expect(out.kind).toBe('extracted');
    }
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it("still stops a read when the caller's signal aborts", async () => {
    const caller = new AbortController();
    caller.abort(new Error('cancelled'));
    const out = await extractFile(new TextEncoder().encode('会议纪要\n'), { filename: 'minutes.txt', limits: DEFAULT_LIMITS }, caller.signal);
    expect(out).toMatchObject({ kind: 'failed', aborted: true, timedOut: false });
  });
});

