/**
 * Decodes a HEIF file's pictures in a thread of its own: libheif runs in WebAssembly on the thread
 * that calls it, and a damaged or hostile file can keep it busy for a second or more and grow its
 * memory; in a worker that is neither the scanner's event loop nor its heap, and the worker is
 * stopped at a deadline (see `decodeHeif` in decode.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import heic from 'heic-decode';

/** What the worker is given. */
export interface HeifTask {
  bytes: Uint8Array;
  /** Pictures decoded at most (the rest are counted). */
  max: number;
  /** Largest picture decoded, in pixels. */
  maxPixels: number;
}

/** What it answers: the file's picture count and, per picture decoded, its RGBA pixels or why not. */
export interface HeifResult {
  count: number;
  pictures: Array<{ width: number; height: number; rgba: Uint8Array } | { error: string }>;
}

// libheif prints its complaints; they are not the report's and not the host's.
console.log = console.info = console.debug = (): void => undefined;

async function run(task: HeifTask): Promise<HeifResult> {
  const images = await heic.all({ buffer: task.bytes });
  const pictures: HeifResult['pictures'] = [];
  try {
    for (const img of images.slice(0, Math.max(1, task.max))) {
      try {
        if (img.width * img.height > task.maxPixels) throw new Error(`${img.width} × ${img.height} pixels is more than the ${task.maxPixels} accepted`);
        const { width, height, data } = await img.decode();
        pictures.push({ width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
      } catch (err) {
        pictures.push({ error: (err as Error).message });
      }
    }
  } finally {
    images.dispose();
  }
  return { count: images.length, pictures };
}

run(workerData as HeifTask).then(
  (result) => parentPort!.postMessage({ result }, result.pictures.flatMap((p) => ('rgba' in p ? [p.rgba.buffer as ArrayBuffer] : []))),
  (err: unknown) => parentPort!.postMessage({ error: (err as Error)?.message ?? String(err) }),
);
