/**
 * BBCode, the markup of forum software (Discuz!, phpBB, vBulletin) and of CMSs built on it: a post
 * stores `[color=#ffffff]机[/color]密★5年`, which the forum shows as 机密★5年. Read as written, the
 * tags stand between the characters. This reading drops the tags (block tags end the line, a table
 * cell is a cell, a picture's or a link's address inside `[img]`/`[media]` is dropped), mapped to
 * the text.
 */
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, lineStartsOf } from './readings.ts';

const NAMES = 'b|i|u|s|strike|sup|sub|color|size|font|backcolor|bgcolor|highlight|align|left|center|right|justify|indent|float|p|quote|code|hide|free|spoiler|list|\\*|table|tr|td|th|url|email|img|media|flash|audio|video|attach|qq|hr|br';
/** A tag: `[name]`, `[name=value]`, `[/name]`, `[*]`; a value up to 200 characters without `]` or a line break. */
const TAG = new RegExp(`\\[(\\/?)(${NAMES})(?:=[^\\]\\n]{0,200})?\\]`, 'giy');
/** A closing tag of an inline or block element: what makes a text BBCode rather than prose with brackets. */
const CLOSING = new RegExp(`\\[\\/(?:${NAMES})\\]`, 'i');
const BLOCK = new Set(['p', 'quote', 'code', 'hide', 'free', 'spoiler', 'list', '*', 'table', 'tr', 'align', 'left', 'center', 'right', 'justify', 'indent', 'float', 'hr', 'br']);
/** Tags whose content is an address, not text. */
const ADDRESS = new Set(['img', 'media', 'flash', 'audio', 'video', 'attach']);

/** Whether a text holds BBCode (a closing tag of a name BBCode knows). */
export function holdsBbcode(text: string): boolean {
  return CLOSING.test(text);
}

/** The text as the forum shows it (see the module's comment); undefined when it holds no tag. */
export function bbcodeReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let plain = 0;
  let any = false;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    TAG.lastIndex = i;
    const m = TAG.exec(text);
    if (!m) continue;
    if (i > plain) out.copy(text.slice(plain, i), plain);
    const name = m[2].toLowerCase();
    const end = i + m[0].length;
    any = true;
    if (!m[1] && ADDRESS.has(name)) {
      // `[img]https://…/a.png[/img]`: the address is no text; pass over it to the closing tag.
      const close = text.toLowerCase().indexOf(`[/${name}]`, end);
      if (close >= 0 && close - end <= 4096) {
        out.breakLine(i, close + name.length + 3);
        i = close + name.length + 2;
        plain = i + 1;
        continue;
      }
    }
    if (name === 'td' || name === 'th') {
      if (!m[1]) out.cellBreak(i, end);
    } else if (BLOCK.has(name)) out.breakLine(i, end);
    plain = end;
    i = end - 1;
  }
  if (!any) return undefined;
  if (plain < text.length) out.copy(text.slice(plain), plain);
  return out.part(lineStarts ?? lineStartsOf(text));
}
