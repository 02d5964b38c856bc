/**
 * A ZIP writer for tests that can write what ordinary writers refuse to: the same name twice, an
 * end record with a wrong entry count, entries missing from the central directory, data
 * descriptors, ZIP64 records, damaged deflate data. Every byte is laid out here, per APPNOTE.TXT.
 */
import { crc32 } from 'node:zlib';
import { deflateSync, strToU8 } from 'fflate';

export interface RawEntry {
  name: string;
  data: Uint8Array | string;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** Write sizes and CRC in a data descriptor after the data (flag bit 3), zeros in the local header. */
  descriptor?: boolean;
  /** Write the descriptor without its optional signature. */
  descriptorWithoutSignature?: boolean;
  /** Leave the entry out of the central directory (it exists only as a local header and data). */
  notInCentral?: boolean;
  /** Replace the compressed bytes after compression (to damage them). */
  mangle?: (compressed: Uint8Array) => Uint8Array;
  /** Values written in the central record in place of the true ones (the local header keeps the truth). */
  central?: { compressedSize?: number; size?: number; crc?: number; method?: number; flags?: number };
}

export interface ZipOptions {
  /** Entry count written in the end record (default: the number of central records). */
  eocdCount?: number;
  /** Write ZIP64 extra fields, a ZIP64 end record and locator, and saturate the 32-bit fields. */
  zip64?: boolean;
  /** Bytes written between the last entry and the central directory. */
  beforeCentral?: Uint8Array;
  /** Bytes written after the end record (outside its comment). */
  trailing?: Uint8Array;
  /** The end record's comment. */
  comment?: Uint8Array;
}

class Out {
  chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u16(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
  }
  u32(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
  }
  u64(v: number): void {
    this.u32(v % 0x100000000);
    this.u32(Math.floor(v / 0x100000000));
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) out.set(c, o), (o += c.length);
    return out;
  }
}

/** Writes a ZIP archive exactly as described. */
export function writeZip(entries: RawEntry[], options: ZipOptions = {}): Uint8Array {
  const out = new Out();
  const central: Array<{ e: RawEntry; name: Uint8Array; crc: number; comp: number; size: number; offset: number; flags: number; method: number }> = [];
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? strToU8(e.data) : e.data;
    const method = e.method ?? 8;
    let comp = method === 8 ? deflateSync(raw) : raw;
    if (e.mangle) comp = e.mangle(comp);
    const crc = crc32(raw);
    const name = strToU8(e.name);
    const flags = 0x800 | (e.descriptor ? 0x8 : 0);
    const offset = out.length;
    const z64 = !!options.zip64;
    out.u32(0x04034b50);
    out.u16(z64 ? 45 : 20);
    out.u16(flags);
    out.u16(method);
    out.u32(0); // time, date
    out.u32(e.descriptor ? 0 : crc);
    out.u32(e.descriptor ? 0 : z64 ? 0xffffffff : comp.length);
    out.u32(e.descriptor ? 0 : z64 ? 0xffffffff : raw.length);
    out.u16(name.length);
    out.u16(z64 ? 20 : 0);
    out.bytes(name);
    if (z64) {
      out.u16(0x0001);
      out.u16(16);
      out.u64(e.descriptor ? 0 : raw.length);
      out.u64(e.descriptor ? 0 : comp.length);
    }
    out.bytes(comp);
    if (e.descriptor) {
      if (!e.descriptorWithoutSignature) out.u32(0x08074b50);
      out.u32(crc);
      if (z64) out.u64(comp.length), out.u64(raw.length);
      else out.u32(comp.length), out.u32(raw.length);
    }
    if (!e.notInCentral) central.push({ e, name, crc, comp: comp.length, size: raw.length, offset, flags, method });
  }
  if (options.beforeCentral) out.bytes(options.beforeCentral);
  const cdStart = out.length;
  for (const c of central) {
    const z64 = !!options.zip64;
    const o = c.e.central ?? {};
    if (o.compressedSize !== undefined) c.comp = o.compressedSize;
    if (o.size !== undefined) c.size = o.size;
    out.u32(0x02014b50);
    out.u16(z64 ? 45 : 20);
    out.u16(z64 ? 45 : 20);
    out.u16(o.flags ?? c.flags);
    out.u16(o.method ?? c.method);
    out.u32(0);
    out.u32(o.crc ?? c.crc);
    out.u32(z64 ? 0xffffffff : c.comp);
    out.u32(z64 ? 0xffffffff : c.size);
    out.u16(c.name.length);
    out.u16(z64 ? 28 : 0);
    out.u16(0); // comment
    out.u16(0); // disk
    out.u16(0); // internal attributes
    out.u32(0); // external attributes
    out.u32(z64 ? 0xffffffff : c.offset);
    out.bytes(c.name);
    if (z64) {
      out.u16(0x0001);
      out.u16(24);
      out.u64(c.size);
      out.u64(c.comp);
      out.u64(c.offset);
    }
  }
  const cdSize = out.length - cdStart;
  const count = options.eocdCount ?? central.length;
  if (options.zip64) {
    const z = out.length;
    out.u32(0x06064b50);
    out.u64(44);
    out.u16(45);
    out.u16(45);
    out.u32(0);
    out.u32(0);
    out.u64(count);
    out.u64(count);
    out.u64(cdSize);
    out.u64(cdStart);
    out.u32(0x07064b50);
    out.u32(0);
    out.u64(z);
    out.u32(1);
  }
  out.u32(0x06054b50);
  out.u16(0);
  out.u16(0);
  out.u16(options.zip64 ? 0xffff : count);
  out.u16(options.zip64 ? 0xffff : count);
  out.u32(options.zip64 ? 0xffffffff : cdSize);
  out.u32(options.zip64 ? 0xffffffff : cdStart);
  out.u16(options.comment?.length ?? 0);
  if (options.comment) out.bytes(options.comment);
  if (options.trailing) out.bytes(options.trailing);
  return out.done();
}
