/**
 * A built {@link AhoCorasick} automaton as one block of bytes, and back.
 *
 * Building the automaton over every detector's triggers and a 10,000-term dictionary takes ~0.2–0.3
 * CPU-s; a scanner with several worker threads built it once per thread. A snapshot lets one thread
 * build it and every other thread use the very same tables: the bytes go into a SharedArrayBuffer,
 * and {@link automatonFromSnapshot} makes an automaton whose typed arrays are views over it (no
 * copy, no per-thread memory for the tables).
 *
 * The walk is generic over the automaton's own fields (and its start filter's): typed arrays become
 * regions of the block, everything else (numbers, plain arrays, maps) a JSON description. A field
 * added to either class later travels without a change here; an object of a class not listed in
 * {@link CLASSES} makes {@link snapshotAutomaton} throw, so a test notices rather than a worker
 * getting half an automaton. The tables are only ever read after construction, which is what
 * makes sharing them between threads safe.
 */
import { AhoCorasick } from './aho-corasick.ts';
import { StartFilter } from './start-filter.ts';

/** Classes whose instances a snapshot may hold, by name (their prototypes are restored). */
const CLASSES: ReadonlyMap<string, object> = new Map<string, object>([
  ['AhoCorasick', AhoCorasick.prototype],
  ['StartFilter', StartFilter.prototype],
]);

const TYPED = {
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

type Node =
  | number
  | string
  | boolean
  | null
  | { ta: TypedName; at: number; n: number }
  | { obj: string; props: Record<string, Node> }
  | { arr: Node[] }
  | { map: Array<[Node, Node]> };

/** "PPAC" and the layout of this file's encoding. */
const MAGIC = 0x43415050;
const VERSION = 1;
const HEADER = 12;

function typedName(v: ArrayBufferView): TypedName | undefined {
  for (const name of Object.keys(TYPED) as TypedName[]) if (v instanceof TYPED[name]) return name;
  return undefined;
}

/**
 * The automaton's tables as bytes: in a SharedArrayBuffer when `shared` (default), so worker threads
 * can map them without a copy. Throws when the automaton holds something that cannot travel.
 */
export function snapshotAutomaton(automaton: AhoCorasick, shared = true): Uint8Array {
  const arrays: Array<{ at: number; v: Typed }> = [];
  let size = 0;
  const encode = (v: unknown, path: string): Node => {
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (ArrayBuffer.isView(v)) {
      const ta = typedName(v);
      if (!ta) throw new Error(`automaton snapshot: ${path} is a ${v.constructor.name}`);
      size = Math.ceil(size / 8) * 8;
      const node = { ta, at: size, n: (v as Typed).length };
      arrays.push({ at: size, v: v as Typed });
      size += v.byteLength;
      return node;
    }
    if (Array.isArray(v)) return { arr: v.map((x, i) => encode(x, `${path}[${i}]`)) };
    if (v instanceof Map) return { map: [...v].map(([k, x]) => [encode(k, `${path} key`), encode(x, `${path}.get(${String(k)})`)] as [Node, Node]) };
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v) as object | null;
      const name = proto === Object.prototype ? '' : [...CLASSES].find(([, p]) => p === proto)?.[0];
      if (name === undefined) throw new Error(`automaton snapshot: ${path} is an object of a class a snapshot cannot restore`);
      const props: Record<string, Node> = {};
      for (const [k, x] of Object.entries(v)) props[k] = encode(x, `${path}.${k}`);
      return { obj: name, props };
    }
    throw new Error(`automaton snapshot: ${path} is a ${typeof v}`);
  };
  const meta = new TextEncoder().encode(JSON.stringify(encode(automaton, 'automaton')));
  const dataAt = Math.ceil((HEADER + meta.length) / 8) * 8;
  const total = dataAt + size;
  const bytes = new Uint8Array(shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total));
  const head = new DataView(bytes.buffer);
  head.setUint32(0, MAGIC, true);
  head.setUint32(4, VERSION, true);
  head.setUint32(8, meta.length, true);
  bytes.set(meta, HEADER);
  for (const { at, v } of arrays) bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), dataAt + at);
  return bytes;
}

/**
 * The automaton a {@link snapshotAutomaton} block holds. Its typed arrays are views over `bytes`
 * (shared with every other thread that restored the same block): the block must not be written
 * afterwards. Throws on a block that is not such a snapshot.
 */
export function automatonFromSnapshot(bytes: Uint8Array): AhoCorasick {
  if (bytes.byteOffset % 8 !== 0) throw new Error('automaton snapshot: the block must start 8-byte aligned');
  const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || head.getUint32(0, true) !== MAGIC || head.getUint32(4, true) !== VERSION) throw new Error('automaton snapshot: not a snapshot of this version');
  const metaLength = head.getUint32(8, true);
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + metaLength))) as Node;
  const dataAt = bytes.byteOffset + Math.ceil((HEADER + metaLength) / 8) * 8;
  const decode = (n: Node): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if ('ta' in n) {
      const T = TYPED[n.ta];
      if (!T || dataAt + n.at + n.n * T.BYTES_PER_ELEMENT > bytes.byteOffset + bytes.byteLength) throw new Error('automaton snapshot: a table lies outside the block');
      return new T(bytes.buffer as ArrayBuffer, dataAt + n.at, n.n);
    }
    if ('arr' in n) return n.arr.map(decode);
    if ('map' in n) return new Map(n.map.map(([k, v]) => [decode(k), decode(v)]));
    const proto = n.obj === '' ? Object.prototype : CLASSES.get(n.obj);
    if (!proto) throw new Error(`automaton snapshot: unknown class ${n.obj}`);
    const o = Object.create(proto) as Record<string, unknown>;
    for (const [k, v] of Object.entries(n.props)) o[k] = decode(v);
    return o;
  };
  const automaton = decode(meta);
  if (!(automaton instanceof AhoCorasick)) throw new Error('automaton snapshot: the block does not hold an automaton');
  return automaton;
}
