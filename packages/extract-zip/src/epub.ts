/**
 * EPUB books (EPUB 2 and 3, OCF containers). A reading system shows the book's XHTML (and SVG)
 * documents with their style sheets; every one of them, the package document (title, description,
 * creators) and the navigation are files of the archive, and the archive reader scans each entry
 * with the reader of its kind. So a book is read completely once the container is known to be an
 * EPUB and nothing in it is encrypted:
 *
 * - `mimetype` holds `application/epub+zip` and `META-INF/container.xml` names a package document
 *   that the archive holds; otherwise the file stays a document package prepub does not read
 *   (unsupported-format, as before);
 * - `META-INF/encryption.xml` lists resources the book keeps encrypted. A resource under DRM cannot
 *   be read (unread, encrypted). A font obfuscated by the IDPF or Adobe algorithm is only XOR-ed at
 *   its start with a key derived from the book's identifier: it is turned back into its bytes and
 *   scanned like any other entry, so a "font" that is really a document is read.
 */
import { createHash } from 'node:crypto';
import { anySwap, drawnText, fontSwaps, type EmbeddedFile, type Loss, type UnreadItem } from '@prepub/core';
import { attr, decodeXml, localName, parseXml } from '@prepub/extract-docx/xml';

/** The IDPF font obfuscation algorithm (EPUB 3 OCF §4.4): SHA-1 of the identifier, first 1,040 bytes. */
const IDPF_OBFUSCATION = 'http://www.idpf.org/2008/embedding';
/** Adobe's font mangling: the identifier's UUID as 16 bytes, first 1,024 bytes. */
const ADOBE_OBFUSCATION = 'http://ns.adobe.com/pdf/enc#RC';

/** What the archive reader needs to know about an EPUB container. */
export interface EpubContainer {
  /** The package document (OPF) the container names. */
  packagePath: string;
  /** Entries to de-obfuscate before scanning: name → the key and how many bytes it covers. */
  obfuscated: Map<string, { key: Uint8Array; length: number }>;
  /** Entries encrypted with anything but font obfuscation (DRM): not readable. */
  encrypted: Set<string>;
  /** What could not be made out of the container's own files (unread). */
  unread: UnreadItem[];
}

/** Largest container, package or encryption document read (real ones are a few kB; a book's OPF a few hundred). */
const MAX_META_BYTES = 4 << 20;

/**
 * The EPUB container of an archive, or undefined when the archive is not a well-formed EPUB
 * (`mimetype` not `application/epub+zip`, no container document, or one naming no package the
 * archive holds). `read` gives an entry's bytes (undefined when it is missing or unreadable).
 */
export function epubContainer(read: (name: string) => Uint8Array | undefined | Unreadable): EpubContainer | undefined {
  const mimetype = read('mimetype');
  if (!(mimetype instanceof Uint8Array) || new TextDecoder().decode(mimetype.subarray(0, 64)).trim() !== 'application/epub+zip') return undefined;
  const container = readXml(read, 'META-INF/container.xml');
  if (container === undefined) return undefined;
  let packagePath: string | undefined;
  parseXml(container, {
    open(name, attrs) {
      if (packagePath === undefined && localName(name) === 'rootfile') {
        const media = attr(attrs, 'media-type');
        const path = attr(attrs, 'full-path');
        if (path && (media === undefined || media === 'application/oebps-package+xml')) packagePath = decodeURIComponent(path).replace(/^\/+/, '');
      }
    },
    close() {},
    text() {},
  });
  if (packagePath === undefined) return undefined;
  const opf = readXml(read, packagePath);
  if (opf === undefined) return undefined;
  const out: EpubContainer = { packagePath, obfuscated: new Map(), encrypted: new Set(), unread: [] };
  const encryption = read('META-INF/encryption.xml');
  if (encryption === undefined) return out;
  // A list that is there but cannot be read is no evidence that nothing is encrypted.
  const xml = encryption instanceof Uint8Array && encryption.length <= MAX_META_BYTES ? safeDecode(encryption) : undefined;
  if (xml === undefined) {
    const why = encryption instanceof Uint8Array ? (encryption.length > MAX_META_BYTES ? `larger than the ${MAX_META_BYTES} bytes read` : 'not text') : encryption.why;
    out.unread.push({ where: 'META-INF/encryption.xml', reason: encryption instanceof Uint8Array && encryption.length > MAX_META_BYTES ? 'limit' : 'corrupt', detail: `The book's list of encrypted resources (META-INF/encryption.xml) could not be read (${why}): which of its files are encrypted is not known, and they may not have been read.`, origin: { filePart: 'META-INF/encryption.xml' } });
    return out;
  }
  const listed = encryptedResources(xml);
  const uid = uniqueIdentifier(opf);
  for (const { uri, algorithm } of listed) {
    const key = algorithm === IDPF_OBFUSCATION ? idpfKey(uid) : algorithm === ADOBE_OBFUSCATION ? adobeKey(uid) : undefined;
    if (key) out.obfuscated.set(uri, { key, length: algorithm === IDPF_OBFUSCATION ? 1040 : 1024 });
    else out.encrypted.add(uri);
  }
  return out;
}

