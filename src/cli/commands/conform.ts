import { appendFileSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  embeddedTarget,
  parseExpectedFailures,
  planRun,
  estimateCost,
  loadCases,
  runConformance,
  verdictOf,
  urlTarget,
  type ConformanceReport,
  type ExpectedFailure,
  type LevelOption,
} from '../../conformance.js';
import { isModelId, MODEL_IDS, type ModelId } from '../../contract/models.js';
import {
  DEFAULT_PROFILE,
  isProfileId,
  PROFILE_IDS,
  profileOfBaseUrl,
  type ProfileId,
} from '../../contract/profiles.js';
import { RESOLUTIONS, type Resolution } from '../../contract/resolutions.js';
import { AMOUNT_SCALE, formatDecimal, listAlternatives, PricingError } from '../../pricing/index.js';
import { parseNumberText } from '../../pricing/number.js';
import { redactText } from '../../client/redact.js';
import { TASK_QUERY_RPS } from '../../contract/limits.js';
import { loadPricesOption, PRICES_OPTION_HELP, refuseUnpriced } from '../prices.js';
import { CliError, err, out, palette, parseCount, useColor } from '../output.js';
import { failureLines, planLines, progressPrinter, summaryLines, totalsLine, verdictLines } from './conform-output.js';
import { openOutputs } from './conform-files.js';
import { githubAnnotations, githubSummary } from './conform-github.js';
import { checkInputs, readInputs } from './conform-inputs.js';
import { collect, coverageNote, gateMessages, parseMinCoverage } from './coverage.js';
import { parseCases, readRerun, rerunLine, selectionOptions } from './conform-select.js';

interface ConformFlags {
  baseUrl?: string;
  profile?: string;
  models?: string;
  resolutions?: string;
  level: string;
  smoke?: boolean;
  maxCost?: string;
  prices?: string;
  json?: string;
  junit?: string;
  expectFailures?: string;
  evidence?: string;
  pollIntervalMs?: string;
  taskTimeoutS: string;
  concurrency: string;
  dryRun?: boolean;
  apiKey?: string;
  apiKey2?: string;
  inputs?: string;
  format: string;
  minCoverage: string[];
  cases?: string;
  rerunFailed?: string;
  queryRps?: string;
}

/** The second account's key, checked: only for a URL target (the embedded mock makes its own), never the first key. */
function otherAccountKey(key: string | undefined, baseUrl: string | undefined, apiKey: string | undefined) {
  if (key === undefined) return undefined;
  if (!baseUrl)
    throw new CliError(
      '--api-key-2 needs --base-url',
      2,
      'the embedded mock supplies a second account itself, so its run always includes the cross-account cases',
    );
  if (key.trim() === '') throw new CliError('--api-key-2 must be a key, received an empty value', 2);
  if (key === apiKey)
    throw new CliError('--api-key-2 must be the key of another account, received the same key as --api-key', 2);
  return key;
}

function list(flag: string, text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new CliError(`${flag} needs at least one value`, 2);
  return items;
}

function parseModels(text: string | undefined): ModelId[] | undefined {
  if (text === undefined) return undefined;
  return list('--models', text).map((m) => {
    if (!isModelId(m))
      throw new CliError(
        `--models: model must be ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(m)}`,
        2,
        'run `wan-contract models` to see every model',
      );
    return m;
  });
}

function parseResolutions(text: string | undefined): Resolution[] | undefined {
  if (text === undefined) return undefined;
  return list('--resolutions', text).map((r) => {
    const tier = r.toUpperCase();
    if (!(RESOLUTIONS as readonly string[]).includes(tier))
      throw new CliError(
        `--resolutions: resolution must be ${listAlternatives(RESOLUTIONS)}, received ${JSON.stringify(r)}`,
        2,
      );
    return tier as Resolution;
  });
}

function parseProfile(flags: ConformFlags): ProfileId {
  if (flags.profile !== undefined) {
    if (!isProfileId(flags.profile))
      throw new CliError(
        `--profile must be ${listAlternatives(PROFILE_IDS)}, received ${JSON.stringify(flags.profile)}`,
        2,
      );
    return flags.profile;
  }
  // The base path tells the profile apart: /alibailian/api/v1 is the page's, a bare /api/v1 the official one.
  return flags.baseUrl ? profileOfBaseUrl(flags.baseUrl) : DEFAULT_PROFILE;
}

function parseBaseUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new CliError(
      `--base-url must be an http(s) URL, received ${JSON.stringify(text)}`,
      2,
      'for example: --base-url http://127.0.0.1:4010/alibailian/api/v1',
    );
  if (!url.pathname.replace(/\/+$/, '').endsWith('/api/v1')) {
    throw new CliError(
      `--base-url is the API root, ending in /api/v1, received ${JSON.stringify(text)}`,
      2,
      'for example: https://dashscope.aliyuncs.com/api/v1 or http://127.0.0.1:4010/alibailian/api/v1',
    );
  }
  return text.replace(/\/+$/, '');
}

function parseMaxCost(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    parseNumberText(text, { what: '--max-cost', kind: 'an amount in CNY', example: '5 or 12.50', maxDecimals: 2 });
  } catch (error) {
    if (error instanceof PricingError) throw new CliError(error.message, 2, 'for example: --max-cost 12.50');
    throw error;
  }
  return text;
}

const FORMATS = ['text', 'github'] as const;

function parseFormat(text: string): (typeof FORMATS)[number] {
  if (!(FORMATS as readonly string[]).includes(text))
    throw new CliError(`--format must be ${listAlternatives(FORMATS)}, received ${JSON.stringify(text)}`, 2);
  return text as (typeof FORMATS)[number];
}

function parseLevel(text: string): LevelOption {
  const level = text.toLowerCase();
  if (level !== 'must' && level !== 'should' && level !== 'may')
    throw new CliError(`--level must be must, should or may, received ${JSON.stringify(text)}`, 2);
  return level;
}

