/**
 * Regenerates samples/msg/ with its labels.json. The generator lives in the MSG reader's tests,
 * whose package carries the `cfb` dev dependency it writes compound files with.
 * Run: pnpm tsx samples/scripts/make-msg-samples.ts
 */
import { writeMsgSamples } from '../../packages/extract-msg/test/make-samples.ts';

writeMsgSamples();
