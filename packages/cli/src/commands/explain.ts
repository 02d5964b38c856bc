/** `prepub explain`: what a rule finds, why, and how to waive it. */
import type { Command } from 'commander';
import { explainText } from '@prepub/report';
import { EXIT } from '@prepub/report';
import { withExitCodes } from './shared.ts';
import { t } from '@prepub/core';
import type { CommandContext, CommandModule } from './types.ts';

export const explainCommand: CommandModule = {
  exitCodes: [
    [EXIT.pass, 'the rule (or the list of rules) was printed'],
    [EXIT.usage, 'usage error or unknown rule id'],
  ],
  register(program: Command, ctx: CommandContext): Command {
    const cmd = program
      .command('explain')
      .description('explain a rule: what it finds, why, and how to waive it')
      .argument('[rule-id]', 'rule id, e.g. marking.cn-state-secret (leave out to list the rules)')
      .action(async (ruleId: string | undefined) => {
        const text = explainText(ruleId, ctx.lang);
        if (text === undefined) {
          ctx.io.stderr.write(`${t(ctx.lang, 'explain.unknown', { id: ruleId ?? '' })}\n`);
          ctx.setCode(EXIT.usage);
          return;
        }
        ctx.io.stdout.write(text);
        ctx.setCode(EXIT.pass);
      });
    return withExitCodes(cmd, this.exitCodes);
  },
};
