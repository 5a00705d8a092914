#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError, err, palette, PACKAGE_VERSION, quietOnClosedPipes, useColor, write } from './output.js';
import { registerModels } from './commands/models.js';
import { registerQuote } from './commands/quote.js';
import { registerValidate } from './commands/validate.js';
import { registerSpec } from './commands/spec.js';
import { registerMock } from './commands/mock.js';
import { registerConform } from './commands/conform.js';
import { registerCases } from './commands/cases.js';
import { registerEvidence } from './commands/evidence.js';
import { registerMatrix } from './commands/matrix.js';
import { registerCoverage } from './commands/coverage.js';
import { registerProxy } from './commands/proxy.js';
import { registerClientCheck } from './commands/client-check.js';

/** Builds the `wan-contract` program; each subcommand lives in `./commands/`. */
export function buildProgram(): Command {
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
  registerModels(program);
  registerQuote(program);
  registerValidate(program);
  registerSpec(program);
  registerMock(program);
  registerConform(program);
  registerCases(program);
  registerEvidence(program);
  registerMatrix(program);
  registerCoverage(program);
  registerProxy(program);
  registerClientCheck(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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
