import { renderMessage, type MessageRef } from '@prepub/core';

/**
 * A problem with the command line, a config, a policy or a dictionary file: a usage error (exit 3).
 * Made from a catalogue message (`ref`), it is shown in the language of the run; `message` is English.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly ref?: MessageRef;
  constructor(message: string | MessageRef) {
    super(typeof message === 'string' ? message : renderMessage('en', message));
    if (typeof message !== 'string') this.ref = message;
  }
}
