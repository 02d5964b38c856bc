/**
 * Regenerates samples/doc/ (Word 97-2003 and WPS writer documents, legacy .xls/.ppt) with its
 * labels.json, through LibreOffice. The generator lives next to the legacy Office reader, whose
 * package carries the `cfb` dependency it needs to derive the damaged files.
 * Run: pnpm tsx samples/scripts/make-legacy-samples.ts
 */
import { writeSamples } from '../../packages/extract-doc/test/make-samples.ts';

writeSamples();
