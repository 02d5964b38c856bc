/** `prepub init`: write a starter config file. */
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE, starterConfig } from '../config.ts';
import { EXIT } from '@prepub/report';
import { t } from '@prepub/core';
import { withExitCodes } from './shared.ts';
import type { CommandContext, CommandModule } from './types.ts';

export const initCommand: CommandModule = {
  exitCodes: [
    [EXIT.pass, `${CONFIG_FILE} written`],
    [EXIT.usage, 'usage error, or the file exists and --force was not given'],
  ],
  register(program: Command, ctx: CommandContext): Command {
    const cmd = program
      .command('init')
      .description(`write a commented starter ${CONFIG_FILE} in the current folder`)
      .option('--force', 'overwrite an existing file', false)
      .action(async (flags: { force: boolean }) => {
        const file = path.join(ctx.io.cwd, CONFIG_FILE);
        let exists = true;
        try {
          await access(file);
        } catch {
          exists = false;
        }
        if (exists && !flags.force) {
          ctx.io.stderr.write(`${t(ctx.lang, 'init.exists', { file: CONFIG_FILE })}\n`);
          ctx.setCode(EXIT.usage);
          return;
        }
        await writeFile(file, starterConfig());
        ctx.io.stdout.write(`${t(ctx.lang, 'init.wrote', { file })}\n`);
        ctx.setCode(EXIT.pass);
      });
    return withExitCodes(cmd, this.exitCodes);
  },
};
