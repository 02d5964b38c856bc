/**
 * CMS / PKCS #7 (RFC 5652): S/MIME signatures and signed or encrypted messages (`smime.p7s`,
 * `smime.p7m`, `application/pkcs7-*`).
 *
 * - A detached signature (the second part of a `multipart/signed` mail) holds no content, only
 *   certificates and signatures: the signed text is the mail's other part, read there. Read here,
 *   it says so and names its signers. Before, it was binary of an unknown format, so every signed
 *   mail went to review with nothing to review.
 * - Signed data that carries its content (opaque signing, a `.p7m`) hands the content on as a file
 *   of its own (for S/MIME a MIME entity, which the e-mail reader reads).
 * - Enveloped or encrypted data cannot be read without the recipient's key: unread, `encrypted`.
 * - Anything that does not parse is unread (`corrupt`); bytes after the structure are handed on as
 *   a file of their own, as the archive readers do with data after their end.
 *
 * Parsing by @peculiar/asn1-cms (on asn1js: BER, so the indefinite lengths of streamed S/MIME too).
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, EncapsulatedContent, SignedData, id_data, id_encryptedData, id_envelopedData, id_signedData } from '@peculiar/asn1-cms';
import type { Name } from '@peculiar/asn1-x509';
import { fromBER, OctetString as BerOctetString } from 'asn1js';
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor } from '@prepub/core';
import { looksLikeCms, looksLikePemCms, PEM_CMS_BEGIN } from './format.ts';

/** RFC 5083 authenticated-enveloped data (AES-GCM S/MIME 4.0): encrypted like enveloped data. */
const ID_AUTH_ENVELOPED = '1.2.840.113549.1.9.16.1.23';

/** Short names of the attribute types certificates name people and offices with. */
const NAME_TYPES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.6': 'C',
  '2.5.4.12': 'title',
  '1.2.840.113549.1.9.1': 'E',
};

/** `CN=…, O=…` of an X.509 name, every attribute kept (an unknown type by its object identifier). */
function nameText(name: Name): string {
  return name
    .flatMap((rdn) => rdn.map((a) => `${NAME_TYPES[a.type] ?? a.type}=${a.value.toString()}`))
    .join(', ');
}

/** The bytes of encapsulated content: a primitive OCTET STRING, or the chunks of a constructed one (BER streaming). */
function contentBytes(content: EncapsulatedContent): Uint8Array {
  if (content.single) return new Uint8Array(content.single.buffer);
  const any = content.any ? new Uint8Array(content.any) : new Uint8Array(0);
  // A constructed OCTET STRING arrives whole in `any`: its chunks are joined here.
  const parsed = fromBER(any);
  if (parsed.offset > 0 && parsed.result instanceof BerOctetString) return new Uint8Array(parsed.result.getValue());
  return any;
}

/** Where the outermost structure of `bytes` ends (BER: indefinite lengths included), or -1. */
function structureEnd(bytes: Uint8Array): number {
  return fromBER(bytes).offset;
}

/**
 * A PEM file of CMS / PKCS #7 ({@link looksLikePemCms}): each block's base64 decoded and handed on
 * as a DER file of its own (read by this reader in its turn: signed content opened, encrypted
 * content unread), and the text outside the blocks (explanatory text, other PEM blocks such as
 * certificates) handed on as text. A block without its END line runs to the end of the file.
 */
