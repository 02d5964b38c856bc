/**
 * How many reader workers `prepub scan` starts and which readers they load before the first file.
 * Kept free of heavy imports: `bin.ts` uses it to start the very workers the scan will use while
 * the rest of prepub loads, and `scan` uses it once the inputs are known; when both want as many
 * workers the scanner takes the started ones over (loading on them the readers the inputs need),
 * otherwise they are stopped unused.
 */
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';

/** The isolation settings the scan asks for (a subset of the scanner's `IsolationOptions`). */
export interface WorkerPlan {
  workers: number;
  preload: string[];
}

/**
 * Readers worth loading in every worker before its first file, by the file-name extensions that
 * point to them (pdf.js alone costs each worker ~0.4 CPU-seconds to load). A file whose content
 * is another format than its name says still reads: its reader loads on first need.
 */
const PRELOAD_BY_EXTENSION: Readonly<Record<string, string>> = { pdf: 'pdf', docx: 'docx', docm: 'docx', dotx: 'docx', dotm: 'docx' };

/**
 * The workers for `count` inputs scanned `concurrency` at a time, whose names are `names`. One
 * worker per file scanned at once, never more than files. When each worker reads at most one file
 * nothing is loaded in advance (it loads only the reader its file needs); otherwise each worker
 * loads the readers of the formats the names show.
 */
export function planWorkers(count: number, concurrency: number, names: Iterable<string>): WorkerPlan {
  const workers = Math.max(1, Math.min(concurrency, count));
  if (count <= workers) return { workers, preload: [] };
  const want = new Set<string>();
  for (const n of names) {
    const reader = PRELOAD_BY_EXTENSION[path.extname(n).slice(1).toLowerCase()];
    if (reader) want.add(reader);
  }
  // Always in the same order, so two plans for the same readers are equal.
  return { workers, preload: ['pdf', 'docx'].filter((r) => want.has(r)) };
}

/**
 * Free memory each malloc arena of a `prepub scan` may keep before giving it back, MB (the
 * scanner's `isolation.mallocKeepFreeMb`). A batch run trades that much resident memory per busy
 * thread for fewer page faults: over 238 realistic text files, 110,000 → 79,000 faults and 12% less
 * CPU (bench/RESULTS.md). The scanner's own default (glibc's 128 KiB) stays for portals that embed it.
 */
export const SCAN_MALLOC_KEEP_FREE_MB = 8;

/**
 * Options of `prepub scan` that take a value: the word after them is not an input. Checked
 * against the command's own definition by a test.
 */
export const SCAN_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-i', '--include', '-x', '--exclude', '--filename', '-f', '--format', '-o', '--output',
  '--dict', '--dictionary', '--policy', '-c', '--config', '--fail-on', '-j', '--concurrency', '--lang',
]);

/**
 * A guess, from the command line alone (before any config is read or folder walked), of the
 * workers `prepub scan` will want: `undefined` when it cannot tell. A folder gets one worker per
 * core, or `-j` of them when that is no more than the cores, with no reader preloaded (which
 * readers it needs is not known before it is walked: the scanner loads them on the workers it
 * takes); fewer when the folder's first level holds only fewer files than that. Named files get
 * what {@link planWorkers} gives them. A wrong guess costs the workers
 * started for nothing, never a wrong scan.
 *
 * Only the first few inputs are looked at on disk (one more than the workers wanted, at once):
 * past them the number of workers no longer changes, and a shell's expansion of `*` may name
 * thousands of files, each stat a wait before prepub even starts. Names past them count as files.
 */
export async function guessScanWorkers(args: readonly string[], cores: number, cwd = process.cwd()): Promise<WorkerPlan | undefined> {
  let concurrency = cores;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const value = eq > 0 ? a.slice(eq + 1) : SCAN_VALUE_OPTIONS.has(name) ? args[++i] : undefined;
      if (name === '--concurrency' && value !== undefined) concurrency = positive(value) ?? concurrency;
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      // Short options, alone or grouped (`-q`, `-j4`, `-j 4`, `-qj4`): the first that takes a value
      // takes the rest of the word, or the next word when nothing follows it.
      for (let k = 1; k < a.length; k++) {
        const name = `-${a[k]}`;
        if (!SCAN_VALUE_OPTIONS.has(name)) continue;
        const value = k + 1 < a.length ? a.slice(k + 1).replace(/^=/, '') : args[++i];
        if (name === '-j' && value !== undefined) concurrency = positive(value) ?? concurrency;
        break;
      }
      continue;
    }
    operands.push(a);
  }
  const looked = operands.slice(0, concurrency + 1);
  const kinds = await Promise.all(
    looked.map(async (a) => {
      if (a === '-') return 'file';
      try {
        return (await stat(path.resolve(cwd, a))).isDirectory() ? 'folder' : 'file';
      } catch {
        // A name that does not exist is reported by the scan itself.
        return 'missing';
      }
    }),
  );
  // More workers than cores for a folder that may hold only a few files: better none started early
  // than many started for nothing.
  if (kinds.includes('folder')) {
    if (concurrency > cores) return undefined;
    // A folder of fewer files than workers (a portal's upload folder holding one): as many as
    // the scan will want, not workers it would stop unused (~110 ms of a one-file scan).
    const counts = await Promise.all(looked.map((a, k) => (kinds[k] === 'folder' ? filesIn(path.resolve(cwd, a), concurrency) : kinds[k] === 'file' ? 1 : 0)));
    const count = counts.reduce((n, c) => n + c, operands.length - looked.length);
    return { workers: Math.max(1, Math.min(concurrency, count)), preload: [] };
  }
  const files = [...looked.filter((_, k) => kinds[k] === 'file'), ...operands.slice(looked.length)];
  return files.length ? planWorkers(files.length, concurrency, files) : undefined;
}

/**
 * The files directly in `dir`, counted up to `limit + 1` (more changes no guess); Infinity when it
 * holds anything but files (a subfolder, a link: the walk may find many more) or cannot be read.
 */
async function filesIn(dir: string, limit: number): Promise<number> {
  let n = 0;
  try {
    // Iterating closes the folder, also on an early return.
    for await (const e of await opendir(dir)) {
      if (!e.isFile()) return Infinity;
      if (++n > limit) break;
    }
  } catch {
    return Infinity;
  }
  return n;
}

function positive(value: string): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}
