/**
 * AppleDouble files (`__MACOSX/._name` in a ZIP made by macOS, `._name` beside a file on a foreign
 * disk): what the Mac keeps beside a file's data. Not the file's content, but not empty either: the
 * Finder comment a user typed into Get Info (an extended attribute, a binary property list), other
 * extended attributes (`user.xdg.comment`, tags), the old Macintosh comment entry, and the
 * resource fork. Their text is read; nothing else of the file is.
 *
 * Layout (RFC 1740, and macOS's extension): magic 00 05 16 07, version, 16 bytes of filler, a count
 * of entries (id, offset, length). The Finder Info entry (id 9) carries, after its 32 bytes, an
 * `ATTR` header listing the extended attributes (offset, length, flags, name) whose values lie in
 * the file. Every offset is checked against the file's size.
 */
import { PartBuilder, type Extraction, type Extractor } from '@prepub/core';
import { undeclaredReadings } from './archives.ts';
import { binaryXattrTexts, xattrValueTexts } from './xattr.ts';

const u16 = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1];
const u32 = (b: Uint8Array, at: number): number => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** Whether `b` opens as an AppleDouble file. */
export function isAppleDouble(b: Uint8Array): boolean {
  return b.length >= 26 && b[0] === 0x00 && b[1] === 0x05 && b[2] === 0x16 && b[3] === 0x07;
}

export interface AppleDoubleText {
  /** Where the text stood: an attribute's name, `resource fork`, `comment`. */
  where: string;
  bytes: Uint8Array;
}

/** The text an AppleDouble file carries; `problems` names what could not be followed (an entry or attribute outside the file). */
export function appleDoubleTexts(b: Uint8Array): { texts: AppleDoubleText[]; problems: string[] } {
  const texts: AppleDoubleText[] = [];
  const problems: string[] = [];
  if (!isAppleDouble(b)) return { texts, problems: ['not an AppleDouble file'] };
  const count = u16(b, 24);
  if (26 + count * 12 > b.length) return { texts, problems: [`its ${count} entries run past the file's end`] };
  for (let i = 0; i < count; i++) {
    const e = 26 + i * 12;
    const id = u32(b, e);
    const off = u32(b, e + 4);
    const len = u32(b, e + 8);
    if (off + len > b.length) {
      problems.push(`entry ${id} lies outside the file`);
      continue;
    }
    const data = b.subarray(off, off + len);
    if (id === 2 && len) for (const t of binaryXattrTexts(data)) texts.push({ where: 'resource fork', bytes: t });
    else if (id === 3 || id === 4) {
      if (len) texts.push({ where: id === 3 ? 'real name' : 'comment', bytes: data });
    } else if (id === 9 && len > 32) {
      // macOS's extended attributes, after the 32 bytes of Finder Info (aligned as the writer chose).
      let at = -1;
      for (let k = off + 32; k + 36 <= off + len; k++) {
        if (b[k] === 0x41 && b[k + 1] === 0x54 && b[k + 2] === 0x54 && b[k + 3] === 0x52) {
          at = k;
          break;
        }
      }
      if (at < 0) continue;
      const n = u16(b, at + 34);
      let p = at + 36;
      for (let k = 0; k < n; k++) {
        if (p + 11 > b.length) {
          problems.push(`${n - k} of its ${n} extended attributes run past the file's end`);
          break;
        }
        const vOff = u32(b, p);
        const vLen = u32(b, p + 4);
        const nameLen = b[p + 10];
        const name = Buffer.from(b.subarray(p + 11, Math.min(b.length, p + 11 + nameLen))).toString('utf8').replace(/\0+$/, '');
        p += (11 + nameLen + 3) & ~3;
        if (vOff + vLen > b.length) {
          problems.push(`the value of ${name} lies outside the file`);
          continue;
        }
        for (const t of xattrValueTexts(b.subarray(vOff, vOff + vLen))) if (t.length) texts.push({ where: name, bytes: t });
      }
    }
  }
  return { texts, problems };
}

/**
 * A bare AppleDouble file (`._name`, as macOS writes beside a file on a foreign disk, and as bsdtar
 * and other archivers store it as a member of its own): its text read as metadata, nothing else.
 */
export async function extractAppleDouble(bytes: Uint8Array): Promise<Extraction> {
  const result: Extraction = { format: 'appledouble', mediaType: 'application/applefile', parts: [], unread: [], loss: [], info: {} };
  const { texts, problems } = appleDoubleTexts(bytes);
  const b = new PartBuilder('appledouble', 'metadata', { filePart: 'file', detail: 'macOS metadata: Finder comment, extended attributes, resource fork' });
  for (const t of texts) {
    for (const reading of undeclaredReadings(t.bytes).filter((r, i) => i === 0 || !/[\ue000-\uf8ff\ufffd]/.test(r))) {
      for (const line of reading.split(/\r\n|\r|\n/)) {
        b.append(line);
        b.endParagraph({ kind: 'paragraph' });
      }
    }
  }
  if (!b.blank) result.parts.push(b.toPart());
  for (const p of problems) result.loss!.push({ where: 'file', kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The macOS metadata (AppleDouble) is damaged: ${p}; what it holds there was not read.` });
  if (!result.loss!.length) delete result.loss;
  result.info = { texts: texts.length };
  return result;
}

export const appleDoubleExtractor: Extractor = { format: 'appledouble', extract: (bytes) => extractAppleDouble(bytes) };
