import { readFileSync } from 'node:fs';
import {
  loadCases,
  rerunOf,
  SelectionError,
  selectCases,
  type ConformanceOptions,
  type ConformanceReport,
  type LoadedCase,
  type Rerun,
} from '../../conformance.js';
import { CliError } from '../output.js';

/** The flags `--cases` and `--rerun-failed` read, and the ones a re-run takes from its report instead. */
export interface SelectFlags {
  cases?: string;
  rerunFailed?: string;
  models?: string;
  resolutions?: string;
  smoke?: boolean;
  profile?: string;
}

/** `--cases ID,…`: those cases of the corpus; an unknown id is a usage error listing the valid ones. */
export function parseCases(text: string | undefined): LoadedCase[] | undefined {
  if (text === undefined) return undefined;
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new CliError('--cases needs at least one case id', 2, 'run `wan-contract cases` to list them');
  try {
    return selectCases(loadCases(), ids);
  } catch (error) {
    if (error instanceof SelectionError)
      throw new CliError(`--cases: ${error.message}`, 2, 'run `wan-contract cases` to see every case with its level');
    throw error;
  }
}

/** `--rerun-failed REPORT`: the failed, errored and timed-out runs of a previous conform JSON report. */
export function readRerun(flags: SelectFlags): Rerun | undefined {
  const file = flags.rerunFailed;
  if (file === undefined) return undefined;
  const taken = (['cases', 'models', 'resolutions', 'smoke'] as const).filter((f) => flags[f] !== undefined);
  if (taken.length > 0)
    throw new CliError(
      `--rerun-failed takes its cases, models, tiers and smoke setting from the report; drop ${taken.map((f) => `--${f}`).join(', ')}`,
      2,
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `--rerun-failed: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      2,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `--rerun-failed: ${file} is not a conform report (as \`conform --json\` writes): not JSON: ${(error as Error).message}`,
      2,
      'give the file `wan-contract conform --json FILE` wrote',
    );
  }
  try {
    const rerun = rerunOf(value, file);
    selectCases(loadCases(), rerun.caseIds);
    if (flags.profile !== undefined && flags.profile !== rerun.profile)
      throw new CliError(
        `--rerun-failed: ${file} checked the ${rerun.profile} profile, --profile says ${JSON.stringify(flags.profile)}`,
        2,
      );
    return rerun;
  } catch (error) {
    if (error instanceof SelectionError)
      throw new CliError(
        `--rerun-failed: ${error.message}`,
        2,
        'give the file `wan-contract conform --json FILE` wrote',
      );
    throw error;
  }
}

/** The run options a selection sets: the cases, and for a re-run the report's models, tiers, level and runs. */
export function selectionOptions(
  cases: readonly LoadedCase[] | undefined,
  rerun: Rerun | undefined,
): Partial<ConformanceOptions> {
  if (rerun)
    return {
      cases: selectCases(loadCases(), rerun.caseIds),
      models: rerun.models,
      resolutions: rerun.resolutions,
      level: rerun.level,
      smoke: rerun.smoke,
      only: rerun.runs,
    };
  return cases ? { cases } : {};
}

/** The line a re-run prints before it sends anything: what it repeats and what that costs. */
export function rerunLine(file: string, rerun: Rerun, report: Pick<ConformanceReport, 'plan' | 'estimate'>): string {
  const cost = report.estimate.billable
    ? `estimated cost ¥${report.estimate.amount} CNY if every task succeeds (budget ¥${report.estimate.maxCost ?? '0'})`
    : 'free (the embedded mock)';
  return `re-running ${report.plan.runs} of the ${rerun.runs.length} failed or errored runs of ${file} (${rerun.caseIds.join(', ')}): ${cost}`;
}
