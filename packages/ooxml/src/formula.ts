/**
 * What a spreadsheet formula can show, from its literals: a formula computed when the workbook
 * opens (no cached result, or a stale one under `fullCalcOnLoad`) shows text its string and number
 * literals spell, joined by `&`, CONCATENATE, CONCAT or TEXTJOIN, passed through T, TRIM, UPPER …,
 * returned by a branch of IF, IFS, CHOOSE, SWITCH, IFERROR, or looked up in an array constant of
 * literals (`VLOOKUP(1,{1,"机密★5年"},2,FALSE)`, INDEX, XLOOKUP, FILTER, SORT …: an array's elements
 * are values a cell shows, or spills into its neighbours). That text is the cell's possible value,
 * to be read like a value typed in the cell.
 *
 * Sound rather than complete: only literals that can be (part of) the formula's result are used.
 * A literal compared against (`IF(A1="机密","x","y")`), a criterion (`COUNTIF(B:B,"机密")`), a
 * lookup key or an argument of a function not known here gives nothing: it is not what the cell
 * shows. References and other values not known here join as nothing (`"机密★"&A1&"年"` →
 * `机密★年`). Excel syntax (`,` separators) and OpenFormula (`of:=`, `;` separators, `[.A1]`
 * references) alike. Never throws; bounded in alternatives, length and nesting.
 */
import { formatValue } from './number-format.ts';

/** Alternatives of one value: every text it may be. `UNKNOWN` is a value not known here (a reference, a number computed from one). */
type Value = {
  texts: string[];
  known: boolean;
  number?: number;
  /** Texts past MAX_ALTERNATIVES that may stand somewhere in the result: read alone, never joined further. */
  loose?: string[];
  /** An array constant's elements, row by row (`{"机密","★5年";1,2}`): its texts are every element, each a cell it spills into. */
  rows?: Value[][];
};

const UNKNOWN: Value = { texts: [''], known: false };
/** What a function not modelled here gives: a value not known here (compared by identity). */
const UNMODELLED: Value = { texts: [''], known: false };
const MAX_ALTERNATIVES = 32;
/** Most characters of loose pieces (alternatives past MAX_ALTERNATIVES) a value carries. */
const MAX_LOOSE_CHARS = 65536;
const MAX_LENGTH = 4096;
const MAX_DEPTH = 64;

function text(s: string): Value {
  return { texts: [s.slice(0, MAX_LENGTH)], known: true };
}

function num(n: number): Value {
  return Number.isFinite(n) ? { texts: [formatNumber(n)], known: true, number: n } : UNKNOWN;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** Whether the analysis under way (analyseFormula is synchronous) dropped a loose piece at MAX_LOOSE_CHARS. */
let looseDropped = false;

/** Alternatives of several values, and the loose pieces any of them carries (see {@link Value}). */
function loosen(vs: Value[], more: string[] = []): string[] | undefined {
  const out = new Set<string>();
  let size = 0;
  for (const t of [...vs.flatMap((v) => v.loose ?? []), ...more]) {
    if (!t || out.has(t)) continue;
    // Past the bound a piece is not kept: what the cell may show is then not told whole.
    if (size + t.length > MAX_LOOSE_CHARS) {
      looseDropped = true;
      continue;
    }
    out.add(t);
    size += t.length;
  }
  return out.size ? [...out] : undefined;
}

function union(vs: Value[]): Value {
  // Branches are as many as the formula's literals (CHOOSE of 40 options): past MAX_ALTERNATIVES
  // they are kept as loose pieces, the 33rd option of a CHOOSE being as shown as the first.
  const out: string[] = [];
  const rest: string[] = [];
  for (const v of vs) for (const t of v.texts) if (!out.includes(t)) (out.length < MAX_ALTERNATIVES ? out : rest).push(t);
  const loose = loosen(vs, rest);
  return { texts: out.length ? out : [''], known: vs.every((v) => v.known), ...(loose ? { loose } : {}) };
}

function join(vs: Value[], sep = ''): Value {
  let acc = [''];
  let first = true;
  let over = false;
  for (const v of vs) {
    const next: string[] = [];
    for (const a of acc) for (const t of v.texts) {
      const s = (first ? t : a + sep + t).slice(0, MAX_LENGTH);
      if (next.includes(s)) continue;
      if (next.length < MAX_ALTERNATIVES) next.push(s);
      else over = true;
    }
    acc = next;
    first = false;
  }
  // Too many combinations to spell out: each operand's alternatives are kept as loose pieces, so
  // no literal the result may show is lost (IF(A1,"甲","乙")&… &IF(A6,"机密★5年","")).
  const loose = loosen(vs, over ? vs.flatMap((v) => v.texts) : []);
  return { texts: acc, known: vs.every((v) => v.known), ...(loose ? { loose } : {}) };
}

function map(v: Value, f: (s: string) => string): Value {
  return { texts: [...new Set(v.texts.map(f))], known: v.known };
}

type Token =
  | { k: 'array'; rows: Value[][] }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'word'; v: string }
  | { k: 'op'; v: string }
  | { k: '(' | ')' | 'sep' | 'other' };

