/**
 * Regenerates samples/doc/ (Word 97-2003 and WPS writer documents, legacy .xls/.ppt) with its
 * labels.json, through LibreOffice. The generator lives next to the legacy Office reader, whose
 * package carries the `cfb` dependency it needs to derive the damaged files.
 * Run: pnpm tsx samples/scripts/make-legacy-samples.ts [--derived | --only NAME.xls]
 * (`--derived` re-derives only the damaged and flagged files from the committed ones, without
 * LibreOffice; `--only` converts one legacy workbook or deck again and leaves the rest as they are)
 */
import { updateDerived, writeLegacySample, writeSamples } from '../../packages/extract-doc/test/make-samples.ts';

const only = process.argv.indexOf('--only');
if (process.argv.includes('--derived')) updateDerived();
else if (only > 0) writeLegacySample(process.argv[only + 1]);
else writeSamples();
