import type { Detector } from './types.ts';
import { cnStateSecret } from './cn-state-secret.ts';
import { cnLower } from './cn-lower.ts';
import { foreign } from './foreign.ts';
import { pii } from './pii.ts';

/** The built-in detectors that need no data. The term detector is built from dictionaries. */
export const BUILTIN_DETECTORS: readonly Detector[] = [cnStateSecret, cnLower, foreign, pii];

export { cnStateSecret, cnLower, foreign, pii };
export { createTermDetector, onWordBoundaries, wordBoundaryVerdicts } from './terms.ts';
export { parseDictionary, CompiledDictionary, DictionaryError, type DictionaryEntry, type DictionarySource } from './dictionary.ts';
export { isValidCnId, isValidUscc, isValidLuhn, cnIdCheckChar, usccCheckChar } from './checksums.ts';
export { chineseNumeral } from './cn-state-secret.ts';
export type { Detector, DetectContext, RawFinding, Segmenter, DocumentHints, TriggerHits } from './types.ts';
export { LineIndex } from './layout.ts';
export { FORMS as CN_MARKING_FORMS, CUES as CN_MARKING_CUES, GRAMMAR_CUES as CN_GRAMMAR_CUES, type MarkingForm, type FormExample, type Placement, type CueId } from './cn-forms.ts';
export { createCnStateSecret } from './cn-state-secret.ts';
export { createCnLower } from './cn-lower.ts';
