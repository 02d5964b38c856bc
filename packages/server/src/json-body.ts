/**
 * A request's JSON body with every value a repeated member name carried. `JSON.parse` keeps the last
 * of `{"html": "<p>机密★5年</p>…", "html": "<p>…</p>"}`; a CMS whose parser keeps the first (or
 * merges them) publishes the other. Such a body is parsed again keeping each value: a repeated
 * member becomes a {@link Repeated} holding its values in order, read like a multipart field sent
 * twice.
 */
import { HttpError } from './context.ts';

/** The values of a member name given more than once in one object, in the order written. */
export class Repeated {
  constructor(readonly values: unknown[]) {}
  /** As JSON (a field scanned as a document): the list of its values. */
  toJSON(): unknown[] {
    return this.values;
  }
}

/** Objects and arrays nested deeper than this are refused (400): no reading walks past it. */
export const MAX_JSON_DEPTH = 512;

const WS = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the JSON string opening at `i` ends (past its closing quote); the text is valid JSON. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    // The quote is escaped when an odd number of backslashes precedes it.
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The string token `[i, end)` as its value. */
const stringValue = (text: string, i: number, end: number): string => {
  const raw = text.slice(i + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
};

/**
 * Whether any object of the (valid) JSON text names a member twice, and how deep it nests. Linear:
 * strings are passed over by searching for their closing quote.
 */
function scan(text: string): { repeated: boolean; depth: number } {
  const stack: Array<Set<string> | null> = [];
  let repeated = false;
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top) {
        let j = end;
        while (j < text.length && WS(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 0x3a) {
          const key = stringValue(text, i, end);
          if (top.has(key)) repeated = true;
          top.add(key);
        }
      }
      i = end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      stack.push(c === 0x7b ? new Set() : null);
      if (stack.length > depth) depth = stack.length;
    } else if (c === 0x7d || c === 0x5d) stack.pop();
    i++;
  }
  return { repeated, depth };
}

/** The (valid) JSON text parsed with repeated members kept as {@link Repeated}. */
function parseKeeping(text: string): unknown {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && WS(text.charCodeAt(i))) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const s = stringValue(text, i, end);
      i = end;
      return s;
    }
    if (c === 0x7b) {
      i++;
      const out: Record<string, unknown> = {};
      const seen = new Map<string, unknown[]>();
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const end = stringEnd(text, i);
        const key = stringValue(text, i, end);
        i = end;
        ws();
        i++; // :
        const v = value();
        const list = seen.get(key);
        if (list) list.push(v);
        else seen.set(key, [v]);
        ws();
        if (text.charCodeAt(i++) === 0x7d) break;
      }
      for (const [k, vs] of seen) Object.defineProperty(out, k, { value: vs.length > 1 ? new Repeated(vs) : vs[0], enumerable: true, writable: true, configurable: true });
      return out;
    }
    if (c === 0x5b) {
      i++;
      const out: unknown[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text.charCodeAt(i++) === 0x5d) break;
      }
      return out;
    }
    // A number, true, false or null: up to the next delimiter.
    const from = i;
    while (i < text.length && !/[,}\]\s]/.test(text[i])) i++;
    return JSON.parse(text.slice(from, i));
  };
  return value();
}

/**
 * The body as JSON: invalid JSON and nesting past {@link MAX_JSON_DEPTH} are 400; a body naming a
 * member twice in one object keeps every value (see {@link Repeated}). A leading byte order mark is
 * passed over.
 */
export function parseJsonBody(body: string): unknown {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid-json', `the JSON body could not be parsed: ${(e as Error).message}`, { detail: (e as Error).message });
  }
  const { repeated, depth } = scan(text);
  if (depth > MAX_JSON_DEPTH) throw new HttpError(400, 'invalid-request', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, { field: 'body', expected: `at most ${MAX_JSON_DEPTH} levels` });
  return repeated ? parseKeeping(text) : parsed;
}
