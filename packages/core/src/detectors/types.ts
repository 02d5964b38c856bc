import type { Block, Explanation, FindingCategory, Severity, TextPart } from '../types.ts';
import type { NormalizedText } from '../normalize/normalize.ts';
import type { LineIndex } from './layout.ts';

/** Word segmentation, injected so the core stays free of native modules (nodejieba in the scanner). */
export interface Segmenter {
  cut(text: string): string[];
}

/** Everything a detector sees for one part. */
export interface DetectContext {
  part: TextPart;
  norm: NormalizedText;
  lines: LineIndex;
  /** Blocks of the part, sorted (may be empty). */
  blocks: readonly Block[];
  segmenter?: Segmenter;
  /** True when the document as a whole carries a foreign banner (portion marks become credible). */
  documentHints: DocumentHints;
}

/** Facts gathered across parts before detectors run. */
export interface DocumentHints {
  foreignBanner: boolean;
}

/** A detector's report, in normalized coordinates of the part; the engine maps it to the original. */
export interface RawFinding {
  ruleId: string;
  category: FindingCategory;
  /** The highest severity this finding may have; the policy's thresholds decide the actual one. */
  maxSeverity: Severity;
  score: number;
  start: number;
  end: number;
  message: string;
  explanation: Explanation;
  /** Mask the matched text itself in excerpts (personal data). */
  maskMatch?: boolean;
}

/** A detector: a small module with an id, documentation and its own fixtures. */
export interface Detector {
  /** Rule id prefix, e.g. `marking.cn-state-secret`. */
  id: string;
  /** One line for `prepub explain` and SARIF. */
  summary: string;
  /** Anchor in docs/detectors.md. */
  docs: string;
  detect(ctx: DetectContext): RawFinding[];
}
