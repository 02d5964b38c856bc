/**
 * OCR benchmark: seconds per page of prepub's OCR path (decode + preprocess + tesseract.js, WebAssembly)
 * next to the native `tesseract` CLI on the same images in the same run, the speed-up from 1 to 2
 * workers, and character accuracy (1 - CER, whitespace ignored) of both against the source texts in
 * samples/images/truth.json. Run: `pnpm tsx bench/ocr.bench.ts`.
 *
 * Both use the same language data: the `4.0.0_best_int` chi_sim LSTM model shipped in the
 * @tesseract.js-data npm package (gunzipped for the CLI and passed with --tessdata-dir), the engine's
 * default language (see DEFAULT_LANGS for why eng is not added). The CLI runs with
 * OMP_THREAD_LIMIT=1 so that one page uses one core, as one pool worker does. The machine's load
 * average is printed before and after: other work on the cores lowers the 2-worker speed-up.
 * Installs Debian `tesseract-ocr` if the CLI is missing (the tests never need it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { characterAccuracy, createOcrEngine, packagedTraineddata, DEFAULT_LANGS, LANG_DATA, type PrepubOcrEngine } from '../packages/ocr/src/index.ts';

const SAMPLES = fileURLToPath(new URL('../samples/images/', import.meta.url));
const FILES = [
  'notice-marked-300dpi.png',
  'notice-marked-artefacts.jpg',
  'notice-marked-noisy-blur.jpg',
  'notice-marked-phone.jpg',
  'notice-marked-skew3.png',
  'minutes-scan-1bit-200dpi.tif',
  'benign-regulation.png',
  'benign-public-notice.png',
  'benign-news-training.jpg',
  'memo-marked.bmp',
  'screenshot-small.png',
];
const truth = (JSON.parse(readFileSync(join(SAMPLES, 'truth.json'), 'utf8')) as { files: Record<string, string[]> }).files;

function ensureCli(): void {
  if (spawnSync('tesseract', ['--version']).status === 0) return;
  console.log('installing Debian tesseract-ocr for the comparison …');
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '--no-install-recommends', 'tesseract-ocr'], { stdio: 'inherit' });
}

function cliTessdata(): string {
  const dir = join(tmpdir(), 'prepub-bench-tessdata', LANG_DATA);
  mkdirSync(dir, { recursive: true });
  for (const lang of DEFAULT_LANGS) writeFileSync(join(dir, `${lang}.traineddata`), gunzipSync(readFileSync(packagedTraineddata(lang))));
  return dir;
}

/**
 * Wall time of a run, and `coresBusy`: CPU seconds of the whole process (main thread, libuv/libvips
 * threads and the tesseract worker threads) per wall second. Near 2 for the 2-worker run means
 * nothing in the pool serializes the pages; the remaining gap to a 2x speed-up is CPU contention
 * (the main side's decode/preprocess shares the cores with the workers) and machine load.
 */
async function timeEngine(engine: PrepubOcrEngine, parallel: boolean): Promise<{ seconds: number; coresBusy: number; texts: Record<string, string> }> {
  const texts: Record<string, string> = {};
  const one = async (f: string) => {
    const r = await engine.recognize({ id: f, bytes: new Uint8Array(readFileSync(join(SAMPLES, f))), mediaType: '', origin: {} });
    texts[f] = r.parts.map((p) => p.text).join('\n');
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (parallel) await Promise.all(FILES.map(one));
  else for (const f of FILES) await one(f);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { seconds, coresBusy: (cpu.user + cpu.system) / 1e6 / seconds, texts };
}

async function warm(engine: PrepubOcrEngine): Promise<void> {
  // Start every worker before timing: worker start-up is paid once per process, not per page.
  const img = { id: 'warm', bytes: new Uint8Array(readFileSync(join(SAMPLES, 'screenshot-small.png'))), mediaType: '', origin: {} };
  await Promise.all(Array.from({ length: engine.workers }, () => engine.recognize(img)));
}

async function main(): Promise<void> {
  ensureCli();
  const tessdata = cliTessdata();
  const version = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const loadBefore = loadavg().map((l) => +l.toFixed(2));

  const e1 = createOcrEngine({ workers: 1 });
  await warm(e1);
  const one = await timeEngine(e1, false);
  await e1.close();

  const e2 = createOcrEngine({ workers: 2 });
  await warm(e2);
  const two = await timeEngine(e2, true);
  await e2.close();

  const cliTexts: Record<string, string> = {};
  const cliTimes: Record<string, number> = {};
  for (const f of FILES) {
    const t0 = performance.now();
    const r = spawnSync('tesseract', [join(SAMPLES, f), 'stdout', '--tessdata-dir', tessdata, '-l', DEFAULT_LANGS.join('+'), '--oem', '1', '--psm', '3', '-c', 'preserve_interword_spaces=1'], {
      encoding: 'utf8',
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    cliTimes[f] = (performance.now() - t0) / 1000;
    cliTexts[f] = r.status === 0 ? r.stdout : '';
    if (r.status !== 0) console.log(`CLI failed on ${f}: ${r.stderr.trim().split('\n').pop()}`);
  }
  const cliSeconds = Object.values(cliTimes).reduce((a, b) => a + b, 0);

  console.log(`\npages: ${FILES.length}; language data: ${LANG_DATA} ${DEFAULT_LANGS.join('+')} for both; CLI: ${version} (--oem 1 --psm 3, OMP_THREAD_LIMIT=1)`);
  console.log('file\tprepub acc\tCLI acc');
  let accP = 0;
  let accC = 0;
  for (const f of FILES) {
    const src = truth[f].join('\n');
    const a = characterAccuracy(src, one.texts[f]);
    const c = characterAccuracy(src, cliTexts[f]);
    accP += a;
    accC += c;
    console.log(`${f}\t${a.toFixed(3)}\t${c.toFixed(3)}`);
  }
  const perPage1 = one.seconds / FILES.length;
  const perPage2 = two.seconds / FILES.length;
  const perPageCli = cliSeconds / FILES.length;
  const summary = {
    pages: FILES.length,
    prepubSecondsPerPage1Worker: +perPage1.toFixed(3),
    prepubSecondsPerPage2Workers: +perPage2.toFixed(3),
    nativeCliSecondsPerPage: +perPageCli.toFixed(3),
    ratioToNative: +(perPage1 / perPageCli).toFixed(2),
    speedup2Workers: +(one.seconds / two.seconds).toFixed(2),
    coresBusy1Worker: +one.coresBusy.toFixed(2),
    coresBusy2Workers: +two.coresBusy.toFixed(2),
    prepubCharAccuracy: +(accP / FILES.length).toFixed(4),
    nativeCliCharAccuracy: +(accC / FILES.length).toFixed(4),
    loadAverage1m5m15mBefore: loadBefore,
    loadAverage1m5m15mAfter: loadavg().map((l) => +l.toFixed(2)),
  };
  console.log(JSON.stringify(summary, null, 2));
}

await main();
