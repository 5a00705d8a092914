#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { COMMANDS, commandsFor } from './command-table.js';
import { CliError, err, palette, PACKAGE_VERSION, quietOnClosedPipes, useColor, write } from './output.js';

/** Builds the `wan-contract` program with the named subcommands (all by default); each lives in `./commands/`. */
export async function buildProgram(names: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('wan-contract')
    .description(
      'The Wan video-generation API contract: registry, prices, validators, mock server and conformance kit.',
    )
    .version(PACKAGE_VERSION, '-V, --version', 'print the package version')
    .option('--debug', 'print stack traces of unexpected errors')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ wan-contract conform                                  # the conformance suite against the embedded mock',
        '  $ wan-contract models --markdown',
        '  $ wan-contract quote wan2.2-t2v-plus --resolution 1080P --duration 5',
        '  $ wan-contract validate request.json --profile dashscope',
        '  $ wan-contract mock --port 4010',
        '',
        'Run `wan-contract <command> --help` for the flags and examples of each command.',
      ].join('\n'),
    )
    .configureOutput({
      writeOut: (text) => write(process.stdout, text),
      writeErr: (text) => write(process.stderr, text),
    });
  const registers = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(commandsFor(argv));
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const colors = palette(useColor(process.stderr));
    if (error instanceof CliError) {
      err(`${colors.red('wan-contract: error:')} ${error.message}`);
      if (error.hint) err(`${colors.dim('hint:')} ${error.hint}`);
      return error.exitCode;
    }
    err(`${colors.red('wan-contract: unexpected error:')} ${error instanceof Error ? error.message : String(error)}`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) err(error.stack);
    else err(`${colors.dim('hint:')} run again with --debug for details`);
    return 3;
  }
}

quietOnClosedPipes();
process.exitCode = await main(process.argv);
