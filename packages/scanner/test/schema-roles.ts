/**
 * Writes the role list of packages/cli/schema/report.schema.json from the format registry (the
 * roles every registered reader declares, plus the scanner's own). Run after registering a format:
 * `pnpm tsx packages/scanner/test/schema-roles.ts`. registry.test.ts fails while they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportRoles } from '../src/formats.ts';

export const SCHEMA = join(import.meta.dirname, '../../cli/schema/report.schema.json');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  schema.$defs.role.enum = reportRoles();
  writeFileSync(SCHEMA, JSON.stringify(schema, null, 2) + '\n');
}
