import { loadPricesOption, PRICES_OPTION_HELP, refuseUnpriced } from '../prices.js';
import type { Command } from 'commander';
import {
  embeddedTarget,
  runConformance,
  urlTarget,
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceTarget,
  type CoverageThreshold,
  type LevelOption,
  type Rerun,
} from '../../conformance.js';
import type { ModelId } from '../../contract/models.js';
import { PROFILE_IDS, type ProfileId } from '../../contract/profiles.js';
import { redactText } from '../../client/redact.js';
import { TASK_QUERY_RPS } from '../../contract/limits.js';
import { CliError, out, palette, parseCount, useColor } from '../output.js';
import { progressPrinter } from './conform-output.js';
import { openOutputs } from './conform-files.js';
import { checkInputs, readInputs } from './conform-inputs.js';
import { collect, parseMinCoverage } from './coverage.js';
import { parseCases, readRerun, rerunLine, selectionOptions } from './conform-select.js';
import {
  otherAccountKey,
  parseBaseUrl,
  parseFormat,
  parseLevel,
  parseMaxCost,
  parseModels,
  parseProfile,
  parseResolutions,
  readExpected,
  type ConformFlags,
} from './conform-flags.js';
import { printReport, settleExit, writeGithub } from './conform-finish.js';

export { exitCodeOf } from './conform-finish.js';

/** Everything the command reads from its flags, parsed and checked before the first request. */
interface ConformRequest {
  readonly profile: ProfileId;
  readonly models: ModelId[] | undefined;
  readonly level: LevelOption;
  readonly format: 'text' | 'github';
  readonly thresholds: CoverageThreshold[];
  readonly target: ConformanceTarget;
  readonly settings: RunSettings;
}

type RunSettings = Omit<ConformanceOptions, 'onEvent' | 'onTaskRecord' | 'signal'>;

/** The API key of a live target: the flag, else the environment; a dry run sends nothing, so it needs none. */
function apiKeyOf(flags: ConformFlags, baseUrl: string | undefined): string | undefined {
  const apiKey = flags.apiKey ?? process.env.WAN_API_KEY ?? process.env.DASHSCOPE_API_KEY;
  if (baseUrl && !apiKey && !flags.dryRun)
    throw new CliError(
      'a live target needs an API key',
      2,
      'set WAN_API_KEY (or DASHSCOPE_API_KEY), or pass --api-key; --dry-run needs none',
    );
  return apiKey;
}

/** Parses and checks every flag: usage errors (exit 2) come out here, before anything is sent or written. */
function parseRequest(
  flags: ConformFlags,
  rerun: Rerun | undefined,
  selected: ReturnType<typeof parseCases>,
): ConformRequest {
  if (rerun?.target.kind === 'url' && flags.baseUrl === undefined && !flags.dryRun)
    throw new CliError(
      `--rerun-failed: ${flags.rerunFailed} ran against ${rerun.target.baseUrl}; give its --base-url (and key) again`,
      2,
    );
  const baseUrl = parseBaseUrl(flags.baseUrl);
  const profile = rerun?.profile ?? parseProfile(flags);
  loadPricesOption(flags.prices);
  const models = parseModels(flags.models);
  refuseUnpriced(models);
  const resolutions = parseResolutions(flags.resolutions);
  const level = parseLevel(flags.level);
  const maxCost = parseMaxCost(flags.maxCost);
  const expectedFailures = readExpected(flags.expectFailures);
  const format = parseFormat(flags.format);
  const thresholds = parseMinCoverage(flags.minCoverage);
  const inputs = readInputs(flags.inputs);
  // A public upstream cannot fetch placeholder URLs: refuse before the first (billable) request.
  if (baseUrl && !flags.dryRun) checkInputs(baseUrl, profile, models, inputs);
  const taskTimeoutS = parseCount('--task-timeout-s', flags.taskTimeoutS, 1);
  const concurrency = parseCount('--concurrency', flags.concurrency, 1);
  const pollIntervalMs =
    flags.pollIntervalMs === undefined ? undefined : parseCount('--poll-interval-ms', flags.pollIntervalMs, 1);
  const apiKey = apiKeyOf(flags, baseUrl);
  const apiKey2 = otherAccountKey(flags.apiKey2 ?? (process.env.WAN_API_KEY_2 || undefined), baseUrl, apiKey);
  const target = baseUrl
    ? urlTarget(baseUrl, { apiKey, apiKey2, maxCost: maxCost ?? '0', profile })
    : embeddedTarget(profile);
  const settings: RunSettings = {
    models,
    resolutions,
    level,
    smoke: flags.smoke,
    dryRun: flags.dryRun,
    inputs,
    expectedFailures,
    pollIntervalMs,
    taskTimeoutMs: taskTimeoutS * 1000,
    concurrency,
    ...(flags.queryRps === undefined ? {} : { queryRps: parseCount('--query-rps', flags.queryRps, 0) }),
    ...selectionOptions(selected, rerun),
  };
  return { profile, models, level, format, thresholds, target, settings };
}

