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
