/**
 * Turns the command line's files and folders into the list of inputs to scan: folders are walked
 * recursively, `--include`/`--exclude` globs and `.prepubignore` files (gitignore syntax) apply
 * inside folders. A file named explicitly is always scanned: the user asked for it.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ignore } from 'ignore';

/** Name of the ignore file looked for in every walked folder and in the working folder. */
export const IGNORE_FILE = '.prepubignore';

/** Folders never walked into unless an include pattern names them. */
export const DEFAULT_EXCLUDES = ['**/.git/**', '**/node_modules/**', '**/.hg/**', '**/.svn/**'];

/** One input: a file on disk, standard input, or a name that could not be found. */
export type Input =
  | { kind: 'file'; path: string; display: string }
  | { kind: 'stdin'; display: string }
  | { kind: 'missing'; display: string; message: string; code: string };

/** The entry of a file whose name is not UTF-8: it cannot be opened by the name Node gives it. */
function badName(shown: string): Input {
  return { kind: 'missing', display: toPosix(shown), message: `the name of ${toPosix(shown)} is not valid UTF-8 (shown with U+FFFD): the file cannot be opened by it and was not read; rename it and scan again`, code: 'BADNAME' };
}

/** Options for {@link collectInputs}. */
export interface CollectOptions {
  cwd: string;
  include?: string[];
  exclude?: string[];
  /** Name shown for standard input (`--filename`). */
  stdinName?: string;
  /** Whether `.prepubignore` files are honoured (default true). */
  useIgnoreFiles?: boolean;
  /**
   * Filled with the folders {@link DEFAULT_EXCLUDES} kept out of the walk (`site/.git`): nothing
   * in them is read, which the caller tells the user rather than leaving it unsaid.
   */
  excluded?: string[];
}

interface ScopedIgnore {
  /** Folder the ignore file sits in (absolute). */
  base: string;
  ig: Ignore;
}

/**
 * The glob and ignore-file libraries: loaded when a folder is first walked (a scan of files alone
 * needs neither). Both are CommonJS: `require` takes them as they are, where `import()` first has
 * Node lex their source for named exports (ignore is 50 kB: ~10 ms of the walk's start and ~40 ms
 * of compiler threads, as the lexer gets hot enough to be optimised).
 */
let folderLibs: Promise<{ ignore: () => Ignore; picomatch: typeof import('picomatch') }> | undefined;
function loadFolderLibs(): NonNullable<typeof folderLibs> {
  return (folderLibs ??= Promise.resolve().then(() => {
    const load = createRequire(import.meta.url);
    return { ignore: load('ignore') as () => Ignore, picomatch: load('picomatch') as typeof import('picomatch') };
  }));
}

/**
 * A matcher for globs relative to a scanned folder. A glob without a slash (`*.bak`) matches the
 * file name at any depth, as in .gitignore; one with a slash matches the relative path.
 */
