/**
 * The workers `prepub scan` asks for, and the guess `bin.ts` makes of them from the command line
 * alone so the very same workers can start before the rest of prepub loads.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../src/commands/scan.ts';
import { localizeProgram } from '../src/lang.ts';
import { SCAN_VALUE_OPTIONS, guessScanWorkers, planWorkers } from '../src/worker-plan.ts';
import type { CliIo } from '../src/io.ts';
import { tempTree } from './support.ts';

describe('planWorkers', () => {
  it('starts one worker per file scanned at once, never more than files, and preloads nothing when each reads one file', () => {
    expect(planWorkers(1, 4, ['a.pdf'])).toEqual({ workers: 1, preload: [] });
    expect(planWorkers(3, 4, ['a.pdf', 'b.docx', 'c.txt'])).toEqual({ workers: 3, preload: [] });
  });

  it('preloads only the readers the names call for, in one fixed order', () => {
    expect(planWorkers(5, 2, ['a.txt', 'b.md', 'c.html', 'd.TXT', 'e'])).toEqual({ workers: 2, preload: [] });
    expect(planWorkers(3, 2, ['a.txt', 'b.PDF', 'c.txt'])).toEqual({ workers: 2, preload: ['pdf'] });
    expect(planWorkers(3, 2, ['x/a.docm', 'b.pdf', 'c.txt'])).toEqual({ workers: 2, preload: ['pdf', 'docx'] });
    expect(planWorkers(3, 2, ['a.docx', 'b.pdf', 'c.txt'])).toEqual(planWorkers(3, 2, ['b.pdf', 'a.docx', 'c.txt']));
  });
});

describe('guessScanWorkers', () => {
  const dir = tempTree({
    'one.txt': 'x',
    'two.pdf': '%PDF-1.4',
    'terms.txt': '机密文件',
    'docs/a.txt': 'a',
    'few/a.txt': 'a',
    'few/b.pdf': '%PDF-1.4',
    'few/c.docx': 'PK',
    ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`many/${i}.txt`, 'x'])),
    'nested/a.txt': 'a',
    'nested/sub/b.txt': 'b',
  });
  mkdirSync(path.join(dir, 'empty'), { recursive: true });

  it('guesses one worker per core for a folder, with no reader preloaded', async () => {
    expect(await guessScanWorkers(['many'], 4, dir)).toEqual({ workers: 4, preload: [] });
    expect(await guessScanWorkers(['--quiet', 'many', '--format', 'json'], 2, dir)).toEqual({ workers: 2, preload: [] });
    // A subfolder, or a link (it may lead to one), may hold any number of files: as many as the cores.
    expect(await guessScanWorkers(['nested'], 4, dir)).toEqual({ workers: 4, preload: [] });
    const linked = path.join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(path.join(dir, 'many'), path.join(linked, 'many'));
    expect(await guessScanWorkers(['linked'], 4, dir)).toEqual({ workers: 4, preload: [] });
  });

  it('guesses fewer for a folder holding only fewer files than that, as the scan will plan them', async () => {
    expect(await guessScanWorkers(['docs'], 4, dir)).toEqual({ workers: 1, preload: [] });
    expect(await guessScanWorkers(['docs'], 4, dir)).toEqual(planWorkers(1, 4, ['docs/a.txt']));
    expect(await guessScanWorkers(['empty'], 4, dir)).toEqual({ workers: 1, preload: [] });
    expect(await guessScanWorkers(['few'], 4, dir)).toEqual({ workers: 3, preload: [] });
    // Files named beside the folder count too.
    expect(await guessScanWorkers(['docs', 'one.txt'], 4, dir)).toEqual({ workers: 2, preload: [] });
    expect(await guessScanWorkers(['few', 'docs', 'one.txt'], 4, dir)).toEqual({ workers: 4, preload: [] });
  });

  it('follows -j / --concurrency', async () => {
    expect(await guessScanWorkers(['-j', '3', 'many'], 8, dir)).toEqual({ workers: 3, preload: [] });
    expect(await guessScanWorkers(['--concurrency=5', 'many'], 8, dir)).toEqual({ workers: 5, preload: [] });
    // More than the cores: not guessed for a folder (it may hold fewer files than that).
    expect(await guessScanWorkers(['-j', '16', 'many'], 2, dir)).toBeUndefined();
    expect(await guessScanWorkers(['-j', '16', 'one.txt'], 2, dir)).toEqual({ workers: 1, preload: [] });
    // A value attached to the short option, alone or after grouped flags.
    expect(await guessScanWorkers(['-j3', 'many'], 8, dir)).toEqual({ workers: 3, preload: [] });
    expect(await guessScanWorkers(['-qj3', 'many'], 8, dir)).toEqual({ workers: 3, preload: [] });
    expect(await guessScanWorkers(['-j=3', 'many'], 8, dir)).toEqual({ workers: 3, preload: [] });
    // `-ojson.out`: the rest of the word is -o's value, not an input.
    expect(await guessScanWorkers(['-odocs', 'one.txt'], 4, dir)).toEqual({ workers: 1, preload: [] });
  });

  it('looks on disk only at the first inputs: names past them count as files', async () => {
    // Two workers wanted: three names are looked at; the folder fourth is not (it counts as a file).
    expect(await guessScanWorkers(['-j', '2', 'one.txt', 'two.pdf', 'terms.txt', 'docs'], 8, dir)).toEqual(planWorkers(4, 2, ['one.txt', 'two.pdf', 'terms.txt', 'docs']));
    expect(await guessScanWorkers(['-j', '2', 'one.txt', 'docs'], 8, dir)).toEqual({ workers: 2, preload: [] });
    const many = Array.from({ length: 5000 }, (_, i) => `missing-${i}.txt`);
    expect(await guessScanWorkers(['-j', '2', 'one.txt', ...many], 8, dir)).toEqual({ workers: 2, preload: [] });
  });

  it('plans named files as the scan plans them, and does not take option values for inputs', async () => {
    expect(await guessScanWorkers(['one.txt'], 4, dir)).toEqual(planWorkers(1, 4, ['one.txt']));
    expect(await guessScanWorkers(['--dict', 'terms.txt', 'one.txt'], 4, dir)).toEqual({ workers: 1, preload: [] });
    // `-o docs` names the output, not an input folder.
    expect(await guessScanWorkers(['-o', 'docs', 'one.txt', 'two.pdf'], 4, dir)).toEqual(planWorkers(2, 4, ['one.txt', 'two.pdf']));
    expect(await guessScanWorkers(['-'], 4, dir)).toEqual({ workers: 1, preload: [] });
  });

  it('makes no guess when no input exists', async () => {
    expect(await guessScanWorkers(['missing.txt'], 4, dir)).toBeUndefined();
    expect(await guessScanWorkers(['--dict', 'terms.txt'], 4, dir)).toBeUndefined();
  });

  it('knows every option of `prepub scan` that takes a value', () => {
    const program = new Command('prepub');
    scanCommand.register(program, { io: {} as CliIo, deps: {}, lang: 'en', setCode: () => undefined });
    localizeProgram(program, 'en');
    const scan = program.commands.find((c) => c.name() === 'scan')!;
    const valued = scan.options.filter((o) => o.required || o.optional).flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
    expect(valued.length).toBeGreaterThan(5);
    expect([...SCAN_VALUE_OPTIONS].sort()).toEqual([...new Set(valued)].sort());
  });

  it('reads an input that looks like a value-taking option only after --', async () => {
    writeFileSync(path.join(dir, '-o'), 'x');
    expect(await guessScanWorkers(['--', '-o', 'docs'], 2, dir)).toEqual({ workers: 2, preload: [] });
  });
});
