/**
 * Crafted inputs that make naive detectors quadratic (one line of a million characters with a hit
 * every few characters, a banner line padded with thousands of separators, runs of digits, @ signs).
 * Each is 1–2 MB; the time is shown next to TextDecoder + normalization of the same text, so a
 * regression to quadratic time shows as a ratio in the hundreds.
 *
 *   pnpm bench adversarial
 */
import { Allowlist, BUILTIN_DETECTORS, analyze, normalize, resolvePolicy } from '@prepub/core';

const cases: Record<string, string> = {
  'banner padded with " -"': 'SECRET//A' + ' -'.repeat(200_000) + 'x',
  'one line of 机密★': '机密★'.repeat(300_000),
  'one line of 机密': '机密'.repeat(500_000),
  'one line of 内部': '内部'.repeat(500_000),
  'table pipes': '| 机密 '.repeat(200_000),
  'quoted markings': '「机密★5年」'.repeat(100_000),
  'code spans': '`机密★5年`'.repeat(100_000),
  'a@ repeated': 'a@'.repeat(500_000),
  'digits': '1'.repeat(1_000_000),
  'ID numbers': '11010519491231002X '.repeat(50_000),
  'lines of markings': '机密★5年\n'.repeat(200_000),
};

const options = { detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) };
console.log('case'.padEnd(26), 'analyze ms'.padStart(11), 'normalize ms'.padStart(13), 'ratio'.padStart(7), 'findings'.padStart(9));
let worst = 0;
for (const [name, body] of Object.entries(cases)) {
  const text = body + '\n';
  let t = performance.now();
  normalize(text);
  const base = performance.now() - t;
  t = performance.now();
  const f = analyze([{ id: 'body', role: 'body', text, origin: {}, leading: true }], options);
  const ms = performance.now() - t;
  worst = Math.max(worst, ms / base);
  console.log(name.padEnd(26), ms.toFixed(0).padStart(11), base.toFixed(1).padStart(13), (ms / base).toFixed(0).padStart(7), String(f.length).padStart(9));
}
console.log(`worst ratio to normalization: ${worst.toFixed(0)}×`);
