import type { TextPart } from '@prepub/core';

/**
 * The file's own name as a part: a level is often written into it (`秘密-……清单.xlsx`,
 * `机密★5年-关于….docx`), and an archive entry's or attachment's name is all the container says of
 * it. Only names with a character beyond ASCII are read: every marking this product knows outside
 * English has one, and a plain `report-2024.pdf` stays without a part of its own (its coverage list
 * unchanged). The directory is left out: it is the uploader's, not the document's.
 *
 * A name kept in an encoding (what downloads, web systems and mail programs leave on disk:
 * `%E6%9C%BA%E5%AF%86….docx`, GBK percent escapes, `=?GB2312?B?…?=.docx`, Latin-1 letters of GBK
 * bytes) is read as the name it encodes: the words a user means, and a reader decoding it sees.
 */
export function fileNamePart(filename: string | undefined): TextPart | undefined {
  if (!filename) return undefined;
  const raw = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const shown = shownFileName(raw);
  const name = shown ?? raw;
  if (!/[^\x00-\x7f]/.test(name)) return undefined;
  const detail = shown ? `the name of the file, decoded from ${JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw)}` : 'the name of the file';
  return { id: 'file-name', role: 'metadata', text: name, origin: { filePart: 'file name', detail }, blocks: [{ start: 0, end: name.length, kind: 'line', index: 1, field: 'file-name' }] };
}

/** Bytes as text: UTF-8 when valid, else GB18030 when valid; undefined when neither. */
function bytesText(bytes: Uint8Array, charset?: string): string | undefined {
  for (const label of charset ? [charset] : ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      // the next encoding
    }
  }
  return undefined;
}

const cjk = (s: string): number => s.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;

/**
 * The name an encoded file name stands for, or undefined when it is none: MIME encoded words
 * (`=?UTF-8?B?…?=`, `_` for a `/` a file system cannot hold), percent escapes (UTF-8, else GBK;
 * twice-encoded `%25E6` too), `%u673A`, `#U673a`, `_x673a_`, `:e6:9c:ba` and `&#26426;` escapes, and Latin-1 letters that are the
 * bytes of a UTF-8 or GBK name (an archive unpacked under another code page).
 */
export function shownFileName(name: string): string | undefined {
  let s = name;
  if (s.includes('=?')) {
    s = s.replace(/=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g, (w, cs: string, enc: string, t: string) => {
      const bytes = /b/i.test(enc) ? Buffer.from(t.replace(/_/g, '/'), 'base64') : Buffer.from(t.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      let label = cs.split('*')[0].toLowerCase();
      if (/^(gb2312|gbk|cp936|x-gbk)$/.test(label)) label = 'gb18030';
      try {
        return bytesText(new Uint8Array(bytes), label) ?? w;
      } catch {
        return w;
      }
    });
  }
  for (let pass = 0; pass < 2 && /%[0-9a-fA-F]{2}/.test(s); pass++) {
    const next = s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => bytesText(new Uint8Array(Buffer.from(run.replace(/%/g, ''), 'hex'))) ?? run);
    if (next === s) break;
    s = next;
  }
  s = s.replace(/%u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  // #U673a (old Mac and Samba's mangling of what their file system could not hold), _x673a_ (OOXML's
  // escape of a name's character, which an exported part or attachment keeps).
  s = s.replace(/#U([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  s = s.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  // :e6:9c:ba (Samba's CAP encoding of a name's bytes): runs with a byte beyond ASCII only, so a time stays as it is.
  s = s.replace(/(?::[0-9a-fA-F]{2}){2,}/g, (run) => (/:[89a-fA-F][0-9a-fA-F]/.test(run) ? bytesText(new Uint8Array(Buffer.from(run.replace(/:/g, ''), 'hex'))) ?? run : run));
  s = s.replace(/&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g, (w, h: string | undefined, d: string | undefined) => {
    const cp = h ? parseInt(h, 16) : parseInt(d!, 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : w;
  });
  // Latin-1 letters that are a Chinese name's bytes: »úÃÜ¡ï5Äê is 机密★5年 in GBK.
  if (/^[\x00-\xff]*$/.test(s) && /[\x80-\xff][\x80-\xff]/.test(s)) {
    const t = bytesText(new Uint8Array(Buffer.from(s, 'latin1')));
    if (t && cjk(t) >= 2) s = t;
  }
  return s !== name && /[^\x00-\x7f]/.test(s) ? s : undefined;
}
