/**
 * Writes Outlook messages ([MS-OXMSG]) from code, for tests and samples: a compound file (written
 * by `cfb`) with the property stream, one stream per variable-length property, recipient and
 * attachment storages, and attached messages as embedded message storages. Deterministic: the same
 * message gives the same bytes.
 */
import CFB from 'cfb';

/** A property value: text (Unicode, or 8-bit in the message's code page), an integer, or bytes. */
export type PropValue = { unicode: string } | { string8: Uint8Array } | { int: number } | { bool: boolean } | { binary: Uint8Array };

export interface MsgRecipient {
  name: string;
  address: string;
  /** 1 To, 2 Cc, 3 Bcc. */
  type?: 1 | 2 | 3;
}

export interface MsgAttachment {
  name: string;
  mime?: string;
  data?: Uint8Array;
  /** An attached message (attach method 5) instead of data. */
  message?: MsgMessage;
  /** Attach method ([MS-OXCMSG] PidTagAttachMethod): 1 by value (default), 5 embedded message. */
  method?: number;
}

export interface MsgMessage {
  subject?: string;
  body?: string;
  /** The HTML body (PidTagHtml), written as UTF-8 bytes. */
  html?: string;
  /** PidTagRtfCompressed as stored (see {@link uncompressedRtf}). */
  rtfCompressed?: Uint8Array;
  senderName?: string;
  messageClass?: string;
  transportHeaders?: string;
  recipients?: MsgRecipient[];
  attachments?: MsgAttachment[];
  /** PidTagMessageCodepage (default 65001, UTF-8); null writes none. */
  codepage?: number | null;
  /** Raw streams added under the message's storage by name (for damaged or unusual files). */
  streams?: Array<[string, Uint8Array]>;
  /** Further properties by id (e.g. 0x0070 conversation topic). */
  extra?: Array<[number, PropValue]>;
}

const TYPE = { unicode: 0x001f, string8: 0x001e, int: 0x0003, bool: 0x000b, binary: 0x0102 } as const;

function typeOf(v: PropValue): number {
  if ('unicode' in v) return TYPE.unicode;
  if ('string8' in v) return TYPE.string8;
  if ('int' in v) return TYPE.int;
  if ('bool' in v) return TYPE.bool;
  return TYPE.binary;
}

