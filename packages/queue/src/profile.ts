/**
 * The scan profile: what, besides the bytes, decides a verdict — the policy's version and the
 * content of the dictionaries. Jobs are keyed by content sha256 + profile, so a resubmitted batch is
 * not scanned again, and a worker configured differently from the submitter refuses the job instead
 * of answering under rules nobody asked for.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePolicy, type PolicyInput } from '@prepub/core';
import { BUNDLED_DICTIONARIES, type ScannerOptions } from '@prepub/scanner';

function listTxt(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listTxt(join(path, d.name)) : d.name.endsWith('.txt') ? [join(path, d.name)] : []))
    .sort();
}

/** Same rule as the scanner's: files under an `allowlist` folder or named `*.allow.txt` are allowlists. */
function isAllowlist(name: string): boolean {
  return /(^|[\\/])allowlist[\\/]/.test(name) || name.endsWith('.allow.txt');
}

/**
 * The profile of scanner options: `<policy version>.<12 hex>`, the hex a hash of the policy as
 * resolved and of every dictionary's kind (terms or allowlist) and content. Paths do not count, so
 * two machines that mount the same files at different places agree.
 */
export function scanProfile(options: ScannerOptions): string {
  const input: PolicyInput = typeof options.policy === 'string' ? (JSON.parse(readFileSync(options.policy, 'utf8')) as PolicyInput) : (options.policy ?? {});
  const policy = resolvePolicy(input);
  const parts: string[] = [];
  const add = (name: string, text: string) => parts.push(`${isAllowlist(name) ? 'A' : 'T'}${createHash('sha256').update(text).digest('hex')}`);
  for (const p of options.dictionaries ?? [BUNDLED_DICTIONARIES]) for (const f of listTxt(p)) add(f, readFileSync(f, 'utf8'));
  for (const t of options.dictionaryTexts ?? []) add(t.name, t.text);
  parts.sort();
  const h = createHash('sha256').update(JSON.stringify(policy)).update('\n').update(parts.join('\n'));
  // Masking changes what a stored result shows, so it is part of the profile too.
  h.update(options.mask === false ? '\nunmasked' : '\nmasked');
  h.update(options.ocr === false ? '\nno-ocr' : '\nocr');
  const label = policy.version.replace(/[^A-Za-z0-9._]/g, '_').slice(0, 40) || 'policy';
  return `${label}.${h.digest('hex').slice(0, 12)}`;
}