/** An entry's bytes with the font obfuscation taken off (a copy; the archive's bytes are not touched). */
export function deobfuscate(data: Uint8Array, how: { key: Uint8Array; length: number }): Uint8Array {
  const out = data.slice();
  const n = Math.min(how.length, out.length);
  for (let i = 0; i < n; i++) out[i] ^= how.key[i % how.key.length];
  return out;
}

function safeDecode(bytes: Uint8Array): string | undefined {
  try {
    return decodeXml(bytes);
  } catch {
    return undefined;
  }
}

/** An entry the archive holds but whose bytes could not be had (damaged, past a limit). */
export interface Unreadable {
  why: string;
}

function readXml(read: (name: string) => Uint8Array | undefined | Unreadable, name: string): string | undefined {
  const b = read(name);
  return b instanceof Uint8Array && b.length <= MAX_META_BYTES ? safeDecode(b) : undefined;
}

/** The resources `encryption.xml` lists, each with the algorithm of its `EncryptionMethod`. */
function encryptedResources(xml: string): Array<{ uri: string; algorithm: string }> {
  const out: Array<{ uri: string; algorithm: string }> = [];
  let algorithm = '';
  let depth = 0;
  parseXml(xml, {
    open(name, attrs) {
      const n = localName(name);
      if (n === 'EncryptedData') {
        depth++;
        algorithm = '';
      } else if (depth > 0 && n === 'EncryptionMethod' && !algorithm) algorithm = attr(attrs, 'Algorithm') ?? '';
      else if (depth > 0 && n === 'CipherReference') {
        const uri = attr(attrs, 'URI');
        if (uri) out.push({ uri: safeUri(uri).replace(/^(?:\.?\/)+/, ''), algorithm });
      }
    },
    close(name) {
      if (localName(name) === 'EncryptedData') depth = Math.max(0, depth - 1);
    },
    text() {},
  });
  return out;
}

function safeUri(u: string): string {
  try {
    return decodeURIComponent(u);
  } catch {
    return u;
  }
}

/** The package's unique identifier: the `dc:identifier` whose id the package element names. */
function uniqueIdentifier(opf: string): string {
  let wanted: string | undefined;
  let inId: string | undefined;
  let first: string | undefined;
  let found: string | undefined;
  let buf = '';
  parseXml(opf, {
    open(name, attrs) {
      const n = localName(name);
      if (n === 'package') wanted = attr(attrs, 'unique-identifier');
      else if (n === 'identifier') {
        inId = attr(attrs, 'id') ?? '';
        buf = '';
      }
    },
    close(name) {
      if (localName(name) !== 'identifier' || inId === undefined) return;
      first ??= buf;
      if (found === undefined && wanted !== undefined && inId === wanted) found = buf;
      inId = undefined;
    },
    text(t) {
      if (inId !== undefined) buf += t;
    },
  });
  return (found ?? first ?? '').trim();
}

/** IDPF: SHA-1 of the identifier with every white space removed. */
function idpfKey(uid: string): Uint8Array {
  return new Uint8Array(createHash('sha1').update(uid.replace(/[\u0020\u0009\u000d\u000a]/g, ''), 'utf8').digest());
}

/** Adobe: the identifier's UUID (`urn:uuid:…`) as its 16 bytes; none when it holds no UUID. */
function adobeKey(uid: string): Uint8Array | undefined {
  const hex = uid.replace(/^urn:uuid:/i, '').replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Most fonts of a book looked into, and most content documents read again as drawn. */
const MAX_DRAWN_COPIES = 500;
/** Content documents a reading system shows. */
const CONTENT_DOC = /\.(?:x?html?|xht)$/i;

/**
 * A book's fonts draw its text by their cmaps, which may give a character another character's
 * glyph: a font whose cmap sends 一 and 二 to glyphs named uni673A and uni5BC6 shows 机密★5年 where
 * the chapter holds 一二★5年 (@prepub/core's fontDrawnAs). Where a font names glyphs so, each
 * content document holding such characters is handed on again with them swapped in its text (not
 * inside tags or references): `ch1@as-drawn.xhtml`, read like the chapter. Which element uses the
 * font is not weighed. A font that does so for ideographs, or whose unnamed glyphs of an
 * ideograph's many contours draw Latin letters, is a loss.
 */
export function booksDrawnAs(files: readonly EmbeddedFile[]): { copies: EmbeddedFile[]; loss: Loss[] } {
  const { swaps, loss } = fontSwaps(files, "The book's font");
  const copies: EmbeddedFile[] = [];
  if (!anySwap(swaps)) return { copies, loss };
  for (const f of files) {
    if (copies.length >= MAX_DRAWN_COPIES) break;
    if (!CONTENT_DOC.test(f.name)) continue;
    const text = new TextDecoder().decode(f.bytes);
    let changed = false;
    // Text between tags and references only: markup stays as it is.
    const out = text.replace(/(<[^>]*>|&#?\w+;)|[^<&]+/g, (m, markup?: string) => {
      if (markup) return m;
      const drawn = drawnText(m, swaps);
      if (drawn === undefined) return m;
      changed = true;
      return drawn;
    });
    if (!changed) continue;
    copies.push({ name: f.name.replace(CONTENT_DOC, (ext) => `@as-drawn${ext}`), bytes: new TextEncoder().encode(out), origin: { ...f.origin, detail: "the content document read as the book's fonts draw it (their glyph names), not as its characters say" } });
  }
  return { copies, loss };
}
