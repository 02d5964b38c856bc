/**
 * Pictures inside electronic seals. A seal (GM/T 0031 `SES_Seal`, in a seal file or inside a
 * signature's signed value) carries the stamp's picture as an OCTET STRING next to its type
 * (`png`, `jpg`, `bmp`, `gif`, `ofd`, `svg`). Rather than follow one version of that structure,
 * the DER tree is walked and every OCTET STRING whose bytes are a picture or a package is taken:
 * what the stamp shows is read whatever version wrote it.
 */

export interface SealPicture {
  bytes: Uint8Array;
  kind: 'image' | 'zip' | 'svg';
}

/** Deepest nesting followed and most nodes visited: bounds for crafted input. */
const MAX_DEPTH = 32;
const MAX_NODES = 100_000;

/** Pictures and packages found in the DER structure `der`; empty when it is not DER or holds none. */
export function sealPictures(der: Uint8Array): SealPicture[] {
  const out: SealPicture[] = [];
  let nodes = 0;
  const walk = (from: number, to: number, depth: number): void => {
    let p = from;
    while (p < to && nodes++ < MAX_NODES) {
      const tag = der[p];
      let q = p + 1;
      // High tag numbers: continuation bytes.
      if ((tag & 0x1f) === 0x1f) {
        while (q < to && der[q] & 0x80) q++;
        q++;
      }
      if (q >= to) return;
      let len = der[q++];
      if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4 || q + n > to) return;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + der[q++];
      }
      const end = q + len;
      if (end > to) return;
      const constructed = (tag & 0x20) !== 0;
      if (constructed && depth < MAX_DEPTH) walk(q, end, depth + 1);
      else if (tag === 0x04 && len > 8) {
        const body = der.subarray(q, end);
        const kind = pictureKind(body);
        if (kind) out.push({ bytes: body, kind });
        // An OCTET STRING may itself wrap DER (a seal inside a signature).
        else if (depth < MAX_DEPTH && (body[0] === 0x30 || body[0] === 0x31)) walk(q, end, depth + 1);
      }
      p = end;
    }
  };
  walk(0, der.length, 0);
  return out;
}

function pictureKind(b: Uint8Array): SealPicture['kind'] | undefined {
  const at = (sig: number[], o = 0) => sig.every((v, i) => b[o + i] === v);
  if (at([0x89, 0x50, 0x4e, 0x47]) || at([0xff, 0xd8, 0xff]) || at([0x47, 0x49, 0x46, 0x38]) || at([0x42, 0x4d]) || at([0x49, 0x49, 0x2a, 0x00]) || at([0x4d, 0x4d, 0x00, 0x2a])) return 'image';
  if (at([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  const head = new TextDecoder('latin1').decode(b.subarray(0, 256));
  if (/<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/** Width and height in pixels of a PNG, JPEG, GIF or BMP picture, from its header; undefined otherwise. */
export function pixelSize(b: Uint8Array): { width: number; height: number } | undefined {
  const be16 = (o: number) => (b[o] << 8) | b[o + 1];
  const be32 = (o: number) => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];
  const le16 = (o: number) => b[o] | (b[o + 1] << 8);
  const ok = (w: number, h: number) => (w > 0 && h > 0 ? { width: w, height: h } : undefined);
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[12] === 0x49 && b[13] === 0x48) return ok(be32(16), be32(20));
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return ok(le16(6), le16(8));
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return ok(Math.abs(le16(18) | (le16(20) << 16)), Math.abs((le16(22) | (le16(24) << 16)) << 0));
  if (b[0] === 0xff && b[1] === 0xd8) {
    // Walk the markers to the first start-of-frame (not DHT C4, JPG C8, DAC CC).
    let p = 2;
    while (p + 9 < b.length) {
      if (b[p] !== 0xff) return undefined;
      const m = b[p + 1];
      if (m === 0xff) {
        p++;
        continue;
      }
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return ok(be16(p + 7), be16(p + 5));
      if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) {
        p += 2;
        continue;
      }
      p += 2 + be16(p + 2);
    }
  }
  return undefined;
}
