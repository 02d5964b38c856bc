/** Document-level text: information dictionary and XMP, layer names, bookmarks, form fields. */
import type { TextPart } from '@prepub/core';
import { addOtherReadings } from './legacy-text.ts';
import { addPart, linesPart, stringValue, type DocState } from './state.ts';

/** The strings of a value pdf.js gives (a string, or an array of them, as multi-valued fields are). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export const INFO_KEYS_SKIPPED = new Set(['PDFFormatVersion', 'Language', 'EncryptFilterName', 'CreationDate', 'ModDate', 'Trapped']);

export function addMetadata(state: DocState, metadata: any): void {
  const seen = new Set<string>();
  const docInfo = (metadata.info ?? {}) as Record<string, unknown>;
  const entries: Array<[string, unknown]> = Object.entries(docInfo).filter(([k]) => !k.startsWith('Is') && !INFO_KEYS_SKIPPED.has(k));
  for (const [key, value] of entries) {
    if (key === 'Custom' && value && typeof value === 'object') {
      for (const [ck, cv] of Object.entries(value as Record<string, unknown>)) {
        const v = stringValue(cv);
        const origin = { filePart: 'info', detail: `custom property ${ck}` };
        const part = linesPart(`info:Custom.${ck}`, 'metadata', [v], origin);
        if (part) {
          seen.add(part.text);
          addPart(state, part);
        }
        addOtherReadings(state, `info:Custom.${ck}`, 'metadata', origin, strings(cv));
      }
      continue;
    }
    const origin = { filePart: 'info', detail: key };
    const part = linesPart(`info:${key}`, 'metadata', [stringValue(value)], origin);
    if (part) {
      seen.add(part.text);
      addPart(state, part);
    }
    addOtherReadings(state, `info:${key}`, 'metadata', origin, strings(value));
  }
  // pdf.js parses the XMP packet into a map of property name to value (arrays for bags).
  let xmp: Array<[string, unknown]> = [];
  try {
    const map = metadata.metadata as Iterable<[string, unknown]> | null | undefined;
    if (map && typeof map[Symbol.iterator] === 'function') xmp = [...map];
  } catch {
    xmp = [];
  }
  for (const [key, value] of xmp) {
    if (/date$/i.test(key) || /^xmpMM:/i.test(key)) continue;
    const part = linesPart(`xmp:${key}`, 'metadata', [stringValue(value)], { filePart: 'xmp', detail: key });
    // The same title often sits in both the information dictionary and XMP: report it once.
    if (part && !seen.has(part.text)) {
      seen.add(part.text);
      addPart(state, part);
    }
  }
}

export function addLayerNames(state: DocState, layers: any): void {
  const names: string[] = [];
  let off = 0;
  try {
    for (const entry of layers as Iterable<[string, { name?: string; visible?: boolean }]>) {
      const group = entry[1];
      if (group?.name) names.push(group.name);
      if (group && group.visible === false) off++;
    }
  } catch {
    return;
  }
  if (names.length === 0) return;
  const info = state.out.info as Record<string, string | number | boolean>;
  info.layers = names.length;
  info.layersOff = off;
  const origin = { filePart: 'optional content', detail: 'layer names' };
  const part = linesPart('layers', 'metadata', names, origin);
  if (part) addPart(state, part);
  addOtherReadings(state, 'layers', 'metadata', origin, names);
}

export function addOutline(state: DocState, outline: any[]): void {
  const titles: string[] = [];
  const walk = (items: any[], depth: number): void => {
    for (const item of items) {
      if (titles.length >= 100_000 || depth > 64) return;
      if (typeof item?.title === 'string') titles.push(item.title);
      if (Array.isArray(item?.items)) walk(item.items, depth + 1);
    }
  };
  walk(outline, 0);
  const origin = { filePart: 'outline', detail: 'bookmark titles' };
  const part = linesPart('bookmarks', 'bookmark', titles, origin);
  if (part) addPart(state, part);
  addOtherReadings(state, 'bookmarks', 'bookmark', origin, titles);
}

export function fieldText(value: unknown): string {
  const v = stringValue(value);
  // Unchecked boxes say "Off"; that is a state, not text.
  return v === 'Off' ? '' : v;
}

export function addFieldObjects(state: DocState, fields: Record<string, unknown[]>, lastPage: number): void {
  for (const [name, objects] of Object.entries(fields)) {
    if (!Array.isArray(objects)) continue;
    for (const obj of objects as any[]) {
      const id = String(obj?.id ?? '');
      if (!id || state.seenFields.has(id)) continue;
      state.seenFields.add(id);
      const page = typeof obj.page === 'number' && obj.page >= 0 ? obj.page + 1 : undefined;
      if (page !== undefined && page > lastPage) continue; // on a page reported unread
      const origin: TextPart['origin'] = { filePart: 'AcroForm', detail: `field ${name}` };
      if (page !== undefined) origin.page = page;
      const part = linesPart(`field:${id}`, 'form-field', [fieldText(obj.value)], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, `field:${id}`, 'form-field', origin, strings(obj.value));
    }
  }
}
