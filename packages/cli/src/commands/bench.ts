/** `prepub bench`: verdict accuracy and speed on a labelled corpus. */
import type { Command } from 'commander';
import { runBench, type BenchFlags } from '../bench.ts';
import { EXIT } from '@prepub/report';
import { loadScannerFactory } from '../scanner-types.ts';
import { addScannerOptions, intIn, withExitCodes } from './shared.ts';
import type { CommandContext, CommandModule } from './types.ts';

export const benchCommand: CommandModule = {
  exitCodes: [
    [EXIT.pass, "every file's verdict is among its accepted verdicts"],
    [1, 'some file got a verdict its label does not accept'],
    [EXIT.usage, 'usage or config error'],
    [EXIT.internal, 'prepub itself failed'],
  ],
  register(program: Command, ctx: CommandContext): Command {
    const cmd = program
      .command('bench')
      .description('scan a labelled corpus (labels.json files) and measure verdict accuracy and speed')
      .argument('<corpus>', 'folder holding labels.json files')
      .option('--json', 'print the measurements as JSON (for tracking and --baseline)', false)
      .option('-o, --output <file>', 'also write the JSON measurements to a file')
      .option('--baseline <file>', 'compare with an earlier --json run');
    addScannerOptions(cmd)
      .option('-j, --concurrency <n>', 'files scanned at the same time (default 4)', intIn('--concurrency', 1, 64))
      .option('-q, --quiet', 'no progress bar', false)
      .option('--by <tags>', 'break results down by label tags, e.g. form,placement', (v: string) => v.split(',').map((t) => t.trim()).filter(Boolean))
      .option('--max-list <n>', 'list at most n misses and n false alarms (counts are always shown)', intIn('--max-list', 0))
      .action(async (corpus: string, flags: BenchFlags & { dictionary?: string[] }) => {
        if (flags.dictionary) flags.dict = [...flags.dict, ...flags.dictionary];
        ctx.setCode(await runBench(corpus, flags, ctx.io, ctx.deps.createScanner ?? (await loadScannerFactory())));
      });
    return withExitCodes(cmd, this.exitCodes);
  },
};
