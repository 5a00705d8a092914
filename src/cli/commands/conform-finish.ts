import { appendFileSync } from 'node:fs';
import {
  planRun,
  estimateCost,
  loadCases,
  verdictOf,
  type ConformanceReport,
  type LevelOption,
} from '../../conformance.js';
import type { ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import { RESOLUTIONS } from '../../contract/resolutions.js';
import { AMOUNT_SCALE, formatDecimal } from '../../pricing/index.js';
import { redactText } from '../../client/redact.js';
import type { CoverageThreshold } from '../../conformance.js';
import { CliError, err, out, type palette } from '../output.js';

type Palette = ReturnType<typeof palette>;
import { failureLines, planLines, summaryLines, totalsLine, verdictLines } from './conform-output.js';
import { githubAnnotations, githubSummary } from './conform-github.js';
import { coverageNote, gateMessages } from './coverage.js';

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

/** The report on the console: the plan (dry run, over budget) or the results, totals, verdict and coverage. */
export function printReport(
  report: ConformanceReport,
  colors: Palette,
  thresholds: readonly CoverageThreshold[],
  secrets: readonly string[],
): void {
  const print = (line: string) => out(redactText(line, secrets));
  const over = !report.estimate.withinBudget;
  if (report.aborted?.reason === 'over-budget' || report.aborted?.reason === 'dry-run') {
    const dryRun = report.aborted.reason === 'dry-run';
    const write = dryRun && !over ? print : (line: string) => err(redactText(line, secrets));
    for (const line of planLines(report, colors)) write(line);
    if (dryRun) write(colors.dim('dry run: nothing was sent'));
    return;
  }
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

/** `--format github`: workflow annotations on stdout and the Markdown summary appended to $GITHUB_STEP_SUMMARY. */
export function writeGithub(report: ConformanceReport, secrets: readonly string[], unwritten: string[]): void {
  for (const line of githubAnnotations(report)) out(redactText(line, secrets));
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) return;
  try {
    appendFileSync(summaryFile, redactText(githubSummary(report), secrets));
  } catch (error) {
    unwritten.push(
      `$GITHUB_STEP_SUMMARY: cannot append to ${summaryFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** What the run comes to for the shell: a usage error (over budget, empty selection) or the verdict's exit code. */
export function settleExit(
  report: ConformanceReport,
  selection: { readonly profile: ProfileId; readonly models: ModelId[] | undefined; readonly level: LevelOption },
  thresholds: readonly CoverageThreshold[],
): void {
  if (!report.estimate.withinBudget) {
    const message = `the plan costs ¥${report.estimate.amount} CNY if every task succeeds, over the budget of ¥${report.estimate.maxCost}`;
    throw new CliError(
      `${message}; nothing was sent${report.aborted?.reason === 'dry-run' ? ' (dry run)' : ''}`,
      2,
      cheaperHint(report, selection.profile, selection.models, selection.level),
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
