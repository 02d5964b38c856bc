/**
 * Regenerates samples/docx/ and its labels.json. The generator lives next to the DOCX extractor,
 * whose package carries the `docx`, `jszip`, `cfb` and canvas dev dependencies it needs.
 * Run: pnpm tsx samples/scripts/make-docx-samples.ts
 */
import '../../packages/extract-docx/test/make-samples.ts';
