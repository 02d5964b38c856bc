/**
 * @prepub/ocr: offline OCR for pictures, scanned pages and images inside documents.
 * Turns an {@link ImageRef} into located `ocr` text parts (lines and words with boxes in the
 * original image) or unread items saying why a picture could not be read.
 */
export { createOcrEngine, readingScore, DEFAULT_LANGS, type OcrEngineOptions, type PrepubOcrEngine } from './engine.ts';
export { decodePages, openImage, sniffImage, isSvgDrawing, SVG_MAX_PIXELS, ImageDecodeError, MAX_INPUT_PIXELS, type GreyPage, type ImageFormat, type OpenedImage } from './decode.ts';
export { measureInk, measureInkAt, estimateSkew, inkNotCovered, regionsToRead, INK_MIN_SHARE, INK_CONTRAST, INK_SIDE, MAX_SKEW, REGION_MIN_INK, type InkMeasure, type InkRegion } from './ink.ts';
export { findBandInk, BAND_MIN_SHARE, type BandInk } from './band.ts';
export { DEFAULT_PREPROCESS, prepare, chooseScale, toOriginal, type PreprocessOptions, type Prepared, type QuarterTurn } from './preprocess.ts';
export { buildText, linesOf, type RawLine, type RawWord, type BuiltText } from './layout.ts';
export { prepareLangPath, packagedTraineddata, LANG_DATA } from './langdata.ts';
export { WorkerPool, PoolError, type PoolFailure } from './pool.ts';
export { characterAccuracy } from './accuracy.ts';