function tokenize(f: string, semicolon: boolean): Token[] | undefined {
  const out: Token[] = [];
  const n = f.length;
  let i = 0;
  while (i < n) {
    const c = f[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) return undefined;
        if (f[j] === '"') {
          if (f[j + 1] === '"') (s += '"'), (j += 2);
          else break;
        } else s += f[j++];
      }
      out.push({ k: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      // A quoted sheet name (`'表 1'!A1`): part of a reference.
      const end = f.indexOf("'", i + 1);
      if (end < 0) return undefined;
      let j = end + 1;
      while (j < n && /[^\s,;()&+\-*/^=<>"{}%]/.test(f[j])) j++;
      out.push({ k: 'word', v: f.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '{') {
      // An array constant of literals: its elements are values the formula may show.
      const a = arrayConstant(f, i, semicolon);
      if (a) {
        out.push({ k: 'array', rows: a.rows });
        i = a.end;
        continue;
      }
    }
    if (c === '[' || c === '{') {
      // An OpenFormula reference ([.A1]) or an array constant not of literals alone: a value not known here.
      const close = c === '[' ? ']' : '}';
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (f[j] === '"') {
          const q = f.indexOf('"', j + 1);
          if (q < 0) return undefined;
          j = q;
        } else if (f[j] === c) depth++;
        else if (f[j] === close && --depth === 0) break;
      }
      if (j >= n) return undefined;
      out.push({ k: 'other' });
      i = j + 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(f.slice(i, i + 64));
    if (number && !/[A-Za-z_$:!]/.test(f[i + number[0].length] ?? '')) {
      out.push({ k: 'num', v: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    // `#N/A`, `#REF!`: errors; everything else a function name, a reference or a name.
    const word = c === '#' ? /^#[A-Za-z0-9/!?]+/.exec(f.slice(i, i + 16)) : /^[\p{L}\p{N}_$.\\:!?]+/u.exec(f.slice(i, i + 512));
    if (word) {
      out.push({ k: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    if (c === '(' || c === ')') out.push({ k: c }), i++;
    else if (c === ',' || c === ';') {
      // In OpenFormula `;` separates arguments; in Excel `,` does (and `;` separates array rows, never seen outside `{}`).
      out.push(semicolon && c === ',' ? { k: 'op', v: ',' } : { k: 'sep' });
      i++;
    } else if (f.startsWith('<>', i) || f.startsWith('<=', i) || f.startsWith('>=', i)) out.push({ k: 'op', v: f.slice(i, i + 2) }), (i += 2);
    else if ('&+-*/^=<>%~'.includes(c)) out.push({ k: 'op', v: c }), i++;
    else return undefined;
  }
  return out;
}

/** Most elements of an array constant read as values; a longer one is a value not known here. */
const MAX_ARRAY_ELEMENTS = 4096;

/**
 * The array constant opening at `from` (`{"公开","机密★5年";1,2}`; in OpenFormula `;` separates
 * columns and `|` rows) when it holds literals only — strings, numbers, TRUE, FALSE, errors —, with
 * the index after its `}`; undefined otherwise.
 */
function arrayConstant(f: string, from: number, odf: boolean): { rows: Value[][]; end: number } | undefined {
  const colSep = odf ? ';' : ',';
  const rowSep = odf ? '|' : ';';
  const rows: Value[][] = [[]];
  let count = 0;
  let i = from + 1;
  let expectElement = true;
  while (i < f.length) {
    const c = f[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '}' && !expectElement) return { rows, end: i + 1 };
    if (!expectElement) {
      if (c === colSep) (expectElement = true), i++;
      else if (c === rowSep) rows.push([]), (expectElement = true), i++;
      else return undefined;
      continue;
    }
    if (++count > MAX_ARRAY_ELEMENTS) return undefined;
    if (c === '"') {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= f.length) return undefined;
        if (f[j] === '"') {
          if (f[j + 1] === '"') (s += '"'), (j += 2);
          else break;
        } else s += f[j++];
      }
      rows[rows.length - 1].push(text(s));
      i = j + 1;
    } else {
      const m = /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|TRUE|FALSE|#[A-Za-z0-9/!?]+)/i.exec(f.slice(i, i + 64));
      if (!m) return undefined;
      const w = m[0].toUpperCase();
      rows[rows.length - 1].push(w === 'TRUE' ? { texts: ['TRUE'], known: true, number: 1 } : w === 'FALSE' ? { texts: ['FALSE'], known: true, number: 0 } : w.startsWith('#') ? text(w) : num(Number(w)));
      i += m[0].length;
    }
    expectElement = false;
  }
  return undefined;
}

/** An array constant as a value: every element may be shown (a cell shows one, a spilled range all). */
function arrayValue(rows: Value[][]): Value {
  return { ...union(rows.flat()), rows };
}

/** The elements of a value, in order: an array's, row by row; any other value is one. */
function elements(v: Value): Value[] {
  return v.rows ? v.rows.flat() : [v];
}

/**
 * Part of an array a lookup returns (`VLOOKUP(…;{1,"公开";2,"机密★5年"};2;…)` shows an element of
 * the table's second column): the column (or row) `index` (1-based) when known and present, else
 * every element; a value not an array is returned as it is.
 */
function lookupPart(v: Value | undefined, by: 'column' | 'row', index: number | undefined): Value {
  if (!v) return UNKNOWN;
  if (!v.rows) return v;
  if (index !== undefined && Number.isInteger(index) && index >= 1) {
    const part = by === 'row' ? v.rows[index - 1] : v.rows.map((r) => r[index - 1]).filter((x): x is Value => x !== undefined);
    if (part?.length) return union(part);
  }
  return union(v.rows.flat());
}

/** Functions whose result is their first argument's text, as far as the words in it go. */
const PASS_FIRST = new Set(['T', 'TRIM', 'CLEAN', 'ASC', 'JIS', 'DBCS', 'WIDECHAR', 'TEXT', 'REPT', 'FIXED', 'N', 'PROPER', 'VALUETOTEXT']);

/** Functions that return (some of) the elements of their array arguments, reshaped: each element may be shown. */
const RESHAPE = new Set(['TRANSPOSE', 'SORT', 'SORTBY', 'UNIQUE', 'TAKE', 'DROP', 'CHOOSECOLS', 'CHOOSEROWS', 'TOCOL', 'TOROW', 'WRAPROWS', 'WRAPCOLS', 'EXPAND', 'VSTACK', 'HSTACK']);

/** Defined names a formula may use (`密级` → `CONCATENATE("机密","★5年")`), by name; several formulas where sheets scope names of their own. */
export type FormulaNames = ReadonlyMap<string, readonly string[]>;

/** Most defined names one analysis resolves: each is parsed once, so a chain of names is read in linear time. */
const MAX_NAMES = 256;

/**
 * The defined names of one analysis: a name a formula uses is what its own formula gives (a
 * cell `=密级` shows the name's `CONCATENATE("机密","★5年")`), each parsed once; a name used inside
 * its own definition, or past {@link MAX_NAMES}, is a value not known here.
 */
class NameScope {
  private readonly byName = new Map<string, readonly string[]>();
  private readonly memo = new Map<string, Value | null>();
  unknownChars = false;
  constructor(names: FormulaNames) {
    for (const [k, v] of names) this.byName.set(k.toUpperCase(), [...(this.byName.get(k.toUpperCase()) ?? []), ...v]);
  }

  value(name: string): Value | undefined {
    const key = name.toUpperCase();
    const formulas = this.byName.get(key);
    if (!formulas) return undefined;
    const known = this.memo.get(key);
    if (known !== undefined) return known ?? UNKNOWN;
    if (this.memo.size >= MAX_NAMES) return UNKNOWN;
    this.memo.set(key, null);
    const values: Value[] = [];
    for (const f of formulas) {
      const toks = tokenize(f.trim().replace(/^=/, ''), false);
      const parser = toks && new Parser(toks, this);
      const v = parser?.parse();
      if (parser?.unknownChars) this.unknownChars = true;
      values.push(v ?? UNKNOWN);
    }
    const v = values.length === 1 ? values[0] : union(values);
    this.memo.set(key, v);
    return v;
  }
}

/** A function's name without the prefixes files write before newer ones (`_xlfn.`, `_xlws.`, `ORG.OPENOFFICE.`). */
function bareName(raw: string): string {
  return raw.toUpperCase().replace(/^(?:_XLFN\.|_XLWS\.|COM\.MICROSOFT\.|ORG\.OPENOFFICE\.|ORG\.LIBREOFFICE\.)+/, '');
}

/** Whether a value holds words: text outside ASCII, in an alternative, a loose piece or an array's element. */
function hasWords(v: Value): boolean {
  const words = (t: string) => /[^\x00-\x7f]/.test(t);
  return v.texts.some(words) || !!v.loose?.some(words) || !!v.rows?.some((r) => r.some(hasWords));
}

/**
 * Functions that never show the text they are given: they count, sum, match, measure, test or
 * compare it (COUNTIF(B:B,"机密"), FIND("机",A1), ISNUMBER(…)), or read a reference from it.
 */
const NOT_SHOWN = new Set(
  (
    'COUNTIF COUNTIFS SUMIF SUMIFS AVERAGEIF AVERAGEIFS MAXIFS MINIFS MATCH XMATCH SEARCH SEARCHB FIND FINDB LEN LENB EXACT ' +
    'ISNUMBER ISTEXT ISNONTEXT ISBLANK ISERROR ISERR ISNA ISLOGICAL ISREF ISFORMULA ISEVEN ISODD COUNT COUNTA COUNTBLANK ' +
    'SUMPRODUCT AVERAGE AVERAGEA MAX MAXA MIN MINA MEDIAN MODE LARGE SMALL RANK SUBTOTAL AGGREGATE STDEV VAR ' +
    'DATE DATEVALUE TIMEVALUE YEAR MONTH DAY WEEKDAY WEEKNUM ISOWEEKNUM EDATE EOMONTH DAYS DATEDIF NETWORKDAYS WORKDAY NOW TODAY ' +
    'AND OR NOT XOR ROWS COLUMNS ROW COLUMN INDIRECT OFFSET GETPIVOTDATA CONVERT DCOUNT DCOUNTA DSUM DAVERAGE DMAX DMIN DGET ' +
    'TYPE ERROR.TYPE SHEET SHEETS COUNTUNIQUE'
  ).split(' '),
);

class Parser {
  private pos = 0;
  private depth = 0;
  /** Set when UNICHAR or CHAR gets a code not known here: the formula spells characters this reading cannot tell. */
  unknownChars = false;
  /** Set when a function not modelled here is given words: what the formula shows of them cannot be told. */
  opaque = false;
  constructor(
    private readonly toks: Token[],
    private readonly names?: NameScope,
  ) {}

  parse(): Value | undefined {
    const v = this.comparison();
    return v && this.pos === this.toks.length ? v : undefined;
  }

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }

  private isOp(...ops: string[]): string | undefined {
    const t = this.peek();
    return t?.k === 'op' && ops.includes(t.v) ? t.v : undefined;
  }

  private comparison(): Value | undefined {
    let v = this.concat();
    while (v && this.isOp('=', '<>', '<', '>', '<=', '>=')) {
      this.pos++;
      const r = this.concat();
      if (!r) return undefined;
      // A comparison shows TRUE or FALSE, never its operands.
      v = UNKNOWN;
    }
    return v;
  }

  private concat(): Value | undefined {
    let v = this.additive();
    while (v && this.isOp('&')) {
      this.pos++;
      const r = this.additive();
      if (!r) return undefined;
      v = join([v, r]);
    }
    return v;
  }

  private additive(): Value | undefined {
    let v = this.multiplicative();
    let op: string | undefined;
    while (v && (op = this.isOp('+', '-'))) {
      this.pos++;
      const r = this.multiplicative();
      if (!r) return undefined;
      v = v.number !== undefined && r.number !== undefined ? num(op === '+' ? v.number + r.number : v.number - r.number) : UNKNOWN;
    }
    return v;
  }

  private multiplicative(): Value | undefined {
    let v = this.power();
    let op: string | undefined;
    while (v && (op = this.isOp('*', '/'))) {
      this.pos++;
      const r = this.power();
      if (!r) return undefined;
      v = v.number !== undefined && r.number !== undefined ? num(op === '*' ? v.number * r.number : v.number / r.number) : UNKNOWN;
    }
    return v;
  }

  private power(): Value | undefined {
    let v = this.unary();
    while (v && this.isOp('^')) {
      this.pos++;
      const r = this.unary();
      if (!r) return undefined;
      v = v.number !== undefined && r.number !== undefined ? num(v.number ** r.number) : UNKNOWN;
    }
    return v;
  }

  private unary(): Value | undefined {
    const op = this.isOp('-', '+');
    if (op) {
      this.pos++;
      const v = this.unary();
      if (!v) return undefined;
      return op === '+' ? v : v.number !== undefined ? num(-v.number) : UNKNOWN;
    }
    let v = this.primary();
    while (v && this.isOp('%')) this.pos++, (v = v.number !== undefined ? num(v.number / 100) : UNKNOWN);
    // Whitespace between references is Excel's intersection; `~` OpenFormula's union: nothing shown of the operands.
    while (v && (this.isOp('~') || this.peek()?.k === 'word' || this.peek()?.k === 'other')) {
      if (this.isOp('~')) this.pos++;
      const r = this.primary();
      if (!r) return undefined;
      v = UNKNOWN;
    }
    return v;
  }

  private primary(): Value | undefined {
    if (++this.depth > MAX_DEPTH) return undefined;
    try {
      const t = this.toks[this.pos++];
      if (!t) return undefined;
      if (t.k === 'str') return text(t.v);
      if (t.k === 'num') return num(t.v);
      if (t.k === 'array') return arrayValue(t.rows);
      if (t.k === 'other') return UNKNOWN;
      if (t.k === '(') {
        const v = this.comparison();
        if (!v || this.toks[this.pos++]?.k !== ')') return undefined;
        return v;
      }
      if (t.k !== 'word') return undefined;
      if (this.peek()?.k === '(') {
        this.pos++;
        const args: Array<Value | undefined> = [];
        if (this.peek()?.k === ')') this.pos++;
        else {
          for (;;) {
            // An argument left out (`IF(A1,,"x")`) is empty.
            const next = this.peek();
            const a = next?.k === 'sep' || next?.k === ')' ? text('') : this.comparison();
            if (!a) return undefined;
            args.push(a);
            const s = this.toks[this.pos++];
            if (s?.k === ')') break;
            if (s?.k !== 'sep') return undefined;
          }
        }
        const v = call(t.v, args as Value[]);
        if (/^(?:_xlfn\.)?(?:UNI)?CHAR$/i.test(t.v) && !v.known) this.unknownChars = true;
        // A function not modelled here given words (MAP({"机密★5年"},LAMBDA(…)), REGEXREPLACE("机X密…")):
        // what it makes of them is not known, and may be what the cell shows.
        if (v === UNMODELLED && (args as Value[]).some(hasWords) && !NOT_SHOWN.has(bareName(t.v))) this.opaque = true;
        return v;
      }
      const w = t.v.toUpperCase();
      if (w === 'TRUE') return { texts: ['TRUE'], known: true, number: 1 };
      if (w === 'FALSE') return { texts: ['FALSE'], known: true, number: 0 };
      return this.names?.value(t.v) ?? UNKNOWN;
    } finally {
      this.depth--;
    }
  }
}

/** The condition of IF as far as a literal decides it: true, false, or not known. */
function truth(v: Value): boolean | undefined {
  if (v.number !== undefined) return v.number !== 0;
  return undefined;
}

function call(rawName: string, args: Value[]): Value {
  const name = rawName.toUpperCase().replace(/^(?:_XLFN\.|_XLWS\.|COM\.MICROSOFT\.|ORG\.OPENOFFICE\.|ORG\.LIBREOFFICE\.)+/, '');
  const known = (i: number) => (args[i]?.known && args[i].texts.length === 1 ? args[i].texts[0] : undefined);
  const number = (i: number) => args[i]?.number ?? (known(i) !== undefined && known(i) !== '' && Number.isFinite(Number(known(i))) ? Number(known(i)) : undefined);
  switch (name) {
    case 'CONCATENATE':
      return join(args);
    // CONCAT, TEXTJOIN and ARRAYTOTEXT join the elements of an array argument in order.
    case 'CONCAT':
      return join(args.flatMap(elements));
    case 'TEXTJOIN':
      return args.length < 3 ? UNKNOWN : join(args.slice(2).flatMap(elements), known(0) ?? '');
    case 'ARRAYTOTEXT':
      return args[0] ? join(elements(args[0]), ', ') : UNKNOWN;
    // Lookups show an element of the table or result array they are given (the key is not shown).
    case 'VLOOKUP':
      return lookupPart(args[1], 'column', number(2));
    case 'HLOOKUP':
      return lookupPart(args[1], 'row', number(2));
    case 'LOOKUP':
      return lookupPart(args[2] ?? args[1], 'column', undefined);
    case 'XLOOKUP':
      return union([lookupPart(args[2], 'column', undefined), ...(args[3] ? [args[3]] : [])]);
    case 'INDEX': {
      const a = args[0];
      if (!a?.rows) return a ?? UNKNOWN;
      const [r, c] = [number(1), number(2)];
      // INDEX(array, n) of a single row or column is its n-th element.
      const single = a.rows.length === 1 ? a.rows[0] : a.rows.every((row) => row.length === 1) ? a.rows.map((row) => row[0]) : undefined;
      if (single && r !== undefined && c === undefined && single[r - 1]) return single[r - 1];
      if (r !== undefined && c !== undefined && a.rows[r - 1]?.[c - 1]) return a.rows[r - 1][c - 1];
      return lookupPart(a, 'column', undefined);
    }
    case 'FILTER':
      return union([lookupPart(args[0], 'column', undefined), ...(args[2] ? [args[2]] : [])]);
    case 'LET':
      // Each value given a name may be shown through it; the last argument is the result.
      return union(args.filter((_, i) => i % 2 === 1 || i === args.length - 1));
    case 'HYPERLINK':
      // A link shows its friendly name, else its address.
      return args[1] ?? args[0] ?? UNKNOWN;
    case 'IF': {
      const c = args[0] ? truth(args[0]) : undefined;
      const yes = args[1] ?? text('TRUE');
      const no = args[2] ?? text('FALSE');
      return c === true ? yes : c === false ? no : union([yes, no]);
    }
    case 'IFS':
      return union(args.filter((_, i) => i % 2 === 1));
    case 'CHOOSE': {
      const i = number(0);
      if (i !== undefined && Number.isInteger(i) && args[i]) return args[i];
      return union(args.slice(1));
    }
    case 'SWITCH': {
      const results = args.filter((_, i) => i >= 2 && i % 2 === 0);
      if ((args.length - 1) % 2 === 1) results.push(args[args.length - 1]);
      return union(results);
    }
    case 'IFERROR':
    case 'IFNA':
      return union(args.slice(0, 2));
    case 'UPPER':
      return args[0] ? map(args[0], (s) => s.toUpperCase()) : UNKNOWN;
    case 'LOWER':
      return args[0] ? map(args[0], (s) => s.toLowerCase()) : UNKNOWN;
    case 'UNICHAR': {
      const n = number(0);
      return n !== undefined && Number.isInteger(n) && n > 0 && n <= 0x10ffff ? text(String.fromCodePoint(n)) : UNKNOWN;
    }
    case 'CHAR': {
      // CHAR takes a code of the system code page: on Chinese Windows GBK, where two-byte codes
      // (CHAR(48059) = 机) spell Chinese. Codes below 128 are ASCII either way.
      const n = number(0);
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 0xffff) return UNKNOWN;
      if (n < 0x80) return text(String.fromCharCode(n));
      const bytes = n > 0xff ? [n >> 8, n & 0xff] : [n];
      const s = new TextDecoder('gbk', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
      return s ? text(s) : UNKNOWN;
    }
    // Numbers a character code may be computed with (UNICHAR(HEX2DEC("673A")) = 机).
    case 'HEX2DEC':
    case 'OCT2DEC':
    case 'BIN2DEC':
    case 'DECIMAL': {
      const s = known(0)?.trim();
      const radix = name === 'HEX2DEC' ? 16 : name === 'OCT2DEC' ? 8 : name === 'BIN2DEC' ? 2 : number(1);
      if (s === undefined || radix === undefined || !Number.isInteger(radix) || radix < 2 || radix > 36 || !s || s.length > 40) return UNKNOWN;
      const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
      let v = 0;
      for (const ch of s.toLowerCase()) {
        const d = digits.indexOf(ch);
        if (d < 0) return UNKNOWN;
        v = v * radix + d;
      }
      return num(v);
    }
    case 'VALUE':
    case 'NUMBERVALUE':
    case 'INT':
    case 'TRUNC':
    case 'ABS':
    case 'ROUND':
    case 'ROUNDDOWN':
    case 'ROUNDUP': {
      const n = number(0);
      if (n === undefined) return UNKNOWN;
      if (name === 'INT') return num(Math.floor(n));
      if (name === 'ABS') return num(Math.abs(n));
      if (name === 'VALUE' || name === 'NUMBERVALUE') return num(n);
      // TRUNC and ROUND with no digits given or 0 digits; other digits are not a character code.
      if (args.length > 1 && number(1) !== 0) return UNKNOWN;
      return num(name === 'ROUND' ? Math.round(n) : name === 'ROUNDUP' ? Math.sign(n) * Math.ceil(Math.abs(n)) : Math.trunc(n));
    }
    case 'SUM':
    case 'PRODUCT': {
      let acc = name === 'SUM' ? 0 : 1;
      for (let i = 0; i < args.length; i++) {
        const n = number(i);
        if (n === undefined) return UNKNOWN;
        acc = name === 'SUM' ? acc + n : acc * n;
      }
      return num(acc);
    }
    case 'MOD': {
      const [a, b] = [number(0), number(1)];
      return a !== undefined && b !== undefined && b !== 0 ? num(a - b * Math.floor(a / b)) : UNKNOWN;
    }
    case 'UNICODE':
    case 'CODE': {
      const s = known(0);
      const cp = s ? s.codePointAt(0) : undefined;
      return cp !== undefined && (name === 'UNICODE' || cp < 0x80) ? num(cp) : UNKNOWN;
    }
    case 'LEFT':
    case 'RIGHT':
    case 'MID': {
      const s = known(0);
      if (s === undefined) return UNKNOWN;
      const chars = [...s];
      // A part of a known text at places not known here (LEFT(s,LEN(t)), MID(s,FIND(…),5)): the
      // part shown is in the text, which is read whole, beside it.
      const somePart: Value = { texts: [''], known: false, loose: [s] };
      if (name === 'MID') {
        const from = number(1);
        const len = number(2);
        return from !== undefined && len !== undefined && from >= 1 && len >= 0 ? text(chars.slice(from - 1, from - 1 + len).join('')) : somePart;
      }
      const len = args.length > 1 ? number(1) : 1;
      if (len === undefined) return somePart;
      if (len < 0) return UNKNOWN;
      return text(name === 'LEFT' ? chars.slice(0, len).join('') : chars.slice(Math.max(0, chars.length - len)).join(''));
    }
    case 'SUBSTITUTE': {
      const [s, from, to] = [known(0), known(1), known(2)];
      // A text not known here with a known replacement: the replacement may be shown, read beside.
      if (s === undefined && to && from !== '' && args.length <= 4) return { texts: [''], known: false, loose: [to] };
      if (s === undefined || !from || to === undefined || args.length > 4) return UNKNOWN;
      if (args.length === 3) return text(s.split(from).join(to));
      // The n-th occurrence only; n not known here: that one or none replaced.
      const n = number(3);
      const pieces = s.split(from);
      const nth = (k: number) => (k >= 1 && k < pieces.length ? pieces.slice(0, k).join(from) + to + pieces.slice(k).join(from) : s);
      return n !== undefined && Number.isInteger(n) ? text(nth(n)) : union([text(s), ...pieces.slice(1).map((_, i) => text(nth(i + 1))).slice(0, MAX_ALTERNATIVES - 1)]);
    }
    case 'REPLACE':
    case 'REPLACEB': {
      // REPLACE("机X密★5年",2,1,""): num characters from start replaced by the new text.
      const [s, to, from, len] = [known(0), known(3), number(1), number(2)];
      if (s === undefined || to === undefined || from === undefined || len === undefined || !(from >= 1) || !(len >= 0)) {
        // A text not known here with a known new text: the new text is shown, read beside. A known
        // text cut at places not known here: what is left of it is not known (opaque, given words).
        return s === undefined && to ? { texts: [''], known: false, loose: [to] } : UNMODELLED;
      }
      const chars = [...s];
      return text(chars.slice(0, from - 1).join('') + to + chars.slice(from - 1 + len).join(''));
    }
    case 'TEXT': {
      // TEXT(value; format) shows the format: its literal text, its digit placeholders filled.
      const format = known(1);
      if (format === undefined || !args[0]) return args[0] ?? UNKNOWN;
      // A value not known here draws some number: 0 stands for it (机密★0年 is as much a marking).
      const value = number(0);
      const isText = value === undefined && args[0].known;
      return map(args[0], (s) => formatValue(format, value !== undefined ? String(value) : isText ? s : '0', isText, true) ?? s);
    }
    default:
      if (RESHAPE.has(name) && args.some((a) => a.rows)) return union(args.filter((a) => a.rows).map((a) => lookupPart(a, 'column', undefined)));
      if (PASS_FIRST.has(name) && args[0]) {
        if (name === 'N') return args[0].number !== undefined ? args[0] : num(0);
        if (name === 'T') return args[0].number !== undefined ? text('') : args[0];
        if (name === 'TRIM') return map(args[0], (s) => s.trim().replace(/ {2,}/g, ' '));
        return args[0];
      }
      return UNMODELLED;
  }
}

/** Whether a result holds text of its own (words, signs): a number or TRUE alone is no text a formula spells. */
function spellsText(s: string): boolean {
  return /[^\x00-\x7f]/.test(s) || /[A-Za-z]/.test(s.replace(/\b(?:TRUE|FALSE)\b/g, ''));
}

/**
 * The texts a formula may show (see the module comment), distinct, in order; empty when it shows
 * none that is known or it cannot be parsed. `formula` is written as stored: without `=` in
 * OOXML (`IF(TRUE,"机密★5年","")`), with `of:=` in ODF.
 */
export function formulaResults(formula: string, names?: FormulaNames): string[] {
  return analyseFormula(formula, names).results;
}

/**
 * {@link formulaResults}, and whether the formula spells characters from codes not known here
 * (`UNICHAR(A1)&UNICHAR(A2)`, codes in other cells): what such a cell shows, when no result is
 * stored, is text this reading cannot tell, so a reader counts it as not read. So is a formula whose
 * alternatives ran past MAX_LOOSE_CHARS: what it may show is told in part, never whole. `names`: the
 * workbook's defined names, whose formulas a name in `formula` stands for. `opaque`: the formula gives
 * words (text outside ASCII) to a function not modelled here, or is not parsed here: what such a
 * cell shows, with no stored result, is not known either.
 */
export function analyseFormula(formula: string, names?: FormulaNames): { results: string[]; unknownChars: boolean; opaque: boolean } {
  const none = { results: [] as string[], unknownChars: false, opaque: false };
  let f = formula.trim();
  const odf = /^[a-z]+:=/i.test(f);
  f = f.replace(/^[a-z]+:(?==)/i, '').replace(/^=/, '');
  if (!f || f.length > 65536) return none;
  // A formula not read here (a syntax not parsed: LAMBDA(…)("机密★5年")) that holds words: what it shows is not known.
  const unparsed = { ...none, opaque: /"[^"]*[^\x00-\x7f][^"]*"/.test(f) };
  const toks = tokenize(f, odf);
  if (!toks) return unparsed;
  let v: Value | undefined;
  const scope = names?.size ? new NameScope(names) : undefined;
  const parser = new Parser(toks, scope);
  looseDropped = false;
  try {
    v = parser.parse();
  } catch {
    return unparsed;
  }
  if (!v) return unparsed;
  const results = [...new Set([...v.texts, ...(v.loose ?? [])])];
  return { results: results.filter(spellsText), unknownChars: parser.unknownChars || !!scope?.unknownChars || looseDropped, opaque: parser.opaque };
}
