/**
 * Subtitles (SubRip `.srt`, WebVTT `.vtt`, Advanced SubStation `.ass`/`.ssa`, MicroDVD `.sub`)
 * and lyrics (`.lrc`) as a player shows them: each cue's text on its own lines, without the numbers
 * and timings around it, the tags inside it (`<c.yellow>`, `<v 播音员>`, `<00:00:02.000>`, `<i>`,
 * a lyric's `[00:01.50]` word timings) and the override blocks (`{\an8}`, `{\b1}`, MicroDVD's
 * `{y:b}`) dropped, so a cue written `<c.yellow>机</c>密★5年` or `{\an8}机{\b1}密{\b0}★5年` reads
 * as the viewer reads it. Mapped to the text unit for unit.
 */
import { decodeHTML } from 'entities';
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, lineStartsOf } from './readings.ts';

export const SUBTITLE_NAME = /\.(srt|vtt|webvtt|ass|ssa|sub|lrc)$/i;
type Kind = 'cues' | 'ass' | 'microdvd' | 'lrc';

/** A SubRip or WebVTT timing line: `00:00:01,000 --> 00:00:03,000` (hours optional in WebVTT, settings after it). */
const TIMING = /^[ \t]*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}/;

/** Which subtitle format the head of a text is in, if any. */
export function subtitleKind(head: string, name = ''): Kind | undefined {
  const t = head.replace(/^\uFEFF/, '');
  if (/^\s*\{\d+\}\{\d*\}/.test(t)) return 'microdvd';
  if (/^\s*(?:\[[a-z]{2,6}:[^\]\n]*\]\s*)*\[\d{1,3}:\d{2}(?:[.:]\d{1,3})?\]/i.test(t)) return 'lrc';
  if (/^\[Script Info\]/im.test(t.slice(0, 256)) || /\.(ass|ssa)$/i.test(name)) return 'ass';
  if (/^WEBVTT\b/.test(t) || /\.(srt|vtt|webvtt)$/i.test(name)) return 'cues';
  // SubRip without its name: a cue number, then a timing line.
  return /^\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2},\d{3}[ \t]*-->/.test(t) ? 'cues' : undefined;
}

/**
 * Tags within a cue (`<i>`, `</c>`, `<v Name>`, `<c.yellow>`, `<00:00:02.000>`) and override blocks
 * (`{\an8}`); a ruby text (`<rt>jī</rt>`) whole, shown above its base, not between the characters.
 */
const CUE_MARKUP = /<rt(?:[ .][^<>\n]{0,200})?>[^<\n]{0,200}(?:<\/rt>)?|<\/?[A-Za-z0-9:.][^<>\n]{0,200}>|\{\\[^{}\n]{0,400}\}/g;
/** A character reference WebVTT resolves (`&amp;`, `&lrm;`, `&#x5BC6;`). */
const REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Writes a cue's text `[from, to)` (one line of it) without its markup, references resolved, ASS's `\N` `\n` as line breaks and `\h` as a blank. */
function writeCueText(text: string, from: number, to: number, out: MappedBuilder, ass: boolean): void {
  const line = text.slice(from, to);
  const re = ass ? /\{[^{}\n]{0,400}\}|\\[Nnh]/g : new RegExp(`${CUE_MARKUP.source}|${REFERENCE.source}`, 'g');
  let run = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m.index > run) out.copy(line.slice(run, m.index), from + run);
    const s = m[0];
    const at = from + m.index;
    if (s === '\\N' || s === '\\n') out.breakLine(at, at + 2);
    else if (s === '\\h') out.put(' ', at, at + 2);
    else if (s[0] === '&') out.put(decodeHTML(s), at, at + s.length);
    run = m.index + s.length;
  }
  if (run < line.length) out.copy(line.slice(run), from + run);
}

/**
 * The cues' text (see the module's note). SubRip and WebVTT: the lines after each timing line up
 * to a blank line, a blank line between cues; WebVTT's NOTE, STYLE and REGION blocks left out.
 * ASS: each `Dialogue:` event's Text field (after the ninth comma). Undefined when no cue holds text.
 */
export function subtitleReading(text: string, id: string, origin: PartOrigin, kind: Kind, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  const ls = lineStarts ?? lineStartsOf(text);
  const lineEnd = (l: number): number => {
    let e = l + 1 < ls.length ? ls[l + 1] - 1 : text.length;
    if (e > ls[l] && text[e - 1] === '\r') e--;
    return e;
  };
  let any = false;
  if (kind === 'microdvd' || kind === 'lrc') {
    // A line a cue: MicroDVD's frames ({1}{75}), style codes ({y:b}) and | line breaks; a lyric's
    // time tags ([00:01.50], <00:01.50>) wherever they stand, a metadata tag's value ([ti:…]) as a line.
    const re = kind === 'microdvd' ? /^\{\d+\}\{\d*\}|\{[A-Za-z]:[^{}\n]{0,80}\}|\|/g : /\[\d{1,3}:\d{2}(?:[.:]\d{1,3})?\]|<\d{1,3}:\d{2}(?:[.:]\d{1,3})?>|^\[[a-z]{2,6}:|\]$/gi;
    for (let l = 0; l < ls.length; l++) {
      const s = ls[l];
      const e = lineEnd(l);
      const line = text.slice(s, e);
      if (!line.trim()) continue;
      let run = 0;
      let wrote = false;
      re.lastIndex = 0;
      for (let m = re.exec(line); m; m = re.exec(line)) {
        if (m.index > run) {
          out.copy(line.slice(run, m.index), s + run);
          wrote = true;
        }
        if (m[0] === '|') out.breakLine(s + m.index, s + m.index + 1);
        run = m.index + m[0].length;
        if (!m[0]) re.lastIndex++;
      }
      if (run < line.length) {
        out.copy(line.slice(run), s + run);
        wrote = true;
      }
      if (wrote) {
        out.breakLine(e, e + 1);
        any = true;
      }
    }
    return any ? out.part(ls) : undefined;
  }
  if (kind === 'ass') {
    for (let l = 0; l < ls.length; l++) {
      const s = ls[l];
      const e = lineEnd(l);
      if (!/^Dialogue[ \t]*:/i.test(text.slice(s, s + 16))) continue;
      // The Text field is the last of ten; commas within it are its own.
      let at = text.indexOf(':', s) + 1;
      for (let k = 0; k < 9 && at > 0; k++) at = text.indexOf(',', at) + 1;
      if (at <= 0 || at > e) continue;
      if (any) out.breakLine(s - 1, s);
      writeCueText(text, at, e, out, true);
      any = true;
    }
    return any ? out.part(ls) : undefined;
  }
  let inCue = false;
  for (let l = 0; l < ls.length; l++) {
    const s = ls[l];
    const e = lineEnd(l);
    const line = text.slice(s, e);
    if (!line.trim()) {
      if (inCue) out.breakLine(s, s + 1);
      inCue = false;
      continue;
    }
    if (!inCue) {
      if (TIMING.test(line)) inCue = true;
      continue;
    }
    writeCueText(text, s, e, out, false);
    out.breakLine(e, e + 1);
    any = true;
  }
  return any ? out.part(ls) : undefined;
}
