import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The language data flavour used: LSTM-only, integer weights (small and fast). */
export const LANG_DATA = '4.0.0_best_int';

/** Path of the gzipped traineddata an `@tesseract.js-data/<lang>` package ships. */
export function packagedTraineddata(lang: string): string {
  let pkg: string;
  try {
    pkg = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  } catch {
    throw new Error(`OCR language data for '${lang}' is not installed (npm package @tesseract.js-data/${lang})`);
  }
  return join(dirname(pkg), LANG_DATA, `${lang}.traineddata.gz`);
}

/**
 * tesseract.js reads every language from one `langPath` folder, while each language comes in its
 * own npm package: copy the files into one cache folder once. The copy goes through a temporary
 * name and a rename so that concurrent processes never see a half-written file.
 */
export function prepareLangPath(langs: string[], cacheDir?: string): string {
  const dir = cacheDir ?? join(tmpdir(), 'prepub-tessdata', LANG_DATA);
  mkdirSync(dir, { recursive: true });
  for (const lang of langs) {
    const src = packagedTraineddata(lang);
    const dest = join(dir, `${lang}.traineddata.gz`);
    const size = statSync(src).size;
    if (existsSync(dest) && statSync(dest).size === size) continue;
    const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
    copyFileSync(src, tmp);
    renameSync(tmp, dest);
  }
  return dir;
}
