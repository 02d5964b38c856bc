/**
 * Fonts a Word document embeds (`word/fonts/font1.odttf`, listed in word/fontTable.xml by
 * `w:embedRegular w:fontKey="{GUID}"`) draw its text by their cmaps, which may give a character
 * another character's glyph: a font whose cmap sends 一 and 二 to glyphs named uni673A and uni5BC6
 * shows 机密★5年 where the document holds 一二★5年. An .odttf is the font with its first 32 bytes
 * XOR-ed with its key (ECMA-376 Part 1 §17.8.1: the GUID's 16 bytes, read from the end of its hex
 * string); each key the font table names is tried and the one that gives a font program kept.
 * Where a font names glyphs as other characters (@prepub/core's fontDrawnAs), every part holding
 * such characters is read again with them swapped, one unit for one (`…@as-drawn`, same offsets and
 * blocks); which runs use the font is not weighed. A font doing so for ideographs, or whose unnamed
 * glyphs of an ideograph's many contours draw Latin letters, is a loss. A font that cannot be
 * deobfuscated or inflated is left as before (Word would not draw it either).
 */
import { anySwap, drawnText, fontSwaps, isFontProgram, type Extraction, type TextPart } from '@prepub/core';
import { inflateEntry, InflateBudget, type ZipEntry } from './zip.ts';
import type { EntryReading } from './package.ts';

/** The 16 key bytes of a font key GUID (`{8C2D1F7A-…}`): its hex digit pairs read from the end. */
export function fontKeyBytes(guid: string): Uint8Array | undefined {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const key = new Uint8Array(16);
  for (let i = 0; i < 16; i++) key[i] = parseInt(hex.slice(30 - 2 * i, 32 - 2 * i), 16);
  return key;
}

/** An obfuscated font's bytes with the key's XOR taken off its first 32 bytes (a copy). */
export function deobfuscateFont(data: Uint8Array, key: Uint8Array): Uint8Array {
  const out = Uint8Array.from(data);
  for (let i = 0; i < 32 && i < out.length; i++) out[i] ^= key[i % 16];
  return out;
}

export function embeddedFontReadings(c: EntryReading & { copies: Map<string, ZipEntry[]>; parts: TextPart[] }, fonts: readonly ZipEntry[], result: Extraction): void {
  // A budget of their own: fonts were never inflated before, and must not use up the document's.
  const budget = new InflateBudget(c.budget.limits);
  const inflate = (e: ZipEntry): Uint8Array | undefined => {
    try {
      return inflateEntry(c.bytes, e, budget, c.recovered);
    } catch {
      return undefined;
    }
  };
  const table = c.copies.get('word/fonttable.xml')?.[0];
  const tableXml = table ? inflate(table) : undefined;
  const keys = [...new Set([...(tableXml ? new TextDecoder().decode(tableXml).matchAll(/fontKey\s*=\s*["'](\{?[0-9A-Fa-f-]{32,40}\}?)["']/g) : [])].map((m) => m[1]))]
    .map(fontKeyBytes)
    .filter((k): k is Uint8Array => !!k);
  const programs: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const e of fonts) {
    const raw = inflate(e);
    if (!raw) continue;
    // The key that gives a font program is the font's; one that gives none leaves it as Word would (not drawn).
    const font = isFontProgram(raw) ? raw : keys.map((k) => deobfuscateFont(raw, k)).find(isFontProgram);
    if (font) programs.push({ name: e.name, bytes: font });
  }
  const { swaps, loss } = fontSwaps(programs, 'The embedded font');
  if (loss.length) (result.loss ??= []).push(...loss);
  if (!anySwap(swaps)) return;
  const made: TextPart[] = [];
  for (const p of c.parts) {
    const out = drawnText(p.text, swaps);
    if (out !== undefined) made.push({ ...p, id: `${p.id}@as-drawn`, text: out, leading: false, origin: { ...p.origin, detail: `${p.origin.detail ? `${p.origin.detail}; ` : ''}read as the document's embedded fonts draw it (their glyph names), not as its characters say` } });
  }
  c.parts.push(...made);
}
