/**
 * Earlier revisions of a PDF. An incremental update appends new objects and a new cross-reference
 * section; the bytes it replaces stay in the file. Text deleted or "redacted" by an update is
 * therefore still there, and a viewer never shows it. Each earlier revision is the file up to an
 * `%%EOF` that closes a complete cross-reference section (its `startxref` points at an `xref`
 * table or an xref stream object inside it) and is followed by a later update: it is read like a
 * file of its own, and its text that the final revision no longer has is reported as hidden.
 */
import type { EmbeddedFile, Extraction, Loss, TextPart } from '@prepub/core';
import { contentKey } from './attachments.ts';

/** Most earlier revisions read per file; the others are reported as a loss. */
export const MAX_REVISIONS = 8;

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * Byte lengths of the earlier revisions, oldest first: each ends just after an `%%EOF` whose
 * `startxref` points at a cross-reference section inside it, with a later `startxref` after it.
 * The first section of a linearized file (the first-page cross-reference) is no revision.
 */
export function revisionEnds(bytes: Uint8Array): number[] {
  // An earlier revision needs an %%EOF of its own before the last one: with fewer than two, there
  // is none, and the file is not copied into a string to look.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstEof = buf.indexOf('%%EOF');
  if (firstEof < 0 || buf.indexOf('%%EOF', firstEof + 5) < 0) return [];
  const text = latin1(bytes);
  const ends: number[] = [];
  const linearized = /\/Linearized\b/.test(text.slice(0, 2048));
  const re = /startxref\s+(\d+)\s*%%EOF/g;
  const found: Array<{ offset: number; end: number }> = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push({ offset: Number(m[1]), end: m.index + m[0].length });
  for (let i = 0; i < found.length - 1; i++) {
    if (linearized && i === 0) continue;
    const { offset, end } = found[i];
    if (!(offset > 0 && offset < end)) continue;
    const at = text.slice(offset, offset + 32);
    if (!/^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(at)) continue;
    // Keep the line break after %%EOF, as a writer would.
    let stop = end;
    while (stop < text.length && (text[stop] === '\r' || text[stop] === '\n')) stop++;
    // The same bytes again (a writer that repeats %%EOF) are no earlier revision.
    if (text.slice(stop).trim().length === 0) continue;
    ends.push(stop);
  }
  return ends;
}

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

/** How an earlier revision is read: the extractor itself, without looking for revisions again. */
export type ReadRevision = (bytes: Uint8Array, timeoutMs: number) => Promise<Extraction>;

/**
 * Reads the earlier revisions of `bytes` and adds to `out` what the final revision does not have:
 * lines of text (role `hidden`, detail `previous revision N`) and embedded files.
 */
