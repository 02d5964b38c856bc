/**
 * Ciphertext written as text: an OpenPGP message in ASCII armor (`-----BEGIN PGP MESSAGE-----`,
 * what `gpg -a` and every mail plug-in write, inline in a body or as an `.asc` attachment) and an
 * age file in armor. The letters are text, so a text reader reads them, finds nothing and would
 * pass what is sealed: the block is content not read. A clear-signed message
 * (`BEGIN PGP SIGNED MESSAGE`) is text in clear and is read as such.
 */
const HEADS = ['-----BEGIN PGP MESSAGE-----', '-----BEGIN AGE ENCRYPTED FILE-----'];
const NAMES = ['an OpenPGP message', 'an age-encrypted file'];

/** What kind of armored ciphertext `text` holds (the first found) and how many blocks, or undefined. */
export function armoredCiphertext(text: string | Uint8Array): { kind: string; count: number } | undefined {
  let found: { kind: string; count: number } | undefined;
  HEADS.forEach((head, k) => {
    let count = 0;
    for (let at = find(text, head, 0); at >= 0; at = find(text, head, at + head.length)) count++;
    if (count && !found) found = { kind: NAMES[k], count };
  });
  return found;
}

/** The first `needle` in `text` from `from` (on bytes, Buffer's native search: the needles are ASCII). */
function find(text: string | Uint8Array, needle: string, from: number): number {
  if (typeof text === 'string') return text.indexOf(needle, from);
  return Buffer.from(text.buffer, text.byteOffset, text.byteLength).indexOf(needle, from, 'latin1');
}
