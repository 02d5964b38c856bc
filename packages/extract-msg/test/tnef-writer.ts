/**
 * Writes TNEF streams ([MS-OXTNEF], winmail.dat) from code, for tests and hostile constructions:
 * the signature and legacy key, then attributes (level, tag, length, data, checksum) — the legacy
 * ones (attSubject, attBody, attFrom, attAttachRendData, attAttachTitle, attAttachData) and MAPI
 * property lists (attMsgProps, attRecipTable, attAttachment). Deterministic: the same message gives
 * the same bytes. 8-bit text is written as given (bytes), or as UTF-8 under code page 65001.
 */

/** A MAPI property value. `object` is a PT_OBJECT: an interface id, then its data (an embedded TNEF stream). */
export type TnefValue = { unicode: string } | { string8: Uint8Array | string } | { int: number } | { binary: Uint8Array } | { object: { iid: Uint8Array; data: Uint8Array } } | { named: { name: string; value: { unicode: string } } };

export interface TnefAttachment {
  /** attAttachTitle (8-bit, in the code page). */
  title?: Uint8Array | string;
  /** attAttachData. */
  data?: Uint8Array;
  /** attAttachMetaFile. */
  metafile?: Uint8Array;
  /** attAttachment: the attachment's MAPI properties. */
  props?: Array<[number, TnefValue]>;
}

export interface TnefMessage {
  /** attOemCodepage (default 65001); null writes none. */
  codepage?: number | null;
  subject?: Uint8Array | string;
  body?: Uint8Array | string;
  /** attFrom: the sender's display name. */
  from?: string;
  /** attMsgProps. */
  props?: Array<[number, TnefValue]>;
  /** attRecipTable: one property list per recipient. */
  recipients?: Array<Array<[number, TnefValue]>>;
  attachments?: TnefAttachment[];
  /** Raw attributes written after the message's own (before the attachments), e.g. unknown ones or a wrong checksum. */
  extra?: Array<{ level: number; tag: number; data: Uint8Array; checksum?: number }>;
}

/** IID_IMessage ({00020307-0000-0000-C000-000000000046}): a PT_OBJECT holding an embedded message. */
export const IID_IMESSAGE = Uint8Array.from([0x07, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);

const enc = new TextEncoder();
const bytes8 = (s: Uint8Array | string): Uint8Array => (typeof s === 'string' ? enc.encode(s) : s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
function le32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}
const padded = (b: Uint8Array): Uint8Array => concat(b, new Uint8Array((4 - (b.length % 4)) % 4));
const utf16z = (s: string): Uint8Array => Uint8Array.from(Buffer.from(`${s}\0`, 'utf16le'));

/** One property: tag, (name,) value ([MS-OXTNEF] 2.1.3.4). */
function prop(id: number, v: TnefValue): Uint8Array {
  if ('named' in v) {
    // A named property in PS_PUBLIC_STRINGS, by string name.
    const guid = Uint8Array.from([0x29, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);
    const name = utf16z(v.named.name);
    const value = utf16z(v.named.value.unicode);
    return concat(le32((id << 16) | 0x001f), guid, le32(1), le32(name.length), padded(name), le32(1), le32(value.length), padded(value));
  }
  if ('int' in v) return concat(le32((id << 16) | 0x0003), le32(v.int));
  const [type, data] = 'unicode' in v ? [0x001f, utf16z(v.unicode)] : 'string8' in v ? [0x001e, concat(bytes8(v.string8), new Uint8Array(1))] : 'binary' in v ? [0x0102, v.binary] : [0x000d, concat(v.object.iid, v.object.data)];
  return concat(le32((id << 16) | type), le32(1), le32(data.length), padded(data));
}

/** A property list: count, then the properties. */
export function propList(props: Array<[number, TnefValue]>): Uint8Array {
  return concat(le32(props.length), ...props.map(([id, v]) => prop(id, v)));
}

/** One attribute: level, tag, length, data, checksum (the sum of the data bytes mod 65536, unless given). */
export function attribute(level: number, tag: number, data: Uint8Array, checksum?: number): Uint8Array {
  let sum = 0;
  for (const b of data) sum = (sum + b) & 0xffff;
  const c = checksum ?? sum;
  return concat(Uint8Array.of(level), le32(tag), le32(data.length), data, Uint8Array.of(c & 0xff, c >> 8));
}

/** A TNEF stream. */
export function tnef(m: TnefMessage): Uint8Array {
  const out: Uint8Array[] = [le32(0x223e9f78), Uint8Array.of(0x01, 0x00)];
  out.push(attribute(1, 0x00089006, le32(0x00010000)));
  if (m.codepage !== null) out.push(attribute(1, 0x00069007, concat(le32(m.codepage ?? 65001), le32(0))));
  if (m.from !== undefined) {
    const name = concat(enc.encode(m.from), new Uint8Array(1));
    const address = enc.encode('SMTP:office@example.cn\0');
    out.push(attribute(1, 0x00008000, concat(Uint8Array.of(0x04, 0x00), Uint8Array.of((8 + name.length + address.length) & 0xff, 0), Uint8Array.of(name.length, 0, address.length, 0), name, address)));
  }
  out.push(attribute(1, 0x00078008, enc.encode('IPM.Microsoft Mail.Note\0')));
  if (m.subject !== undefined) out.push(attribute(1, 0x00018004, concat(bytes8(m.subject), new Uint8Array(1))));
  if (m.body !== undefined) out.push(attribute(1, 0x0002800c, bytes8(m.body)));
  for (const x of m.extra ?? []) out.push(attribute(x.level, x.tag, x.data, x.checksum));
  if (m.recipients) out.push(attribute(1, 0x00069004, concat(le32(m.recipients.length), ...m.recipients.map((r) => propList(r)))));
  if (m.props) out.push(attribute(1, 0x00069003, propList(m.props)));
  for (const a of m.attachments ?? []) {
    out.push(attribute(2, 0x00069002, Uint8Array.from([1, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0])));
    if (a.title !== undefined) out.push(attribute(2, 0x00018010, concat(bytes8(a.title), new Uint8Array(1))));
    if (a.data) out.push(attribute(2, 0x0006800f, a.data));
    if (a.metafile) out.push(attribute(2, 0x00068011, a.metafile));
    if (a.props) out.push(attribute(2, 0x00069005, propList(a.props)));
  }
  return concat(...out);
}
