/** A problem with the command line, a config, a policy or a dictionary file: a usage error (exit 3). */
export class UsageError extends Error {
  override name = 'UsageError';
}