export async function addRevisions(out: Extraction, bytes: Uint8Array, read: ReadRevision, deadline: number, maxTextChars: number): Promise<void> {
  const ends = revisionEnds(bytes);
  if (ends.length === 0) return;
  const info = out.info as Record<string, string | number | boolean>;
  info.revisions = ends.length + 1;
  const loss: Loss[] = (out.loss ??= []);
  if (ends.length > MAX_REVISIONS) {
    loss.push({
      where: 'earlier revisions',
      kind: 'other',
      count: ends.length - MAX_REVISIONS,
      total: ends.length,
      detail: `The PDF has ${ends.length} earlier revisions (incremental updates); only the first ${MAX_REVISIONS} were read for text the later ones replaced.`,
    });
  }
  const final = new Set<string>();
  let finalText = '';
  let chars = 0;
  for (const p of out.parts) {
    finalText += `${compact(p.text)}\u0000`;
    chars += p.text.length;
  }
  for (const e of out.embedded ?? []) final.add(contentKey(e.bytes));
  // Pages whose pictures the final revision reads (or reports): an earlier revision's pictures
  // elsewhere were replaced by an update, and the earlier reading does not render them.
  const finalPicturePages = new Set<number | undefined>();
  for (const i of out.images ?? []) finalPicturePages.add(i.origin.page);
  for (const u of out.unread) if (u.reason === 'ocr-unavailable') finalPicturePages.add(u.origin?.page);
  // What the final revision already reports as not read: an earlier revision's same loss adds nothing.
  const finalLosses = new Set(loss.map((l) => `${l.kind}\u0000${l.detail}`));
  for (let k = 0; k < Math.min(ends.length, MAX_REVISIONS); k++) {
    const n = k + 1;
    const left = deadline - Date.now();
    let old: Extraction | undefined;
    if (left > 0) {
      try {
        old = await read(bytes.subarray(0, ends[k]), left);
      } catch {
        old = undefined;
      }
    }
    if (!old || old.unread.some((u) => u.reason === 'timeout' || u.reason === 'aborted' || u.reason === 'limit' || u.where === 'file')) {
      loss.push({
        where: `revision ${n}`,
        kind: 'other',
        count: 1,
        total: ends.length,
        detail: `Earlier revision ${n} of the PDF (the file up to byte ${ends[k]}) could not be read completely: text an update replaced may be missing.`,
      });
      if (!old) continue;
    }
    for (const p of old.parts) {
      const lines = p.text.split('\n').filter((l) => {
        const c = compact(l);
        return c.length > 0 && !finalText.includes(c);
      });
      if (lines.length === 0) continue;
      const part = revisionPart(p, lines, n);
      chars += part.text.length;
      if (chars > maxTextChars) {
        out.unread.push({
          where: `revision ${n}`,
          reason: 'limit',
          detail: `Text of ${part.id} not kept: the file has more than ${maxTextChars} characters of text.`,
          origin: part.origin,
        });
        continue;
      }
      out.parts.push(part);
    }
    for (const u of old.unread) {
      if (u.reason !== 'ocr-unavailable' || finalPicturePages.has(u.origin?.page)) continue;
      loss.push({
        where: `revision ${n}: ${u.where}`,
        kind: 'other',
        reason: 'ocr-unavailable',
        count: 1,
        detail: `Earlier revision ${n} of the PDF draws pictures on ${u.where} that a later update no longer shows; they were not read (a scanned marking may be among them).`,
        origin: { ...u.origin, detail: `previous revision ${n}` },
      });
    }
    // Content of the earlier revision that could not be read (a widget's appearance showing more than
    // its value, glyphs without Unicode) is still in the file though an update no longer shows it.
    for (const l of old.loss ?? []) {
      const key = `${l.kind}\u0000${l.detail}`;
      if (finalLosses.has(key)) continue;
      finalLosses.add(key);
      loss.push({ ...l, where: `revision ${n}: ${l.where}`, detail: `Earlier revision ${n} of the PDF, which a later update replaced: ${l.detail}`, origin: { ...l.origin, detail: `previous revision ${n}` } });
    }
    for (const e of old.embedded ?? []) {
      const key = contentKey(e.bytes);
      if (final.has(key)) continue;
      final.add(key);
      const file: EmbeddedFile = { name: e.name, bytes: e.bytes, origin: { ...e.origin, detail: `previous revision ${n}${e.origin.detail ? `: ${e.origin.detail}` : ''}` } };
      (out.embedded ??= []).push(file);
    }
  }
}

/** The lines of an earlier revision's part that the final revision lacks, as a hidden part. */
function revisionPart(p: TextPart, lines: string[], n: number): TextPart {
  let text = '';
  const blocks: NonNullable<TextPart['blocks']> = [];
  const byText = new Map<string, NonNullable<TextPart['blocks']>[number]>();
  for (const b of p.blocks ?? []) byText.set(p.text.slice(b.start, b.end), b);
  for (const line of lines) {
    if (text.length > 0) text += '\n';
    const start = text.length;
    text += line;
    const was = byText.get(line);
    blocks.push({ ...(was ?? { kind: 'line' as const }), start, end: text.length, index: blocks.length + 1, words: undefined });
  }
  for (const b of blocks) if (b.words === undefined) delete b.words;
  return {
    id: `revision-${n}:${p.id}`,
    role: 'hidden',
    text,
    origin: { ...p.origin, detail: `previous revision ${n}` },
    blocks,
  };
}
