import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { clientCheckJUnit, clientCheckTable } from '../../client-check/report.js';
import { CHECKED_FAULTS, runClientCheck } from '../../client-check/run.js';
import { isProfileId } from '../../contract/profiles.js';
import { isFaultName, type FaultName } from '../../mock.js';
import { CliError, out, parseCount } from '../output.js';

interface ClientCheckFlags {
  profile: string;
  faults?: string;
  deadlineMs: string;
  baseUrlEnv?: string[];
  json?: string;
  junit?: string;
}

function faultsOf(text: string | undefined): FaultName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((n) => n.trim());
  // An unset CI variable gives '': running nothing and passing would be green about nothing.
  if (names.every((n) => n === ''))
    throw new CliError(
      `--faults must name at least one fault, received ${JSON.stringify(text)}`,
      2,
      `leave --faults out to run every fault: ${CHECKED_FAULTS.join(', ')}`,
    );
  for (const name of names) {
    if (!isFaultName(name) || !CHECKED_FAULTS.includes(name))
      throw new CliError(
        `--faults must name faults among ${CHECKED_FAULTS.join(', ')}, received ${JSON.stringify(name)}`,
        2,
      );
  }
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new CliError(`--faults names ${twice} twice: each fault runs once`, 2, 'name each fault once');
  return names as FaultName[];
}

/** Variables the client's own process needs, or that hold the key: never overwritten with the base URL. */
const RESERVED_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'PWD',
  'TMPDIR',
  'LANG',
  'TERM',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PYTHONPATH',
  'PYTHONHOME',
  'DASHSCOPE_API_KEY',
]);

function baseUrlEnvOf(names: readonly string[] | undefined): string[] | undefined {
  for (const name of names ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new CliError(
        `--base-url-env must be an environment variable name (letters, digits, _), received ${JSON.stringify(name)}`,
        2,
      );
    if (RESERVED_ENV.has(name.toUpperCase()))
      throw new CliError(
        `--base-url-env ${name} would overwrite a variable the client needs; reserved: ${[...RESERVED_ENV].join(', ')}`,
        2,
        'name a variable of your own, such as MY_BASE_URL',
      );
  }
  return names ? [...names] : undefined;
}

/** Refuses an output path that cannot be written, before the client runs (a run takes minutes). */
async function checkOutput(flag: string, path: string | undefined): Promise<void> {
  if (path === undefined) return;
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new CliError(`${flag} ${path} is a directory: give a file path`, 2);
  try {
    await access(info ? path : dirname(resolve(path)), constants.W_OK);
  } catch (error) {
    throw new CliError(
      `${flag} ${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      2,
      'give a path in a directory that exists and that you can write',
    );
  }
}

/** `wan-contract client-check -- COMMAND …`: runs a client once per fault and judges what it did. */
export function registerClientCheck(program: Command): void {
  program
    .command('client-check')
    .description('run your client once per fault against a mock that injects it, and judge what the client did')
    .argument('<command...>', 'the client command, after --')
    .option('--profile <profile>', 'the profile of the base URL the client gets', 'dashscope')
    .option('--faults <names>', `comma-separated faults to run (default: ${CHECKED_FAULTS.join(', ')})`)
    .option(
      '--deadline-ms <ms>',
      'how long the client may run under one fault, from its first request, before it is stopped and fails',
      '30000',
    )
    .option(
      '--base-url-env <name>',
      'another environment variable that receives the base URL (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--json <file>', 'write the verdict as JSON')
    .option('--junit <file>', 'write the verdict as JUnit XML')
    .addHelpText(
      'after',
      `\nThe client gets DASHSCOPE_HTTP_BASE_URL (…/api/v1) and DASHSCOPE_API_KEY; it should make one video and exit 0\nwhen it has it, non-zero otherwise. A fault counts only when the client met it (the FAILED status polled, the 404 answered, …): one it never\nreached is "not exercised", a failure for a MUST fault. Exit codes: 0 every MUST fault passed, 1 a MUST fault\nfailed or was not exercised, 2 usage.\n\nExamples:\n  $ wan-contract client-check -- python3 make_video.py\n  $ wan-contract client-check --faults throttle,never-finish --deadline-ms 20000 -- node client.mjs\n  $ wan-contract client-check --profile crazyrouter --base-url-env MY_BASE_URL --junit cc.xml -- ./client.sh`,
    )
    .action(async (command: string[], flags: ClientCheckFlags) => {
      if (!isProfileId(flags.profile))
        throw new CliError(`--profile must be crazyrouter or dashscope, received ${JSON.stringify(flags.profile)}`, 2);
      const faults = faultsOf(flags.faults);
      const baseUrlEnv = baseUrlEnvOf(flags.baseUrlEnv);
      if (flags.json !== undefined && flags.json === flags.junit)
        throw new CliError(`--json and --junit name the same file ${flags.json}: give two files`, 2);
      await checkOutput('--json', flags.json);
      await checkOutput('--junit', flags.junit);
      const report = await runClientCheck({
        client: { command, ...(baseUrlEnv ? { baseUrlEnv } : {}) },
        profile: flags.profile,
        deadlineMs: parseCount('--deadline-ms', flags.deadlineMs, 1),
        ...(faults ? { faults } : {}),
        onVerdict: (v) =>
          out(
            `${v.outcome === 'pass' ? 'pass' : v.outcome === 'fail' ? 'FAIL' : 'NOT EXERCISED'} ${v.level.padEnd(6)} ${v.fault}: ${v.did}${v.outcome === 'not-exercised' ? ` (${v.reasons[0]})` : ''}`,
          ),
      });
      out();
      out(clientCheckTable(report));
      out();
      out(
        `${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.notExercised} not exercised (${report.summary.mustFailures} MUST failed or not exercised)`,
      );
      if (flags.json) await writeFile(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      if (flags.junit) await writeFile(flags.junit, clientCheckJUnit(report));
      process.exitCode = report.summary.mustFailures > 0 ? 1 : 0;
    });
}