async function globMatcher(patterns: string[]): Promise<(rel: string) => boolean> {
  const { picomatch } = await loadFolderLibs();
  const base = patterns.filter((p) => !p.includes('/'));
  const full = patterns.filter((p) => p.includes('/')).map((p) => p.replace(/^\.\//, ''));
  const mBase = base.length ? picomatch(base, { dot: true, basename: true }) : () => false;
  const mFull = full.length ? picomatch(full, { dot: true }) : () => false;
  return (rel) => mBase(rel) || mFull(rel);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

async function loadIgnore(dir: string): Promise<ScopedIgnore | undefined> {
  try {
    const text = await readFile(path.join(dir, IGNORE_FILE), 'utf8');
    const { ignore } = await loadFolderLibs();
    return { base: dir, ig: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/** The ignore file's scope whose rules leave `abs` out, if any. */
function ignoredBy(scopes: ScopedIgnore[], abs: string, isDir: boolean): ScopedIgnore | undefined {
  for (const s of scopes) {
    const rel = path.relative(s.base, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (s.ig.ignores(toPosix(rel) + (isDir ? '/' : ''))) return s;
  }
  return undefined;
}

/** Most entries looked at in one default-excluded folder to say what it holds (a node_modules can hold 100,000). */
const MAX_EXCLUDED_ENTRIES = 10_000;

/**
 * The files a default-excluded folder holds, as shown (up to 10 named; `more` when the look stopped
 * at {@link MAX_EXCLUDED_ENTRIES} entries). Links are not followed; an unlistable folder counts as
 * holding something, since what is in it is not known.
 */
async function filesIn(dir: string, shown: string): Promise<{ files: string[]; count: number; more: boolean }> {
  const files: string[] = [];
  let count = 0;
  let seen = 0;
  const queue: Array<[string, string]> = [[dir, shown]];
  while (queue.length) {
    const [d, s] = queue.shift()!;
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return { files: files.length ? files : [toPosix(s) + '/'], count: Math.max(count, 1), more: true };
    }
    for (const ent of entries) {
      if (++seen > MAX_EXCLUDED_ENTRIES) return { files, count, more: true };
      if (ent.isDirectory()) queue.push([path.join(d, ent.name), path.join(s, ent.name)]);
      else if (ent.isFile() || ent.isSymbolicLink()) {
        count++;
        if (files.length < 10) files.push(toPosix(path.join(s, ent.name)));
      }
    }
  }
  return { files, count, more: false };
}

/**
 * Expands files and folders into inputs, in command-line order; files inside a folder are sorted by
 * path so runs are reproducible. A name that does not exist becomes a `missing` input (reported as
 * an error result, never dropped).
 */
export async function collectInputs(args: string[], opts: CollectOptions): Promise<Input[]> {
  const out: Input[] = [];
  const useIgnore = opts.useIgnoreFiles !== false;
  // What only a folder walk uses is made on the first folder.
  let walking: Promise<{ include?: (rel: string) => boolean; exclude: (rel: string) => boolean; byDefault: (rel: string) => boolean; byUser: (rel: string) => boolean; cwdIgnore?: ScopedIgnore }> | undefined;
  // A default exclude gives way to an include pattern that names its folder (`--include '**/.git/**'`).
  const defaults = DEFAULT_EXCLUDES.filter((d) => !(opts.include ?? []).some((i) => i.includes(d.split('/')[1])));
  const folderRules = () =>
    (walking ??= (async () => ({
      include: opts.include?.length ? await globMatcher(opts.include) : undefined,
      exclude: await globMatcher([...defaults, ...(opts.exclude ?? [])]),
      byDefault: await globMatcher(defaults),
      byUser: await globMatcher(opts.exclude ?? []),
      cwdIgnore: useIgnore ? await loadIgnore(opts.cwd) : undefined,
    }))());

  for (const arg of args) {
    if (arg === '-') {
      out.push({ kind: 'stdin', display: opts.stdinName ?? '-' });
      continue;
    }
    const abs = path.resolve(opts.cwd, arg);
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
      const message = code === 'ENOENT' ? `no such file or folder: ${arg}` : `cannot open ${arg}: ${(e as Error).message}`;
      out.push({ kind: 'missing', display: toPosix(arg), message, code });
      continue;
    }
    if (!st.isDirectory()) {
      out.push({ kind: 'file', path: abs, display: toPosix(arg) });
      continue;
    }
    const found: Input[] = [];
    const { include, exclude, byDefault, byUser, cwdIgnore } = await folderRules();
    // Folders the default excludes kept out that hold files: they are part of what is scanned
    // (anyone who can put files in an upload folder can put uploads/node_modules/secret.pdf there),
    // so they are reported as one result, review, naming them and what they hold. Folders the user's
    // own --exclude or the working folder's ignore file leave out are the user's choice: not reported.
    const skipped: Array<{ shown: string; files: string[]; count: number; more: boolean }> = [];
    // What each ignore file inside the walked folder left out: such a file is part of what is
    // scanned, not the user's own settings (anyone who can put a file in an upload folder can put
    // a .prepubignore there), so what it hides is named and the file is reported unread.
    const hidden = new Map<string, { shown: string; paths: string[] }>();
    const hide = (scope: ScopedIgnore, childShown: string, isDir: boolean) => {
      if (scope === cwdIgnore) return;
      const key = scope.base;
      let h = hidden.get(key);
      if (!h) hidden.set(key, (h = { shown: toPosix(path.join(arg, path.relative(abs, scope.base), IGNORE_FILE)), paths: [] }));
      h.paths.push(toPosix(childShown) + (isDir ? '/' : ''));
    };
    let root: string | undefined;
    const scopes: ScopedIgnore[] = cwdIgnore ? [cwdIgnore] : [];
    await walk(abs, arg, scopes);
    if (skipped.length) {
      const total = skipped.reduce((a, k) => a + k.count, 0);
      const more = skipped.some((k) => k.more);
      const names = skipped.map((k) => `${k.shown}/`);
      const files = skipped.flatMap((k) => k.files).slice(0, 10);
      found.push({
        kind: 'missing',
        display: names.length > 5 ? `${names.slice(0, 5).join(', ')}, … (${names.length - 5} more)` : names.join(', '),
        code: 'EXCLUDED',
        message: `the default excludes (.git, node_modules, .hg, .svn) kept ${names.length === 1 ? 'this folder' : `${names.length} folders`} inside the scanned folder out of the scan, not read: ${names.join(', ')}, holding ${more ? 'at least ' : ''}${total} ${total === 1 ? 'file' : 'files'} (${files.join(', ')}${total > files.length || more ? ', …' : ''}). An --include pattern naming the folder (such as '**/node_modules/**') reads them; to leave them out on purpose, give --exclude or list them in the working folder's ${IGNORE_FILE}`,
      });
    }
    for (const h of hidden.values()) {
      const listed = h.paths.slice(0, 10).join(', ') + (h.paths.length > 10 ? `, … (${h.paths.length - 10} more)` : '');
      found.push({
        kind: 'missing',
        display: h.shown,
        code: 'IGNORED',
        message: `this ignore file, inside the scanned folder, kept ${h.paths.length} ${h.paths.length === 1 ? 'entry' : 'entries'} out of the scan, not read: ${listed}. To leave them out on purpose, put the rules in the working folder's ${IGNORE_FILE} or give --exclude; --no-ignore-files reads them`,
      });
    }
    found.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
    out.push(...found);

    async function walk(dir: string, shown: string, inherited: ScopedIgnore[]): Promise<void> {
      const own = useIgnore ? await loadIgnore(dir) : undefined;
      const here = own && own.base !== cwdIgnore?.base ? [...inherited, own] : inherited;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        found.push({ kind: 'missing', display: toPosix(shown), message: `cannot list folder ${shown}: ${(e as Error).message}`, code: (e as NodeJS.ErrnoException).code ?? 'ERROR' });
        return;
      }
      for (const ent of entries) {
        const childAbs = path.join(dir, ent.name);
        const childShown = path.join(shown, ent.name);
        const rel = toPosix(path.relative(abs, childAbs));
        // Symbolic links to folders are not followed (no loops); links to files are scanned.
        let isDir = ent.isDirectory();
        let isFile = ent.isFile();
        let linkedFolder = false;
        if (ent.isSymbolicLink()) {
          try {
            const t = await stat(childAbs);
            isFile = t.isFile();
            linkedFolder = t.isDirectory();
            isDir = false;
          } catch {
            if (exclude(rel) || (include && !include(rel))) continue;
            // A name that is not UTF-8 comes back with U+FFFD in it and opens as nothing.
            found.push(ent.name.includes('\ufffd') ? badName(childShown) : { kind: 'missing', display: toPosix(childShown), message: `broken link: ${childShown}`, code: 'ENOENT' });
            continue;
          }
        }
        if (isDir) {
          // A folder is pruned when the excludes cover everything in it.
          if (exclude(rel + '/x') && exclude(rel + '/x/y')) {
            if (byDefault(rel + '/x')) {
              opts.excluded?.push(toPosix(childShown));
              const chosen = byUser(rel) || (byUser(rel + '/x') && byUser(rel + '/x/y')) || (cwdIgnore !== undefined && ignoredBy([cwdIgnore], childAbs, true) !== undefined);
              if (!chosen) {
                const held = await filesIn(childAbs, childShown);
                if (held.count || held.more) skipped.push({ shown: toPosix(childShown), ...held });
              }
            }
            continue;
          }
          const byDir = ignoredBy(here, childAbs, true);
          if (byDir) {
            hide(byDir, childShown, true);
            continue;
          }
          await walk(childAbs, childShown, here);
          continue;
        }
        if (ent.name === IGNORE_FILE) continue;
        if (exclude(rel)) continue;
        if (include && !include(rel)) continue;
        const byFile = ignoredBy(here, childAbs, false);
        if (byFile) {
          hide(byFile, childShown, false);
          continue;
        }
        if (isFile) {
          if (ent.name.includes('\ufffd') && !(await stat(childAbs).then(() => true, () => false))) found.push(badName(childShown));
          else found.push({ kind: 'file', path: childAbs, display: toPosix(childShown) });
        } else if (linkedFolder) {
          // A link into the walked folder reaches files that are scanned under their own names; one
          // that leads out of it reaches files nobody named: said, not followed (it may loop).
          root ??= await realpath(abs);
          const target = await realpath(childAbs).catch(() => '');
          if (target !== root && !target.startsWith(root + path.sep)) {
            found.push({ kind: 'missing', display: toPosix(childShown), message: `a link to a folder outside ${arg} (${target || 'unknown'}): not followed; name the folder to scan it`, code: 'LINK' });
          }
        } else {
          // A FIFO, a socket or a device: reading it could block or never end, and it is no file of a
          // site or an archive; not read, and said so.
          found.push({ kind: 'missing', display: toPosix(childShown), message: `not a regular file (a FIFO, socket or device): ${childShown} was not read`, code: 'NOTFILE' });
        }
      }
    }
  }
  return out;
}
