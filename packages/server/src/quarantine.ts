import { createHash } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes an upload to the quarantine folder as `<sha256>` with mode 0600. An existing file of the
 * same hash is left as it is (same bytes). Returns the path.
 */
export async function quarantineFile(dir: string, bytes: Uint8Array, sha256?: string): Promise<string> {
  const name = sha256 && /^[0-9a-f]{64}$/.test(sha256) ? sha256 : createHash('sha256').update(bytes).digest('hex');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = join(dir, name);
  try {
    await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return path;
}
