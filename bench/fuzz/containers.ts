/**
 * Containers in the fuzz harness: marked seeds of every container format the scanner reads
 * (workbooks, decks, ZIP archives and archives in archives, e-mail, Outlook messages), where their
 * marking may sit (regions), and the mutations that know their structure: entries dropped, renamed
 * or nested, markup damaged around a marking, MIME boundaries and transfer encodings rewritten,
 * messages nested in messages.
 *
 * Regions of compound files (MSG) are over-approximated: the header, allocation tables and directory
 * decide which bytes a stream is, so they count as part of every marking, with each sector holding a
 * trigger character in any encoding. E-mail regions run from the start of the message to the end
 * of the marked part's closing boundary: a damaged boundary before it changes what the part is.
 */
import { inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { pptx, xlsx } from '../../packages/ooxml/test/ooxml-writer.ts';
import { msg } from '../../packages/extract-msg/test/msg-writer.ts';
import { Rng, concat, indexOfBytes, newEntry, readZip, touches, writeZip, type Range, type RawEntry } from './bytes.ts';
import { NOTICE_LINES } from './generate.ts';
import type { Mutated, Mutation } from './mutations.ts';
import type { Seed } from './seeds.ts';

const enc = new TextEncoder();
const MARKING = '机密★5年';
const NOTICE = NOTICE_LINES.join('\n');
const BENIGN = '各位同事：\n定于5月开展统计业务培训，请按时参加。\n江临市统计局办公室';

/** Characters without which no marking exists, in the encodings a container may store them in. */
const TRIGGER_CHARS = ['机', '機', '密', '秘', '★', '☆', '绝', '絕'];
/** Text that may belong to a marking, in XML parts (decoded). */
const TRIGGER_TEXT = /[机機密秘★☆绝絕]|secret|sensitive|noforn/i;
/**
 * The same characters as RTF writes them: `\u23494` (a signed 16-bit number) or GBK bytes as hex
 * escapes (`\'c3\'dc`, either case). An RTF body stored in an Outlook message or attached to an
 * e-mail holds its marking only so: without these, a flip inside `\u23494?` (密 → 寇) looked like a
 * flip outside the marking. Compound files only: e-mail regions keep the triggers above, so the
 * recorded e-mail reproductions (one of them an RTF inside TNEF) rebuild byte for byte.
 */
const RTF_TRIGGER_BYTES: Uint8Array[] = TRIGGER_CHARS.flatMap((c) => {
  const code = c.charCodeAt(0);
  const hex = [...iconv.encode(c, 'gbk')].map((x) => x.toString(16).padStart(2, '0'));
  const escapes = [`\\u${code > 0x7fff ? code - 0x10000 : code}`, hex.map((h) => `\\'${h}`).join(''), hex.map((h) => `\\'${h.toUpperCase()}`).join('')];
  return escapes.flatMap((e) => [enc.encode(e), new Uint8Array(iconv.encode(e, 'utf-16le'))]);
});
const TRIGGER_BYTES: Uint8Array[] = TRIGGER_CHARS.flatMap((c) => [enc.encode(c), new Uint8Array(iconv.encode(c, 'utf-16le')), new Uint8Array(iconv.encode(c, 'gb18030')), new Uint8Array(iconv.encode(c, 'big5'))]).filter((b) => b.length >= 2);

/**
 * Byte ranges of MIME encoded words (`=?UTF-8?B?5py65a+G?=`) whose decoded text holds a trigger
 * character, written in ASCII or in UTF-16LE (an Outlook message's transport headers): the
 * marking's bytes are then base64 or quoted-printable letters no trigger byte sequence matches.
 */
export function encodedWordRanges(b: Uint8Array): Range[] {
  const out: Range[] = [];
  const word = /=\?([^?\s\0]{1,40})\?([bBqQ])\?([^?\s\0]*)\?=/g;
  const scan = (text: string, at: (i: number) => number, width: number): void => {
    for (const m of text.matchAll(word)) {
      let decoded = '';
      try {
        const bytes = /^b$/i.test(m[2]) ? Buffer.from(m[3], 'base64') : Buffer.from(m[3].replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
        decoded = iconv.encodingExists(m[1]) ? iconv.decode(bytes, m[1]) : bytes.toString('utf8');
      } catch {
        continue;
      }
      if (TRIGGER_TEXT.test(decoded)) out.push([at(m.index!), at(m.index!) + m[0].length * width]);
    }
  };
  scan(Buffer.from(b).toString('latin1'), (i) => i, 1);
  for (const shift of [0, 1]) scan(Buffer.from(b.subarray(shift, shift + ((b.length - shift) & ~1))).toString('utf16le'), (i) => shift + 2 * i, 2);
  return out;
}

// ---------------------------------------------------------------- compound files (MSG)

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

/**
 * Regions of a compound file: the header sector, every sector of the allocation tables (FAT,
 * DIFAT, mini FAT) and the directory, and every sector holding a trigger character.
 */
export function cfbRegions(b: Uint8Array): Range[] {
  if (b.length < 512) return [[0, b.length]];
  const shift = u16(b, 0x1e);
  if (shift !== 9 && shift !== 12) return [[0, b.length]];
  const size = 1 << shift;
  const sector = (s: number): Range => [(s + 1) * size, Math.min(b.length, (s + 2) * size)];
  const regions: Range[] = [[0, Math.min(b.length, size)]];
  const fat: number[] = [];
  for (let i = 0; i < 109; i++) fat.push(u32(b, 0x4c + 4 * i));
  let difat = u32(b, 0x44);
  for (let n = 0; difat < 0xfffffffa && n < 1024 && (difat + 2) * size <= b.length; n++) {
    regions.push(sector(difat));
    for (let i = 0; i < size / 4 - 1; i++) fat.push(u32(b, (difat + 1) * size + 4 * i));
    difat = u32(b, (difat + 1) * size + size - 4);
  }
  const fatSectors = fat.filter((s) => s < 0xfffffffa && (s + 2) * size <= b.length);
  for (const s of fatSectors) regions.push(sector(s));
  const next = (s: number) => {
    const f = fatSectors[Math.floor(s / (size / 4))];
    return f === undefined ? 0xfffffffe : u32(b, (f + 1) * size + 4 * (s % (size / 4)));
  };
  for (const start of [u32(b, 0x30), u32(b, 0x3c)]) {
    const seen = new Set<number>();
    for (let s = start; s < 0xfffffffa && !seen.has(s) && (s + 2) * size <= b.length; s = next(s)) {
      seen.add(s);
      regions.push(sector(s));
    }
  }
  // Every sector a span of marking bytes lies in (a span may straddle two).
  const sectorsOver = (from: number, to: number): void => {
    for (let s = Math.floor(from / size) - 1; s <= Math.floor((to - 1) / size) - 1; s++) regions.push(s < 0 ? [0, size] : sector(s));
  };
  for (const t of [...TRIGGER_BYTES, ...RTF_TRIGGER_BYTES]) {
    for (let at = indexOfBytes(b, t); at >= 0; at = indexOfBytes(b, t, at + 1)) sectorsOver(at, at + t.length);
  }
  for (const [from, to] of encodedWordRanges(b)) sectorsOver(from, to);
  return merge(regions);
}

function merge(regions: Range[]): Range[] {
  const sorted = regions.filter(([a, c]) => c > a).sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

// ---------------------------------------------------------------- e-mail

const b64 = (b: Uint8Array | string) => Buffer.from(typeof b === 'string' ? enc.encode(b) : b).toString('base64').replace(/.{76}/g, '$&\r\n');

interface MailPart {
  type: string;
  body: Uint8Array | string;
  /** base64 (default), quoted-printable, 8bit. */
  encoding?: 'base64' | 'quoted-printable' | '8bit';
  charset?: string;
  name?: string;
}

function qp(bytes: Uint8Array): string {
  let out = '';
  let line = 0;
  for (const c of bytes) {
    const s = c === 0x0a ? '\r\n' : c === 0x0d ? '' : c >= 33 && c <= 126 && c !== 61 ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
    if (s === '\r\n') {
      out += s;
      line = 0;
      continue;
    }
    if (line + s.length > 73) {
      out += '=\r\n';
      line = 0;
    }
    out += s;
    line += s.length;
  }
  return out;
}

function encodePart(p: MailPart): string {
  const bytes = typeof p.body === 'string' ? (p.charset && p.charset !== 'utf-8' ? new Uint8Array(iconv.encode(p.body, p.charset)) : enc.encode(p.body)) : p.body;
  const e = p.encoding ?? 'base64';
  const name = p.name ? `; name="=?UTF-8?B?${b64(p.name)}?="` : '';
  const head = `Content-Type: ${p.type}${p.charset ? `; charset=${p.charset}` : ''}${name}\r\n${p.name ? `Content-Disposition: attachment; filename="=?UTF-8?B?${b64(p.name)}?="\r\n` : ''}Content-Transfer-Encoding: ${e}\r\n\r\n`;
  const body = e === 'base64' ? b64(bytes) : e === 'quoted-printable' ? qp(bytes) : Buffer.from(bytes).toString('latin1');
  return head + body + '\r\n';
}

/** A multipart/mixed message with `parts`, as latin-1 text (bytes as written). */
export function mail(subject: string, parts: MailPart[], boundary = 'fuzz-mixed-0'): string {
  let s = `From: office@tj.jianglin.example\r\nTo: staff@tj.jianglin.example\r\nDate: Wed, 08 May 2024 09:00:00 +0800\r\nMessage-ID: <f@tj.jianglin.example>\r\nSubject: =?UTF-8?B?${b64(subject)}?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`;
  for (const p of parts) s += `--${boundary}\r\n${encodePart(p)}`;
  return s + `--${boundary}--\r\n`;
}

interface MimeLeaf {
  /** From the boundary line that opens it to the end of its content. */
  range: Range;
  headers: string;
  bodyRange: Range;
}

/** Leaf parts of a message at one nesting level of multipart (enough for the seeds written here). */
function leaves(s: string): { boundary?: string; parts: MimeLeaf[]; headerEnd: number } {
  const headerEnd = s.indexOf('\r\n\r\n') >= 0 ? s.indexOf('\r\n\r\n') + 4 : s.indexOf('\n\n') + 2;
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(s.slice(0, headerEnd))?.[1];
  if (!boundary) return { parts: [{ range: [headerEnd, s.length], headers: s.slice(0, headerEnd), bodyRange: [headerEnd, s.length] }], headerEnd };
  const parts: MimeLeaf[] = [];
  const marks: number[] = [];
  for (let at = s.indexOf(`--${boundary}`, headerEnd); at >= 0; at = s.indexOf(`--${boundary}`, at + 2)) marks.push(at);
  for (let i = 0; i + 1 < marks.length; i++) {
    const start = marks[i];
    const afterLine = s.indexOf('\n', start) + 1;
    const hEnd = s.indexOf('\r\n\r\n', afterLine) >= 0 ? s.indexOf('\r\n\r\n', afterLine) + 4 : s.indexOf('\n\n', afterLine) + 2;
    if (hEnd <= afterLine || hEnd > marks[i + 1]) continue;
    parts.push({ range: [start, marks[i + 1]], headers: s.slice(afterLine, hEnd), bodyRange: [hEnd, marks[i + 1]] });
  }
  return { boundary, parts, headerEnd };
}

function decodedBody(s: string, p: MimeLeaf): Uint8Array {
  const raw = s.slice(p.bodyRange[0], p.bodyRange[1]);
  if (/transfer-encoding:\s*base64/i.test(p.headers)) return new Uint8Array(Buffer.from(raw.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  if (/transfer-encoding:\s*quoted-printable/i.test(p.headers)) return new Uint8Array(Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
  return new Uint8Array(Buffer.from(raw, 'latin1'));
}

function hasTrigger(b: Uint8Array): boolean {
  return TRIGGER_BYTES.some((t) => indexOfBytes(b, t) >= 0);
}

/** From the start of the message to the end of the last part that carries a trigger (with its boundary). */
export function emlRegions(bytes: Uint8Array): Range[] {
  const s = Buffer.from(bytes).toString('latin1');
  const { parts, headerEnd } = leaves(s);
  let end = headerEnd;
  for (const p of parts) if (hasTrigger(decodedBody(s, p)) || hasTrigger(new Uint8Array(Buffer.from(p.headers, 'latin1')))) end = Math.max(end, Math.min(bytes.length, s.indexOf('\n', p.range[1]) + 1 || bytes.length));
  return [[0, end]];
}

// ---------------------------------------------------------------- seeds

/** A deck, a workbook, archives, messages: each with one marking, the harness deriving its regions. */
export function containerSeeds(): Array<{ name: string; bytes: Uint8Array }> {
  const book = xlsx({ sheets: [{ name: '物资', rows: [['江临市汛期物资调度表'], ['密级', '机密'], ['物资', '数量'], ['沙袋', 12000]] }, { name: '说明', rows: [['公开说明']] }] });
  const deck = pptx({ slides: [{ shapes: [{ text: ['汛期物资调度'] }] }, { shapes: [{ text: NOTICE_LINES.filter((l) => l) }], notes: '会议口径' }] });
  const notice = enc.encode(NOTICE + '\n');
  const archive = writeZip([newEntry('说明.txt', BENIGN), newEntry('通知/汛期物资调度.txt', notice)]);
  const nested = writeZip([newEntry('readme.txt', BENIGN), { ...newEntry('inner.zip', archive), method: 0, data: archive, size: archive.length }]);
  const eml = mail('汛期物资调度', [
    { type: 'text/plain', charset: 'utf-8', body: BENIGN },
    { type: 'text/plain', charset: 'utf-8', body: NOTICE, name: '通知.txt' },
  ]);
  const emlQp = mail('培训通知', [
    { type: 'text/plain', charset: 'utf-8', body: BENIGN, encoding: 'quoted-printable' },
    { type: 'text/html', charset: 'utf-8', body: `<html><body><p>${BENIGN}</p><div style="display:none">${NOTICE.replace(/\n/g, '<br>')}</div></body></html>`, encoding: 'quoted-printable' },
  ]);
  const message = msg({ subject: '汛期物资调度', body: NOTICE, senderName: '江临市人民政府办公室', recipients: [{ name: '王建国', address: 'w@tj.jianglin.example' }] });
  const messageAttached = msg({ subject: '转发：汛期物资调度', body: BENIGN, attachments: [{ name: '通知.txt', mime: 'text/plain', data: notice }, { name: '日程.txt', mime: 'text/plain', data: enc.encode('5月8日 开班') }] });
  return [
    { name: 'gen-roster.xlsx', bytes: book },
    { name: 'gen-notice.pptx', bytes: deck },
    { name: 'gen-notice.zip', bytes: archive },
    { name: 'gen-nested.zip', bytes: nested },
    { name: 'gen-notice.eml', bytes: new Uint8Array(Buffer.from(eml, 'latin1')) },
    { name: 'gen-hidden-qp.eml', bytes: new Uint8Array(Buffer.from(emlQp, 'latin1')) },
    { name: 'gen-notice.msg', bytes: message },
    { name: 'gen-attachment.msg', bytes: messageAttached },
  ];
}

// ---------------------------------------------------------------- mutations

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const inflate = (e: RawEntry) => new Uint8Array(e.method === 8 ? inflateRawSync(e.data) : e.data);

function zipMutation(name: string, what: string, f: (seed: Seed, entries: RawEntry[], rng: Rng) => Mutated | undefined): Mutation {
  return {
    name,
    kinds: ['docx'],
    what,
    apply(seed, rng) {
      const entries = readZip(seed.bytes);
      return entries ? f(seed, entries, rng) : undefined;
    },
  };
}

const marked = (seed: Seed, entries: RawEntry[]) => entries.filter((e) => touches(e.range, seed.regions));
const unmarked = (seed: Seed, entries: RawEntry[]) => entries.filter((e) => !touches(e.range, seed.regions));

/** Container mutations that keep every marking's text (its bytes, or the same text re-encoded). */
export const CONTAINER_PRESERVING: Mutation[] = [
  zipMutation('zip-drop-unrelated-entry', 'an entry without the marking removed (a part the package names may now be missing)', (seed, entries, rng) => {
    const others = unmarked(seed, entries);
    if (!others.length) return undefined;
    const drop = rng.pick(others);
    return { bytes: writeZip(entries.filter((e) => e !== drop)), params: { entry: drop.name }, touched: [drop.range] };
  }),
  zipMutation('zip-rename-marked-entry', 'a marked entry renamed (the package no longer names it: it must still be read or reported)', (seed, entries, rng) => {
    const m = marked(seed, entries);
    if (!m.length) return undefined;
    const target = rng.pick(m);
    const name = rng.pick([`${target.name}.orig`, target.name.replace(/[^/]*$/, (b) => `~${b}`), `unused/${target.name.split('/').pop()}`]);
    return { bytes: writeZip(entries.map((e) => (e === target ? { ...e, name } : e))), params: { entry: target.name, name }, touched: [] };
  }),
  zipMutation('zip-xml-damage-markup', 'a byte inside a tag of a marked XML part changed (the part no longer parses; its text is still there)', (seed, entries, rng) => {
    const m = marked(seed, entries).filter((e) => /\.xml$/i.test(e.name));
    if (!m.length) return undefined;
    const target = rng.pick(m);
    const xml = Buffer.from(inflate(target)).toString('utf8');
    // A position inside markup (between < and >), never inside text.
    const tags: number[] = [];
    for (let i = xml.indexOf('<', 1); i >= 0 && tags.length < 4096; i = xml.indexOf('<', i + 1)) if (xml[i + 1] !== '?' && xml[i + 1] !== '/') tags.push(i + 1);
    if (!tags.length) return undefined;
    const at = rng.pick(tags);
    const damaged = xml.slice(0, at) + rng.pick(['<', '&', '"', '\u0000', ' ']) + xml.slice(at + 1);
    return { bytes: writeZip(entries.map((e) => (e === target ? newEntry(e.name, damaged) : e))), params: { entry: target.name, at }, touched: [] };
  }),
  zipMutation('zip-xml-rename-element', 'an element holding or around the marking renamed to another well-formed name (`w:t`→`w:x`, `sheet`→`shext`, `ofd:TextCode`→`ofd:TextCodq`) in a marked XML part; the marking’s text stays in the part', (seed, entries, rng) => renameElement(seed, entries, rng, false)),
  zipMutation('zip-xml-scramble-element', 'an element holding or around the marking renamed whole, every letter of its local name replaced (`w:t`→`w:k`, `sheetData`→`qwbrtuzpo`), in a marked XML part; the marking’s text stays in the part', (seed, entries, rng) => renameElement(seed, entries, rng, true)),
  {
    name: 'nest-in-zip',
    kinds: ['docx', 'pdf', 'text', 'html', 'eml', 'cfb'],
    what: 'the file put into a ZIP archive (deflated or stored), once or twice',
    apply(seed, rng) {
      const stored = rng.next() < 0.5;
      const entry = (name: string, b: Uint8Array): RawEntry => (stored ? { ...newEntry(name, b), method: 0, data: b } : newEntry(name, b));
      let out = writeZip([entry('readme.txt', enc.encode(BENIGN)), entry(seed.filename, seed.bytes)]);
      const twice = rng.next() < 0.5;
      if (twice) out = writeZip([entry('outer.zip', out)]);
      return { bytes: out, params: { stored, twice }, touched: [] };
    },
  },
  {
    name: 'nest-in-eml',
    kinds: ['docx', 'pdf', 'text', 'html', 'eml', 'cfb'],
    what: 'the file attached to an e-mail (base64), or for a message, attached as message/rfc822',
    apply(seed) {
      if (seed.kind === 'eml') {
        const outer = `From: a@x.example\r\nTo: b@x.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer-fuzz"\r\n\r\n--outer-fuzz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n--outer-fuzz\r\nContent-Type: message/rfc822\r\n\r\n${latin1(seed.bytes)}\r\n--outer-fuzz--\r\n`;
        return { bytes: fromLatin1(outer), params: { as: 'message/rfc822' }, touched: [] };
      }
      return { bytes: fromLatin1(mail('转发', [{ type: 'text/plain', charset: 'utf-8', body: BENIGN }, { type: 'application/octet-stream', body: seed.bytes, name: seed.filename }])), params: { as: 'attachment' }, touched: [] };
    },
  },
  {
    name: 'eml-transfer-encoding',
    kinds: ['eml'],
    what: 'every text part re-encoded: base64 ↔ quoted-printable ↔ 8bit, GB18030 instead of UTF-8, odd base64 line lengths, upper-case encoding names',
    apply(seed, rng) {
      const s = latin1(seed.bytes);
      const { parts } = leaves(s);
      const texts = parts.filter((p) => /content-type:\s*text\//i.test(p.headers));
      if (!texts.length) return undefined;
      const choice = rng.pick(['quoted-printable', '8bit', 'base64-odd-lines', 'BASE64', 'gb18030', 'base64-spaces'] as const);
      let out = '';
      let last = 0;
      for (const p of texts) {
        const body = decodedBody(s, p);
        const text = Buffer.from(body).toString('utf8');
        let headers = p.headers.replace(/content-transfer-encoding:[^\r\n]*\r?\n/i, '');
        let content: string;
        if (choice === 'gb18030') {
          headers = headers.replace(/charset=("?)utf-8\1/i, 'charset=gb18030');
          content = `Content-Transfer-Encoding: base64\r\n${b64(new Uint8Array(iconv.encode(text, 'gb18030')))}`;
        } else if (choice === 'quoted-printable') content = `Content-Transfer-Encoding: quoted-printable\r\n${qp(body)}`;
        else if (choice === '8bit') content = `Content-Transfer-Encoding: 8bit\r\n${latin1(body).replace(/\r?\n/g, '\r\n')}`;
        else if (choice === 'BASE64') content = `Content-Transfer-Encoding: BASE64\r\n${b64(body)}`;
        else if (choice === 'base64-spaces') content = `Content-Transfer-Encoding: base64\r\n${Buffer.from(body).toString('base64').replace(/.{20}/g, '$& \r\n')}`;
        else content = `Content-Transfer-Encoding: base64\r\n${Buffer.from(body).toString('base64').replace(/.{37}/g, '$&\r\n')}`;
        // Headers end with their blank line: the encoding header goes before it.
        const h = headers.replace(/\r?\n\r?\n$/, '\r\n');
        out += s.slice(last, p.range[0]) + s.slice(p.range[0], s.indexOf('\n', p.range[0]) + 1) + h + content.replace(/^(Content-Transfer-Encoding: [^\r\n]*)\r\n/, '$1\r\n\r\n') + '\r\n';
        last = p.range[1];
      }
      out += s.slice(last);
      return { bytes: fromLatin1(out), params: { encoding: choice }, touched: [] };
    },
  },
  {
    name: 'eml-boundary-variants',
    kinds: ['eml'],
    what: 'MIME structure written differently but equivalently: LF line ends, a preamble and epilogue, spaces after boundary lines, the closing boundary missing, an unquoted boundary parameter',
    apply(seed, rng) {
      const s = latin1(seed.bytes);
      const { boundary } = leaves(s);
      if (!boundary) return undefined;
      const choice = rng.pick(['lf', 'preamble', 'trailing-space', 'no-close', 'unquoted'] as const);
      const esc = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      let out = s;
      if (choice === 'lf') out = s.replace(/\r\n/g, '\n');
      else if (choice === 'preamble') out = s.replace(new RegExp(`(\\r?\\n\\r?\\n)(--${esc}\\r?\\n)`), '$1This is a multi-part message in MIME format.\r\n\r\n$2').replace(new RegExp(`(--${esc}--\\r?\\n?)$`), '$1\r\nepilogue text\r\n');
      else if (choice === 'trailing-space') out = s.replace(new RegExp(`^(--${esc}(--)?)\\r?$`, 'gm'), '$1   \t');
      else if (choice === 'no-close') out = s.replace(new RegExp(`--${esc}--\\r?\\n?$`), '');
      else out = s.replace(`boundary="${boundary}"`, `boundary=${boundary}`);
      if (out === s) return undefined;
      return { bytes: fromLatin1(out), params: { variant: choice }, touched: [] };
    },
  },
];

/** Container mutations that may destroy the marking (touched says where). */
export const CONTAINER_DESTRUCTIVE: Mutation[] = [
  zipMutation('zip-drop-marked-entry', 'an entry with the marking removed', (seed, entries, rng) => {
    const m = marked(seed, entries);
    if (!m.length) return undefined;
    const drop = rng.pick(m);
    return { bytes: writeZip(entries.filter((e) => e !== drop)), params: { entry: drop.name }, touched: [drop.range] };
  }),
  zipMutation('zip-flip-in-marked-part', 'bytes of a marked part’s compressed data replaced', (seed, entries, rng) => {
    const m = marked(seed, entries).filter((e) => e.data.length > 2);
    if (!m.length) return undefined;
    const target = rng.pick(m);
    const data = target.data.slice();
    const at = rng.int(0, data.length);
    data[at] = rng.int(0, 256);
    return { bytes: writeZip(entries.map((e) => (e === target ? { ...e, data } : e))), params: { entry: target.name, at }, touched: [target.range] };
  }),
  {
    name: 'eml-break-boundary',
    kinds: ['eml'],
    what: 'the declared boundary changed so no part line matches it',
    apply(seed) {
      const s = latin1(seed.bytes);
      const { boundary, headerEnd } = leaves(s);
      if (!boundary) return undefined;
      const at = s.indexOf(boundary);
      return { bytes: fromLatin1(s.replace(boundary, `${boundary}x`)), params: { boundary }, touched: [[at, Math.min(at + boundary.length, headerEnd)]] };
    },
  },
];

/**
 * An element holding or around the marking in a marked XML part of a ZIP container renamed in
 * place: one letter changed, or (`whole`) every letter of its local name; the marking's text stays.
 */
function renameElement(seed: Seed, entries: RawEntry[], rng: Rng, whole: boolean): Mutated | undefined {
  const options: Array<{ entry: RawEntry; xml: string; name: string; open: number; close?: number }> = [];
  for (const entry of marked(seed, entries).filter((e) => /\.xml$/i.test(e.name))) {
    let xml: string;
    try {
      xml = Buffer.from(inflate(entry)).toString('utf8');
    } catch {
      continue;
    }
    // Elements whose own text or attributes hold a trigger, and their two nearest ancestors.
    const stack: Array<{ name: string; open: number; pick: boolean }> = [];
    let last = 0;
    for (const m of xml.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)((?:[^<>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
      if (TRIGGER_TEXT.test(xml.slice(last, m.index))) for (const el of stack.slice(-3)) el.pick = true;
      last = m.index + m[0].length;
      if (m[1]) {
        const el = stack.pop();
        if (el && el.name === m[2] && el.pick) options.push({ entry, xml, name: el.name, open: el.open, close: m.index + 2 });
        continue;
      }
      const el = { name: m[2], open: m.index + 1, pick: TRIGGER_TEXT.test(m[3]) };
      if (!m[4]) stack.push(el);
      else if (el.pick) options.push({ entry, xml, name: el.name, open: el.open });
    }
  }
  if (!options.length) return undefined;
  const o = rng.pick(options);
  const colon = o.name.indexOf(':');
  const local = o.name.slice(colon + 1);
  let renamedLocal: string;
  if (whole) {
    // Every letter replaced by another: no near-miss check can tell what the name was.
    renamedLocal = [...local].map((c) => (/[A-Za-z]/.test(c) ? rng.pick([...'abcdefghijklmnopqrstuvwxyz'].filter((x) => x !== c.toLowerCase())) : c)).join('');
  } else {
    const at = rng.int(0, local.length);
    const letter = rng.pick(['x', 'q', 'z'].filter((c) => c !== local[at].toLowerCase()));
    renamedLocal = `${local.slice(0, at)}${letter}${local.slice(at + 1)}`;
  }
  const renamed = `${o.name.slice(0, colon + 1)}${renamedLocal}`;
  const swap = (s: string, p: number) => s.slice(0, p) + renamed + s.slice(p + o.name.length);
  const xml = o.close === undefined ? swap(o.xml, o.open) : swap(swap(o.xml, o.close), o.open);
  return { bytes: writeZip(entries.map((e) => (e === o.entry ? newEntry(e.name, xml) : e))), params: { entry: o.entry.name, from: o.name, to: renamed, at: o.open }, touched: [] };
}
