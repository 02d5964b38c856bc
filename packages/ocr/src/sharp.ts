import sharp from 'sharp';

// The OCR pool's tesseract threads already use every core. libvips' own per-operation threads
// (the default is one per core, except on glibc without jemalloc where it is 1) would compete
// with them, so each image operation runs on one thread; images are decoded in parallel on the
// libuv pool instead. Each input is decoded once, so the operation cache only costs memory.
sharp.concurrency(1);
sharp.cache(false);

/** sharp, configured for the OCR pool: one libvips thread per operation, no operation cache. */
export default sharp;
