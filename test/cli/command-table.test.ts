import { describe, expect, test } from 'vitest';
import { COMMANDS, commandsFor } from '../../src/cli/command-table.js';

const argv = (...args: string[]) => ['node', 'wan-contract', ...args];

describe('commandsFor', () => {
  test('loads only the subcommand a command line names, wherever its global flags stand', () => {
    expect(commandsFor(argv('quote', 'wan2.2-t2v-plus', '--duration', '5'))).toEqual(['quote']);
    expect(commandsFor(argv('--debug', 'client-check', 'python3', 'x.py'))).toEqual(['client-check']);
  });

  test('loads none for a bare --version, and every one for help or an unknown command', () => {
    expect(commandsFor(argv('--version'))).toEqual([]);
    expect(commandsFor(argv('-V'))).toEqual([]);
    const all = Object.keys(COMMANDS);
    expect(all).toHaveLength(12);
    for (const line of [argv(), argv('--help'), argv('help', 'quote'), argv('modls')])
      expect(commandsFor(line)).toEqual(all);
  });

  test('every entry loads a registration function', async () => {
    for (const load of Object.values(COMMANDS)) expect(typeof (await load())).toBe('function');
  });
});
