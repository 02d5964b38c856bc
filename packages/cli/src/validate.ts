/**
 * Reads JSON settings files (config, policy) and checks them against the published JSON Schemas
 * `packages/cli/schema/config.schema.json` and `packages/core/schema/policy.schema.json`. Every error names the file, the line and column, and the key; an
 * unknown key or rule id comes with the closest known one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { closest, distance } from 'fastest-levenshtein';
import { schemaErrorRef, type SchemaError } from '@prepub/core';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { UsageError } from './errors.ts';

/** A JSON document with its text, so values can be traced back to lines. */
export interface JsonSource {
  /** File name shown in errors. */
  file: string;
  text: string;
  root: Node;
  /** Path of the checked value inside the document (`['prepub']` for package.json). */
  base: Array<string | number>;
}

/** `file:line:column` of an offset. */
export function position(src: Pick<JsonSource, 'file' | 'text'>, offset: number): string {
  const before = src.text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${src.file}:${line}:${column}`;
}

/** Parses JSON (comments allowed) or throws a {@link UsageError} naming the line of the first error. */
export function parseJsonSource(text: string, file: string, base: Array<string | number> = []): { value: unknown; source: JsonSource } {
  const clean = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const root = parseTree(clean, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length || !root) {
    const e = errors[0];
    throw new UsageError({ id: 'config.invalid-json', params: { at: position({ file, text: clean }, e?.offset ?? 0), ...(e ? { code: printParseErrorCode(e.error) } : {}) } });
  }
  const source: JsonSource = { file, text: clean, root, base };
  const node = base.length ? findNodeAtLocation(root, base) : root;
  return { value: node ? nodeValue(node) : undefined, source };
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries((n.children ?? []).map((p) => [p.children![0]!.value as string, p.children![1] ? nodeValue(p.children![1]) : null]));
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

/** Where a path points in the source: the key's position for a property, else the value's. */
export function locate(src: JsonSource, path: Array<string | number>, key = false): string {
  const node = findNodeAtLocation(src.root, [...src.base, ...path]);
  if (!node) return src.file;
  const at = key && node.parent?.type === 'property' ? node.parent.children![0]! : node;
  return position(src, at.offset);
}

const SCHEMA_DIR = new URL('../schema/', import.meta.url);
let ajv: InstanceType<typeof Ajv2020.default> | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator for one of the published schemas (`config.schema.json`, `policy.schema.json`). */
function validator(name: 'config.schema.json' | 'policy.schema.json'): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    if (!ajv) {
      ajv = new Ajv2020.default({ allErrors: false, verbose: true, strict: false });
      // The policy schema is the engine's (the library checks policies with it too); the config schema refers to it.
      ajv.addSchema(JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@prepub/core/schema/policy.schema.json'), 'utf8')));
      ajv.addSchema(JSON.parse(readFileSync(new URL('config.schema.json', SCHEMA_DIR), 'utf8')));
    }
    const got = ajv.getSchema(`https://prepub.invalid/schema/${name}`);
    if (!got) throw new Error(`schema ${name} is missing`);
    v = got;
    compiled.set(name, v);
  }
  return v;
}

/** The closest of `known` to `word`, when it is close enough to be a likely misspelling. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (!known.length) return undefined;
  const best = closest(word, known as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function pathOf(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** One schema error as a catalogue message naming file:line:column and the key (shared with the library's policy check). */
function describe(e: ErrorObject, src: JsonSource) {
  return schemaErrorRef(e as unknown as SchemaError, (p, key) => locate(src, [...p], key), suggest);
}

/** Checks `value` against a published schema; throws a {@link UsageError} for the first problem. */
export function checkSchema(name: 'config.schema.json' | 'policy.schema.json', value: unknown, src: JsonSource): void {
  const v = validator(name);
  if (v(value)) return;
  const errors = v.errors ?? [];
  // An if/then/else failure is reported by the branch's own error; an anyOf by itself, not by the
  // first branch that failed.
  const e = errors.find((x) => x.keyword !== 'if' && !x.schemaPath.includes('/anyOf/')) ?? errors[0];
  throw new UsageError(e ? describe(e, src) : { id: 'config.schema-mismatch', params: { file: src.file, schema: name } });
}