function readExpected(file: string | undefined): ExpectedFailure[] | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `--expect-failures: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      2,
    );
  }
  let entries: ExpectedFailure[];
  try {
    entries = parseExpectedFailures(text);
  } catch (error) {
    throw new CliError(`--expect-failures ${file}: ${(error as Error).message}`, 2);
  }
  // A model the registry does not know would match nothing and silently excuse nothing: a usage error.
  const unknown = entries.find((e) => e.model !== undefined && !isModelId(e.model));
  if (unknown)
    throw new CliError(
      `--expect-failures ${file}: model must be ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(unknown.model)} (entry ${unknown.caseId}@${unknown.model})`,
      2,
      'run `wan-contract models` to see every model',
    );
  return entries;
}

/** What the plan would cost with the cheaper flags, for the over-budget hint. */
function cheaperHint(
  report: ConformanceReport,
  profile: ProfileId,
  models: ModelId[] | undefined,
  level: LevelOption,
): string {
  const ways: string[] = [];
  if (!report.plan.smoke) {
    const smoke = estimateCost(planRun({ profile, cases: loadCases(), models, level, smoke: true }).plan, null, true);
    ways.push(`--smoke (one cheapest task per capability: ¥${smoke.amount})`);
  }
  const byModel = new Map<string, number>();
  for (const t of report.plan.tasks) byModel.set(t.model, (byModel.get(t.model) ?? 0) + t.amountMinor);
  const [dearest] = [...byModel].sort((a, b) => b[1] - a[1]);
  if (dearest && byModel.size > 1)
    ways.push(`--models without ${dearest[0]} (¥${formatDecimal(BigInt(dearest[1]), AMOUNT_SCALE)} of it)`);
  const cheapest = RESOLUTIONS[0]!;
  if (report.plan.tasks.some((t) => t.resolution !== cheapest)) ways.push(`--resolutions ${cheapest}`);
  const cheaper = ways.length > 0 ? `make it cheaper with ${ways.join(', ')}; or ` : '';
  return `${cheaper}allow it with --max-cost ${report.estimate.amount}`;
}

/** The command's exit code for a report, from its verdict: 0 pass, 1 fail or unproven, 2 empty or over budget, 3 not carried out. */
export function exitCodeOf(report: ConformanceReport): number {
  const verdict = report.verdict ?? verdictOf(report);
  switch (verdict.status) {
    case 'pass':
      return 0;
    case 'fail':
    case 'unproven':
      return 1;
    case 'empty':
      return 2;
    case 'error':
      return 3;
    case 'aborted':
      if (report.aborted?.reason === 'dry-run') return report.estimate.withinBudget ? 0 : 2;
      return report.aborted?.reason === 'over-budget' ? 2 : 3;
  }
}

async function conform(flags: ConformFlags): Promise<void> {
  const rerun = readRerun(flags);
  const selected = parseCases(flags.cases);
  if (rerun?.runs.length === 0) {
    out(`nothing to re-run: ${flags.rerunFailed} has no failed, errored or timed-out run`);
    return;
  }
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
  const apiKey = flags.apiKey ?? process.env.WAN_API_KEY ?? process.env.DASHSCOPE_API_KEY;
  // A dry run sends nothing, so it needs no key.
  if (baseUrl && !apiKey && !flags.dryRun)
    throw new CliError(
      'a live target needs an API key',
      2,
      'set WAN_API_KEY (or DASHSCOPE_API_KEY), or pass --api-key; --dry-run needs none',
    );
  const apiKey2 = otherAccountKey(flags.apiKey2 ?? (process.env.WAN_API_KEY_2 || undefined), baseUrl, apiKey);
  // Every file asked for must be writable before the first (billable) request.
  const outputs = openOutputs({ json: flags.json, junit: flags.junit, evidence: flags.evidence });
  const target = baseUrl
    ? urlTarget(baseUrl, { apiKey, apiKey2, maxCost: maxCost ?? '0', profile })
    : embeddedTarget(profile);
  const secrets = [target.apiKey, target.apiKey2].filter((k): k is string => !!k);
  const stderrColors = palette(useColor(process.stderr));
  const colors = palette(useColor(process.stdout));
  const live = Boolean(process.stderr.isTTY) && !flags.dryRun;
  const progress = live ? progressPrinter(process.stderr, stderrColors) : undefined;
  let report: ConformanceReport;
  try {
    report = await runConformance(target, {
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
  const print = (line: string) => out(redactText(line, secrets));
  const over = !report.estimate.withinBudget;
  if (report.aborted?.reason === 'over-budget' || report.aborted?.reason === 'dry-run') {
    const dryRun = report.aborted.reason === 'dry-run';
    const write = dryRun && !over ? print : (line: string) => err(redactText(line, secrets));
    for (const line of planLines(report, colors)) write(line);
    if (dryRun) write(colors.dim('dry run: nothing was sent'));
  } else {
    for (const line of summaryLines(report, colors)) print(line);
    const failures = failureLines(report, colors);
    if (failures.length > 0) print('');
    for (const line of failures) print(line);
    print('');
    print(totalsLine(report, colors));
    for (const line of verdictLines(report, colors)) print(line);
    if (report.coverage) print('');
    if (report.coverage) for (const line of coverageNote(report.coverage, thresholds)) print(line);
  }
  // The table is out; now the files. A file that cannot be written is named, and the run's verdict still stands.
  const unwritten = outputs.write(report, secrets);
  if (format === 'github') {
    for (const line of githubAnnotations(report)) print(line);
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile)
      try {
        appendFileSync(summaryFile, redactText(githubSummary(report), secrets));
      } catch (error) {
        unwritten.push(
          `$GITHUB_STEP_SUMMARY: cannot append to ${summaryFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
  }
  if (unwritten.length > 0) throw new CliError(unwritten.join('; '), 3);
  if (over) {
    const message = `the plan costs ¥${report.estimate.amount} CNY if every task succeeds, over the budget of ¥${report.estimate.maxCost}`;
    throw new CliError(
      `${message}; nothing was sent${report.aborted?.reason === 'dry-run' ? ' (dry run)' : ''}`,
      2,
      cheaperHint(report, profile, models, level),
    );
  }
  if (report.verdict.status === 'empty')
    throw new CliError(
      report.verdict.reasons.join('; '),
      2,
      'check --models, --resolutions, --level and --profile: `wan-contract models` lists what each model supports',
    );
  process.exitCode = exitCodeOf(report);
  // Below --min-coverage: a run that passed still proved too little (a dry run sends nothing, so has no gate).
  const short = report.aborted ? [] : gateMessages(report.coverage ? [report.coverage] : [], thresholds);
  for (const message of short) err(`below --min-coverage: ${message}`);
  if (short.length > 0 && process.exitCode === 0) process.exitCode = 1;
}

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
    .addHelpText(
      'after',
      [
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
      ].join('\n'),
    )
    .action(conform);
}
