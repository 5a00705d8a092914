import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { clientCheckJUnit, clientCheckTable } from '../../client-check/report.js';
import { CHECKED_FAULTS, runClientCheck } from '../../client-check/run.js';
import { isProfileId } from '../../contract/profiles.js';
import { isFaultName, type FaultName } from '../../mock.js';
import { CliError, out, parseCount } from '../output.js';
import { checkOutputs } from '../output-file.js';

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
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!isFaultName(name) || !CHECKED_FAULTS.includes(name))
      throw new CliError(
        `--faults must name faults among ${CHECKED_FAULTS.join(', ')}, received ${JSON.stringify(name)}`,
        2,
      );
  }
  return names as FaultName[];
}

/** `wan-contract client-check -- COMMAND …`: runs a client once per fault and judges what it did. */
export function registerClientCheck(program: Command): void {
  program
    .command('client-check')
    .description('run your client once per fault against a mock that injects it, and judge what the client did')
    .argument('<command...>', 'the client command, after --')
    .option('--profile <profile>', 'the profile of the base URL the client gets', 'dashscope')
    .option('--faults <names>', `comma-separated faults to run (default: ${CHECKED_FAULTS.join(', ')})`)
    .option('--deadline-ms <ms>', 'how long the client may run under one fault before it is stopped and fails', '30000')
    .option(
      '--base-url-env <name>',
      'another environment variable that receives the base URL (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--json <file>', 'write the verdict as JSON')
    .option('--junit <file>', 'write the verdict as JUnit XML')
    .addHelpText(
      'after',
      `\nThe client gets DASHSCOPE_HTTP_BASE_URL (…/api/v1) and DASHSCOPE_API_KEY; it should make one video and exit 0\nwhen it has it, non-zero otherwise. Exit codes: 0 every MUST fault passed, 1 a MUST fault failed, 2 usage.\n\nExamples:\n  $ wan-contract client-check -- python3 make_video.py\n  $ wan-contract client-check --faults throttle,never-finish --deadline-ms 20000 -- node client.mjs\n  $ wan-contract client-check --profile crazyrouter --base-url-env MY_BASE_URL --junit cc.xml -- ./client.sh`,
    )
    .action(async (command: string[], flags: ClientCheckFlags) => {
      if (!isProfileId(flags.profile))
        throw new CliError(`--profile must be crazyrouter or dashscope, received ${JSON.stringify(flags.profile)}`, 2);
      const faults = faultsOf(flags.faults);
      // The report files are opened before the first client runs: a bad path is exit 2, not a lost verdict.
      checkOutputs(
        [
          ['--json', flags.json],
          ['--junit', flags.junit],
        ],
        'w',
      );
      const report = await runClientCheck({
        client: { command, ...(flags.baseUrlEnv ? { baseUrlEnv: flags.baseUrlEnv } : {}) },
        profile: flags.profile,
        deadlineMs: parseCount('--deadline-ms', flags.deadlineMs, 1),
        ...(faults ? { faults } : {}),
        onVerdict: (v) => out(`${v.outcome === 'pass' ? 'pass' : 'FAIL'} ${v.level.padEnd(6)} ${v.fault}: ${v.did}`),
      });
      out();
      out(clientCheckTable(report));
      out();
      out(`${report.summary.pass} passed, ${report.summary.fail} failed (${report.summary.mustFailures} MUST)`);
      if (flags.json) await writeFile(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      if (flags.junit) await writeFile(flags.junit, clientCheckJUnit(report));
      process.exitCode = report.summary.mustFailures > 0 ? 1 : 0;
    });
}
