/**
 * `ScannerOptions.policy` → a checked {@link PolicyInput}. A policy may be an object, JSON text or
 * the path of a JSON file (comments allowed, as in the command's config files). Whatever the form,
 * it is checked against the published schema and its rule ids against the scanner's detectors
 * ({@link validatePolicy}); a mistake is a {@link PolicyError} naming the key, and for text the
 * line and column (`policy.json:4:7: unknown rule id "pii.emial" (did you mean "pii.email"?)`).
 */
import { readFile } from 'node:fs/promises';
import { PolicyError, validatePolicy, type Detector, type PolicyInput, type PolicyPath } from '@prepub/core';

/** `file:line:column` of an offset in `text`. */
function position(file: string, text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${file}:${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Parses policy JSON text read from `file` (a name for messages) and checks it. Syntax errors name
 * the file, line and column.
 */
export async function parsePolicyText(text: string, file: string, detectors?: readonly Detector[]): Promise<PolicyInput> {
  // The JSON parser with positions is needed only when a policy is given as text.
  const { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } = await import('jsonc-parser');
  const clean = text.replace(/^\uFEFF/, '');
  const errors: Array<{ error: number; offset: number }> = [];
  const root = parseTree(clean, errors as never, { allowTrailingComma: false, disallowComments: false });
  if (errors.length || !root) {
    const e = errors[0];
    throw new PolicyError({ id: 'config.invalid-json', params: { at: position(file, clean, e?.offset ?? 0), ...(e ? { code: printParseErrorCode(e.error as never) } : {}) } });
  }
  const locate = (path: PolicyPath, key: boolean): string => {
    const node = findNodeAtLocation(root, [...path]);
    if (!node) return file;
    const at = key && node.parent?.type === 'property' ? node.parent.children![0]! : node;
    return position(file, clean, at.offset);
  };
  return validatePolicy(getNodeValue(root) as unknown, { detectors, locate });
}

/** The policy of `ScannerOptions.policy`, checked: an object, JSON text (starting with `{`) or a file path. */
export async function loadPolicy(policy: string | PolicyInput | undefined, detectors?: readonly Detector[]): Promise<PolicyInput> {
  if (policy === undefined) return {};
  if (typeof policy !== 'string') return validatePolicy(policy, { detectors });
  if (policy.trimStart().startsWith('{')) return parsePolicyText(policy, '(policy JSON)', detectors);
  let text: string;
  try {
    text = await readFile(policy, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PolicyError(code === 'ENOENT' ? { id: 'config.policy-not-found', params: { file: policy } } : { id: 'config.policy-unreadable', params: { file: policy, message: (e as Error).message } });
  }
  return parsePolicyText(text, policy, detectors);
}
