/**
 * A message as a lenient mail program reads it, where that differs from the MIME parser's reading.
 *
 * postal-mime ends a header block only at an empty line: a line that is no header field (`机密★5年`
 * with no colon, a line of only blanks taken as folding, base64 right after the headers) stays in
 * the header block as a field without a value and is dropped — and with it every line after it up
 * to the blank line, the part's words or the base64 that encodes them. Python's `email` package
 * (and mail programs built like it) starts the body at the first line that is neither a field nor
 * a continuation and shows those words. A header block naming its Content-Type or
 * Content-Transfer-Encoding twice, with different values, is read by the parser with the first
 * copy; other programs take the last, and a multipart or base64 body read the other way is text
 * nobody decoded.
 *
 * {@link lenientReading} writes the message again with both choices made the other way — a blank
 * line before each header block's first line that is no field, the earlier copies of a repeated
 * Content-Type or Content-Transfer-Encoding left out — so that the caller can scan it as a message
 * of its own beside the parser's reading. Header blocks are found on the raw bytes: the message's
 * own, and the one after each delimiter line of every boundary a multipart Content-Type declares.
 */

/** Most header blocks looked at (a crafted message may open many parts): past it, the rest are not. */
const MAX_BLOCKS = 10_000;
/** Most boundaries searched for (as `multipartMargins` does). */
const MAX_BOUNDARIES = 256;

/** A field line: a name of printable ASCII but the colon, then a colon (RFC 5322 ftext). */
const FIELD = /^[!-9;-~]+[ \t]*:/;
/** Headers whose copies decide how a body is read (and, Content-Disposition, what its file is called). */
const DECIDING = /^(content-type|content-transfer-encoding|content-disposition)$/i;

export interface LenientReading {
  /** The message written again; undefined when the lenient reading is the parser's. */
  bytes?: Uint8Array;
  /** Header blocks whose body was made to start at a line that is no header field. */
  bodiesStarted: number;
  /** Header blocks where an earlier copy of a repeated Content-Type or Content-Transfer-Encoding was left out. */
  copiesDropped: number;
}

/** The lines of `raw` from `start`: each line's start, end (before CR LF) and the next line's start. */
function* linesFrom(raw: string, start: number): Generator<{ at: number; end: number; next: number }> {
  let at = start;
  while (at < raw.length) {
    const nl = raw.indexOf('\n', at);
    const next = nl < 0 ? raw.length : nl + 1;
    let end = nl < 0 ? raw.length : nl;
    if (end > at && raw.charCodeAt(end - 1) === 0x0d) end--;
    yield { at, end, next };
    at = next;
  }
}

/**
 * The message of `bytes` (its first header at byte 0) as a lenient reader reads it; see the module
 * comment.
 */
export function lenientReading(bytes: Uint8Array): LenientReading {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const boundaries = new Set<string>();
  for (const m of raw.matchAll(/^content-type:[ \t]*multipart\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)) {
    const b = /boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/i.exec(m[0]);
    const boundary = b?.[1] ?? b?.[2];
    if (boundary && boundaries.size < MAX_BOUNDARIES) boundaries.add(boundary);
  }
  // Where header blocks start: the message's own, and the line after each opening delimiter line.
  const starts = new Set<number>([0]);
  for (const boundary of boundaries) {
    const delim = `--${boundary}`;
    for (let at = raw.indexOf(delim); at >= 0 && starts.size < MAX_BLOCKS; at = raw.indexOf(delim, at + 1)) {
      if (at !== 0 && raw[at - 1] !== '\n') continue;
      const nl = raw.indexOf('\n', at);
      const rest = raw.slice(at + delim.length, nl < 0 ? raw.length : nl).replace(/\r$/, '');
      // An opening delimiter: transport padding (blanks) only after the boundary; a closing one ends with `--`.
      if (!/^[ \t]*$/.test(rest) || nl < 0) continue;
      starts.add(nl + 1);
    }
  }
  /** Edits on the raw text: insert a line break at `at`, or cut [at, end). */
  const edits: Array<{ at: number; end: number; insert?: string }> = [];
  let bodiesStarted = 0;
  let copiesDropped = 0;
  for (const start of [...starts].sort((a, b) => a - b)) {
    const fields: Array<{ name: string; at: number; end: number; value: string }> = [];
    let eol = '\n';
    for (const line of linesFrom(raw, start)) {
      const text = raw.slice(line.at, line.end);
      if (text === '') break;
      const c = text.charCodeAt(0);
      if (c === 0x20 || c === 0x09) {
        // A continuation: part of the field before it (a line of blanks too, as the parser folds it).
        const last = fields[fields.length - 1];
        if (last) (last.end = line.next), (last.value += text);
        else {
          // Blanks before any field: the block opens with a line that is no field.
          if (!/^[ \t]*$/.test(text)) (edits.push({ at: line.at, end: line.at, insert: eol }), bodiesStarted++);
          break;
        }
        continue;
      }
      if (FIELD.test(text)) {
        if (line.end < line.next && raw[line.end] === '\r') eol = '\r\n';
        fields.push({ name: text.slice(0, text.indexOf(':')).trim().toLowerCase(), at: line.at, end: line.next, value: text.slice(text.indexOf(':') + 1) });
        continue;
      }
      // No field and no continuation: a lenient reader's body starts here.
      edits.push({ at: line.at, end: line.at, insert: eol });
      bodiesStarted++;
      break;
    }
    // Repeated deciding headers with different values: the later copy is read, the earlier ones left out.
    const byName = new Map<string, typeof fields>();
    for (const f of fields) if (DECIDING.test(f.name)) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
    let dropped = false;
    for (const copies of byName.values()) {
      if (copies.length < 2) continue;
      const norm = (v: string) => v.replace(/\s+/g, '').toLowerCase();
      if (new Set(copies.map((f) => norm(f.value))).size < 2) continue;
      for (const f of copies.slice(0, -1)) edits.push({ at: f.at, end: f.end });
      dropped = true;
    }
    if (dropped) copiesDropped++;
  }
  if (!edits.length) return { bodiesStarted, copiesDropped };
  edits.sort((a, b) => a.at - b.at || a.end - b.end);
  let out = '';
  let from = 0;
  for (const e of edits) {
    if (e.at < from) continue;
    out += raw.slice(from, e.at) + (e.insert ?? '');
    from = e.end;
  }
  out += raw.slice(from);
  return { bytes: new Uint8Array(Buffer.from(out, 'latin1')), bodiesStarted, copiesDropped };
}
