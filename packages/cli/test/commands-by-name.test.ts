/** A run of one subcommand loads only its module: the loaders by name name every subcommand, each its own module. */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.ts';
import { COMMAND_LOADERS } from '../src/commands/by-name.ts';

describe('subcommands by name', () => {
  it('list the same subcommands as COMMANDS, and each loads the same module', async () => {
    expect(Object.keys(COMMAND_LOADERS).sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const [name, load] of Object.entries(COMMAND_LOADERS)) expect(await load(), name).toBe(COMMANDS[name]);
  });
});