async function conform(flags: ConformFlags): Promise<void> {
  const rerun = readRerun(flags);
  const selected = parseCases(flags.cases);
  if (rerun?.runs.length === 0) {
    out(`nothing to re-run: ${flags.rerunFailed} has no failed, errored or timed-out run`);
    return;
  }
  const request = parseRequest(flags, rerun, selected);
  const { target } = request;
  // Every file asked for must be writable before the first (billable) request.
  const outputs = openOutputs({ json: flags.json, junit: flags.junit, evidence: flags.evidence });
  const secrets = [target.apiKey, target.apiKey2].filter((k): k is string => !!k);
  const live = Boolean(process.stderr.isTTY) && !flags.dryRun;
  const progress = live ? progressPrinter(process.stderr, palette(useColor(process.stderr))) : undefined;
  let report: ConformanceReport;
  try {
    report = await runConformance(target, {
      ...request.settings,
      onEvent: (event) => {
        // A re-run says what it repeats and what that costs before it sends anything.
        if (event.type === 'plan' && rerun && flags.rerunFailed)
          out(redactText(rerunLine(flags.rerunFailed, rerun, event), secrets));
        progress?.onEvent(event);
      },
      onTaskRecord: outputs.evidence
        ? (record) => outputs.evidence?.(`${redactText(JSON.stringify(record), secrets)}\n`)
        : undefined,
    });
  } catch (error) {
    const message = `the run could not be carried out: ${redactText(error instanceof Error ? error.message : String(error), secrets)}`;
    const unwritten = outputs.writeFailed(message);
    throw new CliError(unwritten.length ? `${message}; ${unwritten.join('; ')}` : message, 3);
  } finally {
    progress?.stop();
  }
  printReport(report, palette(useColor(process.stdout)), request.thresholds, secrets);
  // The table is out; now the files. A file that cannot be written is named, and the run's verdict still stands.
  const unwritten = outputs.write(report, secrets);
  if (request.format === 'github') writeGithub(report, secrets, unwritten);
  if (unwritten.length > 0) throw new CliError(unwritten.join('; '), 3);
  settleExit(report, request, request.thresholds);
}

const CONFORM_HELP = [
  '',
  'A run passes only when it proved something: no MUST case fails, and every selected MUST case got a result',
  '(see "When a run passes" in conformance/CONFORMANCE.md).',
  '',
  'Exit codes: 0 the run passes · 1 a MUST case fails, or MUST cases were skipped for lack of a result · 2 usage',
  'error, a selection that matches no case, or over budget (nothing sent) · 3 the run could not be carried out',
  '(--min-coverage: 1 also when the run covered less of the contract than asked, naming the missing cells)',
  '',
  'Examples:',
  '  $ wan-contract conform',
  '  $ wan-contract conform --cases submit-accepted,status-moves-forward --models wan2.2-t2v-plus',
  '  $ wan-contract conform --base-url https://dashscope.aliyuncs.com/api/v1 --rerun-failed r.json --max-cost 5',
  '  $ wan-contract conform --base-url http://127.0.0.1:4010/alibailian/api/v1 --max-cost 35 --junit r.xml',
  '  $ WAN_API_KEY=sk-… wan-contract conform --base-url https://dashscope.aliyuncs.com/api/v1 --smoke --max-cost 15 --dry-run',
].join('\n');

