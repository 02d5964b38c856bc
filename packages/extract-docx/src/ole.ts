/**
 * Embedded OLE objects (word/embeddings/*.bin, compound files): the files they wrap are taken out
 * for the scan — a PDF placed by Acrobat (`CONTENTS`), an Office package (`Package`), a file
 * dropped in as a Packager object (`\x01Ole10Native`). Streams that only describe the object are
 * skipped; any other stream is named as not read.
 */
import CFB from 'cfb';

export interface OlePayload {
  /** File name the object gives (Packager), or the stream's name. */
  name: string;
  bytes: Uint8Array;
  /** Stream it came from. */
  stream: string;
}

/**
 * Streams that describe the object (class, presentation cache, properties), not its content, and
 * the 4-byte marker the SheetJS writer puts in every container it makes.
 */
const DESCRIPTIVE = /^(\x01Sh33tJ5|\x01Ole|\x01CompObj|\x03ObjInfo|\x03EPRINT|\x01Ole10ItemName|\x05SummaryInformation|\x05DocumentSummaryInformation|OlePres\d+|\x02OlePres\d+|\x03AccessObjSiteData)$/i;

function cString(b: Uint8Array, at: number): [string, number] {
  let end = at;
  while (end < b.length && b[end] !== 0) end++;
  return [Buffer.from(b.subarray(at, end)).toString('latin1'), end + 1];
}

/**
 * The file a Packager object carries (an `\x01Ole10Native` stream, or the native data of an OLE 1.0
 * `Package` object): total size, type, label, source path, reserved word, temporary path, then the
 * data. Undefined when the data does not fit.
 */
export function ole10Native(b: Uint8Array): { name: string; bytes: Uint8Array } | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 12) return undefined;
  let at = 6; // total size (4), type (2)
  const [label, a1] = cString(b, at);
  const [, a2] = cString(b, a1);
  at = a2 + 4; // reserved
  if (at + 4 > b.length) return undefined;
  const tmpLen = v.getUint32(at, true);
  at += 4 + tmpLen;
  if (at + 4 > b.length) return undefined;
  const size = v.getUint32(at, true);
  at += 4;
  if (at + size > b.length) return undefined;
  return { name: label.split(/[\\/]/).pop() || 'package', bytes: b.subarray(at, at + size) };
}

/**
 * What an OLE compound file wraps, and the streams it holds that were not read (their paths, and
 * their bytes in `unreadBytes`, for a caller that looks for words in them); undefined when it is no compound file.
 */
export function olePayloads(data: Uint8Array): { payloads: OlePayload[]; unread: string[]; unreadBytes: Uint8Array[] } | undefined {
  let cfb: CFB.CFB$Container;
  try {
    cfb = CFB.read(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { type: 'buffer' });
  } catch {
    return undefined;
  }
  const payloads: OlePayload[] = [];
  const unread: string[] = [];
  const unreadBytes: Uint8Array[] = [];
  cfb.FileIndex.forEach((entry, i) => {
    if (entry.type !== 2) return;
    const name = entry.name;
    const content = entry.content ? new Uint8Array(entry.content as ArrayLike<number> as Uint8Array) : new Uint8Array(0);
    if (DESCRIPTIVE.test(name) || content.length === 0) return;
    if (name === '\x01Ole10Native') {
      const p = ole10Native(content);
      if (p) payloads.push({ ...p, stream: name });
      else unread.push(cfb.FullPaths[i]), unreadBytes.push(content);
      return;
    }
    const head = Buffer.from(content.subarray(0, 5)).toString('latin1');
    if (name === 'CONTENTS' || name === 'Package' || head === '%PDF-' || head.startsWith('PK\x03\x04')) {
      payloads.push({ name: head === '%PDF-' ? `${name}.pdf` : head.startsWith('PK') ? `${name}.zip` : name, bytes: content, stream: name });
      return;
    }
    unread.push(cfb.FullPaths[i].replace(/[\x00-\x1f]/g, ''));
    unreadBytes.push(content);
  });
  return { payloads, unread, unreadBytes };
}
