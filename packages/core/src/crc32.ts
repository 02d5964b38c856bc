/**
 * CRC-32 with the reflected polynomial 0xEDB88320 (ZIP, PNG, zlib, and [MS-OXRTFCP]'s compressed
 * RTF), by table. Node's `zlib.crc32` is faster where it exists (from Node 20.15), but computes only
 * the inverted form and is not in every Node 20 the packages install on.
 */
let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * The CRC register after `data`, from `register`, without the final inversion: ZIP's and PNG's
 * checksum is `crc32Register(data, 0xffffffff) ^ 0xffffffff`; compressed RTF's starts at 0 and is
 * not inverted. Chained calls continue one checksum over several pieces.
 */
export function crc32Register(data: Uint8Array, register: number): number {
  const t = crcTable();
  let c = register >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

/** CRC-32 as ZIP and PNG write it (initial register all ones, result inverted). */
export function crc32(data: Uint8Array): number {
  return (crc32Register(data, 0xffffffff) ^ 0xffffffff) >>> 0;
}