function readPem(bytes: Uint8Array, result: Extraction): Extraction {
  const embedded = result.embedded as EmbeddedFile[];
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  let outside = '';
  let from = 0;
  let n = 0;
  PEM_CMS_BEGIN.lastIndex = 0;
  for (let m = PEM_CMS_BEGIN.exec(raw); m; m = PEM_CMS_BEGIN.exec(raw)) {
    if (m.index < from) continue;
    outside += raw.slice(from, m.index);
    const bodyStart = raw.indexOf('\n', m.index) + 1 || raw.length;
    const endLine = new RegExp(`^-----END ${m[1]}-----[ \\t]*\\r?$`, 'm');
    const rest = raw.slice(bodyStart);
    const e = endLine.exec(rest);
    const body = e ? rest.slice(0, e.index) : rest;
    const after = e ? bodyStart + e.index + e[0].length : raw.length;
    n++;
    // RFC 1421 headers (`Proc-Type:`) are not written for CMS; a line with a colon is no base64 and is skipped.
    const b64 = body.split(/\r?\n/).filter((l) => !l.includes(':')).join('').replace(/\s+/g, '');
    embedded.push({ name: `PEM block ${n}.p7m`, bytes: new Uint8Array(Buffer.from(b64, 'base64')), origin: { filePart: `PEM block ${n}`, detail: `-----BEGIN ${m[1]}----- at byte ${m.index}${e ? '' : ', without its END line'}` } });
    from = after;
    PEM_CMS_BEGIN.lastIndex = Math.max(after, m.index + 1);
  }
  outside += raw.slice(from);
  if (outside.trim()) embedded.push({ name: 'text outside the PEM blocks.txt', bytes: new Uint8Array(Buffer.from(outside, 'latin1')), origin: { filePart: 'file', detail: 'text before, between and after the PEM blocks' } });
  result.info!.cms = `PEM, ${n} block${n === 1 ? '' : 's'}`;
  return result;
}

export async function extractCms(bytes: Uint8Array, _ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'pkcs7', mediaType: 'application/pkcs7-mime', parts: [], unread: [], embedded: [], info: {} };
  const embedded = result.embedded as EmbeddedFile[];
  if (!looksLikeCms(bytes) && looksLikePemCms(bytes)) return readPem(bytes, result);
  const corrupt = (what: string, err: unknown) => {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: `${what} could not be parsed: ${(err as Error)?.message ?? err}.` });
    return result;
  };
  let info: ContentInfo;
  try {
    info = AsnConvert.parse(bytes, ContentInfo);
  } catch (err) {
    return corrupt('The CMS (PKCS #7) structure', err);
  }
  // Bytes after the structure are no part of it: read as a file of their own.
  const end = structureEnd(bytes);
  if (end > 0 && end < bytes.length && bytes.subarray(end).some((b) => b !== 0)) {
    embedded.push({ name: 'data after the structure', bytes: bytes.subarray(end), origin: { filePart: 'file', detail: `bytes ${end}–${bytes.length} after the CMS structure` } });
  }
  switch (info.contentType) {
    case id_signedData: {
      let signed: SignedData;
      try {
        signed = AsnConvert.parse(info.content, SignedData);
      } catch (err) {
        return corrupt('The signed data', err);
      }
      const content = signed.encapContentInfo.eContent;
      result.info!.cms = content ? 'signed data with its content' : 'detached signature (no content)';
      const signers = new PartBuilder('signers', 'metadata', { filePart: 'certificates', detail: 'names in the certificates' });
      for (const choice of signed.certificates ?? []) {
        const cert = choice.certificate?.tbsCertificate;
        if (!cert) continue;
        signers.append(`subject: ${nameText(cert.subject)}`);
        signers.endParagraph({ kind: 'paragraph' });
        signers.append(`issuer: ${nameText(cert.issuer)}`);
        signers.endParagraph({ kind: 'paragraph' });
      }
      if (!signers.blank) result.parts.push(signers.toPart());
      if (content) embedded.push({ name: 'signed content', bytes: contentBytes(content), origin: { filePart: 'signed content', detail: `content of type ${signed.encapContentInfo.eContentType}` } });
      return result;
    }
    case id_data: {
      result.info!.cms = 'data';
      try {
        embedded.push({ name: 'content', bytes: new Uint8Array(AsnConvert.parse(info.content, OctetString).buffer), origin: { filePart: 'content' } });
      } catch (err) {
        return corrupt('The data', err);
      }
      return result;
    }
    case id_envelopedData:
    case id_encryptedData:
    case ID_AUTH_ENVELOPED:
      result.info!.cms = 'encrypted';
      result.unread.push({ where: 'file', reason: 'encrypted', detail: 'The content is encrypted (CMS / S/MIME enveloped data): it cannot be read without the recipient’s key.' });
      return result;
    default:
      result.unread.push({ where: 'file', reason: 'unsupported-format', detail: `CMS content of type ${info.contentType} is not one prepub reads.` });
      return result;
  }
}

export const cmsExtractor: Extractor = { format: 'pkcs7', extract: (bytes, ctx) => extractCms(bytes, ctx) };
