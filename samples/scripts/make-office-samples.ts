/**
 * Regenerates samples/xlsx/, samples/pptx/ and samples/zip/ with their labels.json. The generator lives next to
 * the shared OOXML reader, whose package carries the `fflate` and `cfb` dev dependencies it needs.
 * Run: pnpm tsx samples/scripts/make-office-samples.ts
 */
import { writeSamples } from '../../packages/ooxml/test/make-samples.ts';

writeSamples();