function utf16(s: string): Uint8Array {
  const b = new Uint8Array((s.length + 1) * 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) & 0xff;
    b[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}

const hex = (n: number, w = 8) => n.toString(16).toUpperCase().padStart(w, '0');

/**
 * Writes the properties of one object under `dir`: the property stream (with a header of
 * `headerBytes`: 32 for the message, 24 for an embedded message, 8 for recipients and attachments)
 * and a `__substg1.0_` stream per variable-length value.
 */
function writeProps(cfb: CFB.CFB$Container, dir: string, props: Array<[number, PropValue]>, header: Uint8Array): void {
  const entries = new Uint8Array(header.length + 16 * props.length);
  entries.set(header);
  const view = new DataView(entries.buffer);
  props.forEach(([id, v], i) => {
    const type = typeOf(v);
    const at = header.length + 16 * i;
    view.setUint32(at, ((id << 16) | type) >>> 0, true);
    view.setUint32(at + 4, 6, true); // readable | writable
    if ('int' in v) view.setUint32(at + 8, v.int >>> 0, true);
    else if ('bool' in v) view.setUint16(at + 8, v.bool ? 1 : 0, true);
    else {
      const data = 'unicode' in v ? utf16(v.unicode) : 'string8' in v ? Uint8Array.from([...v.string8, 0]) : v.binary;
      view.setUint32(at + 8, data.length, true);
      CFB.utils.cfb_add(cfb, `${dir}__substg1.0_${hex(((id << 16) | type) >>> 0)}`, Buffer.from(data));
    }
  });
  CFB.utils.cfb_add(cfb, `${dir}__properties_version1.0`, Buffer.from(entries));
}

function messageProps(m: MsgMessage): Array<[number, PropValue]> {
  const p: Array<[number, PropValue]> = [[0x001a, { unicode: m.messageClass ?? 'IPM.Note' }]];
  if (m.subject !== undefined) p.push([0x0037, { unicode: m.subject }]);
  if (m.senderName !== undefined) p.push([0x0c1a, { unicode: m.senderName }]);
  if (m.transportHeaders !== undefined) p.push([0x007d, { unicode: m.transportHeaders }]);
  if (m.body !== undefined) p.push([0x1000, { unicode: m.body }]);
  if (m.html !== undefined) p.push([0x1013, { binary: new TextEncoder().encode(m.html) }]);
  if (m.rtfCompressed !== undefined) p.push([0x1009, { binary: m.rtfCompressed }]);
  const to = (m.recipients ?? []).filter((r) => (r.type ?? 1) === 1).map((r) => r.name);
  if (to.length) p.push([0x0e04, { unicode: to.join('; ') }]);
  if (m.codepage !== null) p.push([0x3ffd, { int: m.codepage ?? 65001 }]);
  return [...p, ...(m.extra ?? [])];
}

function writeMessage(cfb: CFB.CFB$Container, dir: string, m: MsgMessage, embedded: boolean): void {
  const recipients = m.recipients ?? [];
  const attachments = m.attachments ?? [];
  const header = new Uint8Array(embedded ? 24 : 32);
  const hv = new DataView(header.buffer);
  hv.setUint32(8, recipients.length, true);
  hv.setUint32(12, attachments.length, true);
  hv.setUint32(16, recipients.length, true);
  hv.setUint32(20, attachments.length, true);
  writeProps(cfb, dir, messageProps(m), header);
  for (const [name, data] of m.streams ?? []) CFB.utils.cfb_add(cfb, `${dir}${name}`, Buffer.from(data));
  recipients.forEach((r, i) => {
    writeProps(cfb, `${dir}__recip_version1.0_#${hex(i)}/`, [
      [0x3001, { unicode: r.name }],
      [0x3002, { unicode: 'SMTP' }],
      [0x3003, { unicode: r.address }],
      [0x0c15, { int: r.type ?? 1 }],
      [0x3000, { int: i }],
    ], new Uint8Array(8));
  });
  attachments.forEach((a, i) => {
    const adir = `${dir}__attach_version1.0_#${hex(i)}/`;
    const method = a.method ?? (a.message ? 5 : 1);
    const props: Array<[number, PropValue]> = [
      [0x3001, { unicode: a.name }],
      [0x3707, { unicode: a.name }],
      [0x3705, { int: method }],
      [0x0e21, { int: i }],
    ];
    if (a.mime) props.push([0x370e, { unicode: a.mime }]);
    if (a.data) props.push([0x3701, { binary: a.data }]);
    writeProps(cfb, adir, props, new Uint8Array(8));
    if (a.message) writeMessage(cfb, `${adir}__substg1.0_3701000D/`, a.message, true);
  });
}

/** An Outlook message file. */
export function msg(m: MsgMessage): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  // The named-property mapping storage every message has ([MS-OXMSG] 2.2.3), empty here.
  for (const s of ['00020102', '00030102', '00040102']) CFB.utils.cfb_add(cfb, `/__nameid_version1.0/__substg1.0_${s}`, Buffer.alloc(0));
  writeMessage(cfb, '/', m, false);
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/**
 * PidTagRtfCompressed holding `rtf` uncompressed ([MS-OXRTFCP] 2.1.3.1: COMPTYPE "MELA", CRC 0),
 * which Outlook reads like compressed RTF.
 */
export function uncompressedRtf(rtf: string): Uint8Array {
  const body = new Uint8Array([...rtf].map((c) => c.charCodeAt(0) & 0xff));
  const out = new Uint8Array(16 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, body.length + 12, true);
  v.setUint32(4, body.length, true);
  v.setUint32(8, 0x414c454d, true); // "MELA"
  v.setUint32(12, 0, true);
  out.set(body, 16);
  return out;
}

/** A compound file that is no message (a Word-like `WordDocument` stream at its root). */
export function otherCompoundFile(): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.alloc(4096, 0x20));
  // A message embedded below the root (as Word keeps OLE objects) must not make the file a message.
  CFB.utils.cfb_add(cfb, '/ObjectPool/_1234/__properties_version1.0', Buffer.alloc(32));
  CFB.utils.cfb_add(cfb, '/ObjectPool/_1234/__substg1.0_0037001F', Buffer.from('x\0', 'utf16le'));
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}
