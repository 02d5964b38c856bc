/**
 * @prepub/core — the pure engine: located text parts → normalization with an exact offset map →
 * detectors → findings in original coordinates → policy → verdict. No file or network I/O.
 */
export * from './types.ts';
export { PartBuilder, type BlockExtra } from './part-builder.ts';
export { linesAcrossShapes, SHAPE_PIECE, type PlacedShape } from './shapes-in-place.ts';
export { declaredRoles, firstPdfObjectAt, type FormatDeclaration, type FormatSniffer, type ReaderLoadOptions, type SniffDeclaration, type ZipView } from './formats.ts';
export { UnitArena, type UnitMemory } from './unit-arena.ts';
export { unitIndexOf } from './unit-index.ts';
export { FACT_CYRILLIC, FACT_GREEK_CYRILLIC, FACT_SUSPECT, mayHold, NormalizeArena, normalize, normalizeLazy, normalizeTerm, originalIndex, originalSlice, originalWidth, toOriginalSpan, isTight, type NormalizedText, type OffsetRuns } from './normalize/normalize.ts';
export { foldTable, STAR } from './normalize/fold-table.ts';
export { AhoCorasick, type AcMatches } from './match/aho-corasick.ts';
export { automatonFromSnapshot, snapshotAutomaton } from './match/snapshot.ts';
export * from './detectors/index.ts';
export * from './policy/policy.ts';
export * from './i18n/index.ts';
export { closestKnown, knownRuleIds, schemaErrorRef, stripPolicyDocKeys, validatePolicy, type PolicyPath, type SchemaError, type ValidatePolicyOptions } from './policy/validate.ts';
export { assessTextQuality, markWithoutSuspectUnits, textQualityLoss, type TextQuality } from './quality.ts';
export { DISPLAY_SUFFIX, displayOrderReading, holdsBidiOverride } from './display-order.ts';
export { enforceTextLimit } from './text-limit.ts';
export { copyPart, defineLazyText, hasLazyText, partLength, partSlice, sliceUnits, unitsString } from './part-text.ts';
export { Engine, analyze, maskValue, MAX_HITS_PER_DETECTOR, type AnalyzeOptions, type AnalyzeOutcome, type DetectorFailure, type EngineOptions, type EngineSetup } from './engine.ts';
export { percentDecodedShown } from './uri.ts';
export { armoredCiphertext } from './armor.ts';
export { fontDrawnAs, isFontProgram, readSfnt, type DrawnAs, type Sfnt } from './sfnt.ts';
export { anySwap, drawnText, fontSwaps, MAX_FONTS_CHECKED, type FontSwaps } from './font-swaps.ts';
export { isoImageKind } from './iso-image.ts';
export { crc32, crc32Register } from './crc32.ts';
export { outlinedTextAreas, mayBeGlyph, PathShapeCounter, MIN_GLYPH_SEGMENTS, MIN_STROKED_SEGMENTS, GLYPH_HEIGHT, type OutlineRect, type OutlineShape } from './outlined-text.ts';
export { clippedAway, CLIP_KEPT_SHARE, hexColour, nearWhiteHex, nearWhiteRgb, sameColour, OFF_LINE_POINTS, OVERDRAWN_SPACING_POINTS, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS } from './drawn-unseen.ts';
export { layoutLines, layoutPage, readingGroups, isCjk, gapFraction, LATIN_GAP_FRACTION, type TextRun, type LaidOut, type PageGeometry } from './page-layout.ts';
export { coveringGlyphs, COVERED_SHARE, type Overdraw, type PlacedGlyph } from './overdraw.ts';
export { formFields, looksGb18030, looksJsonText, looksMarkdownText, requestBodyText, requestTexts, tagItems, unwrapJsonString, type FieldEncoding } from './field-text.ts';
export { afterProlog, type PrologGrammar } from './prolog.ts';
