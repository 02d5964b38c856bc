/**
 * The segmentation model in shared memory: a worker thread given the model another thread built
 * cuts every text exactly as that thread does, without reading the dictionary itself; and the word
 * table answers the same from its shared form as from the one it was built as.
 */
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiebaSegmenter, WordTable, segmentationModel, segmentationModelBuiltHere, type SegmentationModel } from '../src/segmenter.ts';

const USER_WORDS = ['机密档案', '商业机密', '机密性', '涉密载体', '天穹计划二期工程'];

/** Pieces texts are made of: dictionary words short and long (over four units), user words, rare characters, ASCII runs, separators. */
const PIECES = [
  '中华人民共和国', '保守国家秘密法', '他来到了网易杭研大厦', '绝密', '机密', '秘密', '的', '了', '数据', '完整性', '可用性',
  '小明硕士毕业于中国科学院计算所', '南京市长江大桥', '乒乓球拍卖完了', '𠀋𠀾', '\ud800', 'IBM', 'x86', '3.14', 'abc123',
  '，', '。', ' ', '\n', '\t', '：', '“', '”', '囧', '犇', '龘', ...USER_WORDS,
];
const textArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join(''));

/**
 * A worker thread that adopts a model and cuts texts with it. The segmenter module is TypeScript:
 * loaded through tsx's API, as the pool's workers load theirs when started from the sources.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { tsImport } = await import('tsx/esm/api');
  const seg = await tsImport(workerData.module, workerData.base);
  parentPort.on('message', ({ model, words, texts }) => {
    if (model) seg.adoptSegmentationModel(model);
    const s = new seg.JiebaSegmenter(words);
    const cuts = texts.map((t) => s.cut(t));
    parentPort.postMessage({ cuts, builtHere: seg.segmentationModelBuiltHere(), id: seg.segmentationModel()?.id });
  });
  parentPort.postMessage('ready');
})();
`;

function startWorker(): Promise<Worker> {
  const w = new Worker(WORKER, { eval: true, workerData: { module: '../src/segmenter.ts', base: import.meta.url } });
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve(w));
    w.once('error', reject);
  });
}

function ask(w: Worker, msg: { model?: SegmentationModel; words: string[]; texts: string[] }): Promise<{ cuts: string[][]; builtHere: boolean; id?: string }> {
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.postMessage(msg);
  });
}

describe('segmentation model shared between threads', () => {
  const local = new JiebaSegmenter(USER_WORDS);
  let model: SegmentationModel;
  let worker: Worker;
  beforeAll(async () => {
    local.load();
    model = segmentationModel()!;
    worker = await startWorker();
  }, 60_000);
  afterAll(async () => {
    await worker?.terminate();
  });

  it('is built here once and offered as shared memory', () => {
    expect(segmentationModelBuiltHere()).toBe(true);
    expect(model.words.slots).toBeInstanceOf(SharedArrayBuffer);
    expect(model.words.longSlots).toBeInstanceOf(SharedArrayBuffer);
    expect(model.weights).toBeInstanceOf(SharedArrayBuffer);
    // jieba's dictionary: 349,000 words and their prefixes.
    expect(model.words.count + model.words.longCount).toBeGreaterThan(400_000);
  });

  it('cuts generated text in a worker given the model exactly as in this thread, and the worker reads no dictionary', async () => {
    const texts = fc.sample(textArb, { numRuns: 400, seed: 20261201 });
    const r = await ask(worker, { model, words: USER_WORDS, texts });
    expect(r.builtHere).toBe(false);
    expect(r.id).toBe(model.id);
    expect(r.cuts).toEqual(texts.map((t) => local.cut(t)));
    // The cuts are not trivial: long dictionary words and user words stay whole.
    expect(r.cuts.flat()).toEqual(expect.arrayContaining(['中华人民共和国', '天穹计划二期工程', '机密性']));
  }, 60_000);

  it('a fresh worker (as after a renewal) given the same model cuts the same again', async () => {
    const texts = fc.sample(textArb, { numRuns: 200, seed: 7 });
    const fresh = await startWorker();
    try {
      const r = await ask(fresh, { model, words: USER_WORDS, texts });
      expect(r.builtHere).toBe(false);
      expect(r.cuts).toEqual(texts.map((t) => local.cut(t)));
    } finally {
      await fresh.terminate();
    }
  }, 60_000);
});

describe('word table in shared memory', () => {
  it('answers every word, prefix and non-word as the table it was built as', () => {
    const word = fc.array(fc.constantFrom('机', '密', '性', '档', '案', 'a', '𠀋'), { minLength: 1, maxLength: 9 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 60 }), fc.array(word, { maxLength: 30 }), (words, probes) => {
        const plain = new WordTable(4);
        const built = new WordTable(4, true);
        words.forEach((w, i) => {
          plain.set(w, i);
          built.set(w, i);
        });
        const shared = WordTable.fromShared(built.share());
        expect(shared.size).toBe(plain.size);
        for (const w of [...words, ...probes]) {
          for (let end = 1; end <= w.length; end++) expect(shared.get(w, 0, end)).toBe(plain.get(w, 0, end));
          // Lookups of a stretch inside a longer text, as the segmenter makes them.
          const text = `x${w}y`;
          expect(shared.get(text, 1, 1 + w.length)).toBe(plain.get(w, 0, w.length));
        }
        expect(() => shared.set('机密', 1)).toThrow(/read-only/);
      }),
      { numRuns: 200 },
    );
  });
});
