/**
 * Regenerates samples/doc/ (Word 97-2003 and WPS writer documents, legacy .xls/.ppt) with its
 * labels.json, through LibreOffice. The generator lives next to the legacy Office reader, whose
 * package carries the `cfb` dependency it needs to derive the damaged files.
 * Run: pnpm tsx samples/scripts/make-legacy-samples.ts [--derived]
 * (`--derived` re-derives only the damaged and flagged files from the committed ones, without LibreOffice)
 */
import { updateDerived, writeSamples } from '../../packages/extract-doc/test/make-samples.ts';

if (process.argv.includes('--derived')) updateDerived();
else writeSamples();
