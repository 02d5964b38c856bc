/**
 * Regenerates samples/odf/ and samples/rtf/ with their labels.json. Needs LibreOffice (soffice);
 * the generator lives next to the OpenDocument reader, whose package carries the `fflate` dev
 * dependency it needs. Run: pnpm tsx samples/scripts/make-odf-rtf-samples.ts
 */
import { makeSamples } from '../../packages/extract-odf/test/make-samples.ts';

makeSamples();
