/** nodejieba as the core's Segmenter, with dictionary terms added so they segment as words. */
import { createRequire } from 'node:module';
import type { Segmenter } from '@prepub/core';

const require = createRequire(import.meta.url);

interface Jieba {
  cut(text: string, hmm?: boolean): string[];
  insertWord(word: string, tag?: string): boolean;
}

let jieba: Jieba | undefined;
const inserted = new Set<string>();

/** Loads nodejieba once per process (its dictionaries load on first use, ~0.5 s). */
export function createJiebaSegmenter(words: Iterable<string>): Segmenter {
  jieba ??= require('nodejieba') as Jieba;
  const j = jieba;
  for (const w of words) {
    if (!inserted.has(w)) {
      j.insertWord(w);
      inserted.add(w);
    }
  }
  return { cut: (text) => j.cut(text, true) };
}
