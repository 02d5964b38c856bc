/**
 * Archive comments of RAR 3.x/4.x archives. WinRAR keeps them in a `CMT` sub-block (NEWSUB_HEAD,
 * block type 0x7A) and shows them beside the file list when the archive is opened; 7-Zip's RAR
 * handler skips such blocks, so `7z l` lists no comment and a marking written there went unread.
 *
 * The blocks are walked here (fixed headers, HEAD_SIZE and ADD_SIZE, linear and bounded), and each
 * `CMT` sub-block is written again as the one file of a RAR archive of its own (its header's type
 * set to a file header's, 0x74, with its CRC), which 7-Zip then unpacks with RAR's own decoders:
 * comments are usually compressed.
 */
import { crc32 } from '@prepub/extract-docx/zip';

/** A RAR 1.5–4 archive's marker block and an empty main archive header (the one every RAR writes). */
const MARK_AND_MAIN = Uint8Array.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00, 0xcf, 0x90, 0x73, 0x00, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
/** The end of archive block. */
const END = Uint8Array.from([0xc4, 0x3d, 0x7b, 0x00, 0x40, 0x07, 0x00]);
/** Most blocks walked (a crafted archive may hold many empty ones). */
const MAX_BLOCKS = 100_000;

export interface Rar4Comment {
  /** Where the sub-block stands. */
  at: number;
  /** Its unpacked size, as its header gives it. */
  size: number;
  /** Whether its data is encrypted (LHD_PASSWORD). */
  encrypted: boolean;
  /** A RAR archive holding the comment as its one file, named `CMT`. */
  archive: Uint8Array;
}

const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** Whether `bytes` open with the RAR 1.5–4 marker block. */
export function isRar4(bytes: Uint8Array): boolean {
  return bytes.length >= 7 && MARK_AND_MAIN.subarray(0, 7).every((b, i) => bytes[i] === b);
}

/**
 * The `CMT` sub-blocks of a RAR 1.5–4 archive. Stops at the end block, at headers it cannot follow
 * (cut short, a size that does not move on) and at encrypted headers (MHD_PASSWORD: the blocks after
 * the main header are ciphertext, which 7-Zip reports).
 */
export function rar4Comments(bytes: Uint8Array): Rar4Comment[] {
  const out: Rar4Comment[] = [];
  if (!isRar4(bytes)) return out;
  let at = 7;
  for (let n = 0; n < MAX_BLOCKS && at + 7 <= bytes.length; n++) {
    const type = bytes[at + 2];
    const flags = u16(bytes, at + 3);
    const size = u16(bytes, at + 5);
    if (size < 7 || at + size > bytes.length) break;
    if (type === 0x7b) break;
    if (type === 0x73 && flags & 0x0080) break;
    const fileLike = type === 0x74 || type === 0x7a;
    let add = 0;
    if ((flags & 0x8000 || fileLike) && size >= 11) add = u32(bytes, at + 7);
    if (fileLike && flags & 0x0100 && size >= 36) add += u32(bytes, at + 32) * 2 ** 32;
    if (type === 0x7a && size >= 32) {
      const nameSize = u16(bytes, at + 26);
      const nameAt = at + (flags & 0x0100 ? 40 : 32);
      const name = nameAt + nameSize <= at + size ? Buffer.from(bytes.subarray(nameAt, nameAt + nameSize)).toString('latin1') : '';
      if (name === 'CMT' && at + size + add <= bytes.length) {
        const header = bytes.slice(at, at + size);
        header[2] = 0x74;
        const crc = crc32(header.subarray(2)) & 0xffff;
        header[0] = crc & 0xff;
        header[1] = crc >> 8;
        const data = bytes.subarray(at + size, at + size + add);
        const archive = new Uint8Array(MARK_AND_MAIN.length + header.length + data.length + END.length);
        archive.set(MARK_AND_MAIN, 0);
        archive.set(header, MARK_AND_MAIN.length);
        archive.set(data, MARK_AND_MAIN.length + header.length);
        archive.set(END, MARK_AND_MAIN.length + header.length + data.length);
        out.push({ at, size: u32(bytes, at + 11), encrypted: (flags & 0x0004) !== 0, archive });
      }
    }
    const next = at + size + add;
    if (next <= at) break;
    at = next;
  }
  return out;
}
