/**
 * windows-1252, decoded here: Node's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x93 stays
 * U+0093, a control character, where Word wrote “). Word's 8-bit ("compressed") text and 8-bit
 * document properties use this page.
 */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    let s = '';
    for (let j = 0; j < chunk.length; j++) {
      const b = chunk[j];
      s += b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : String.fromCharCode(b);
    }
    out += s;
  }
  return out;
}