/** `wan-contract conform`: runs the conformance kit against a target, or against the embedded mock. */
export function registerConform(program: Command): void {
  program
    .command('conform')
    .description('check an implementation of the contract case by case (without --base-url: the embedded mock)')
    .option(
      '--base-url <url>',
      'API root ending in /api/v1, e.g. http://127.0.0.1:4010/alibailian/api/v1 (default: the embedded mock)',
    )
    .option(
      '--profile <profile>',
      `contract profile: ${PROFILE_IDS.join(' or ')} (default: from the base URL, else crazyrouter)`,
    )
    .option('--models <list>', 'comma-separated model ids (default: every model)')
    .option('--cases <ids>', 'comma-separated case ids: run only those (`wan-contract cases` lists them)')
    .option(
      '--rerun-failed <report>',
      'run again only the failed, errored and timed-out runs of a previous `--json` report, with its models and tiers; the cost is printed first and held to --max-cost',
    )
    .option(
      '--resolutions <list>',
      "comma-separated tiers for the shared task, e.g. 480P,720P (default: each model's default)",
    )
    .option('--level <level>', 'lowest level run: must, should or may', 'should')
    .option('--smoke', 'one cheapest task per capability')
    .option('--prices <file>', PRICES_OPTION_HELP)
    .option('--max-cost <cny>', 'budget in CNY for a live target; a plan that costs more sends nothing (default 0)')
    .option('--json <file>', 'write the full report (redacted) as JSON')
    .option('--junit <file>', 'write a JUnit XML file for CI')
    .option('--expect-failures <file>', 'YAML list of known failures ("case-id" or "case-id@model"), reported apart')
    .option('--evidence <file>', 'append one task log record (JSONL) per task run, for `wan-contract evidence`')
    .option(
      '--poll-interval-ms <n>',
      'fixed poll interval (default: adaptive, 2 s after the submit, then half the time the task has spent in its status, 2 to 30 s)',
    )
    .option(
      '--query-rps <n>',
      `task queries per second per API key (default for a live target: the official account-wide ${TASK_QUERY_RPS}; 0: no limit)`,
    )
    .option('--task-timeout-s <n>', 'deadline of each task in seconds', '600')
    .option('--concurrency <n>', 'case runs in flight at once (tasks also keep within official rate limits)', '8')
    .option('--dry-run', 'print the plan and its cost; send nothing')
    .option(
      '--format <format>',
      'text, or github: also workflow annotations for case runs that did not pass, and a Markdown summary appended to $GITHUB_STEP_SUMMARY when set',
      'text',
    )
    .option(
      '--inputs <file>',
      'YAML mapping of input fields to reachable URLs, e.g. "audio_url: https://…/voice.mp3" (images are inlined)',
    )
    .option(
      '--min-coverage <percent>',
      'exit 1 below this coverage of the contract: N overall, or AXIS=N (answers, statuses, models, usage, locations); repeatable',
      collect,
      [],
    )
    .option('--api-key <key>', 'API key (default: $WAN_API_KEY, else $DASHSCOPE_API_KEY); never printed or written')
    .option(
      '--api-key-2 <key>',
      "a key of another account (default: $WAN_API_KEY_2): runs the SHOULD cases that this account can neither read nor cancel the first one's task; never printed or written",
    )
    .addHelpText('after', CONFORM_HELP)
    .action(conform);
}
