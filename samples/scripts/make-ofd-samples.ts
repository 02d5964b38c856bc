/**
 * Regenerates samples/ofd/ and its labels.json. The generator lives next to the OFD reader, whose
 * package carries the `fflate` dev dependency it needs; OFD is written from code, no OFD suite.
 * Run: pnpm tsx samples/scripts/make-ofd-samples.ts
 */
import { writeSamples } from '../../packages/extract-ofd/test/make-samples.ts';

writeSamples();
