import { MODEL_IDS, isModelId, type ModelId } from '../../contract/models.js';
import { coverageOfReport } from './coverage.js';
import type { Coverage } from '../../coverage/coverage.js';
import type { ConformanceReport } from './report.js';
import type { CaseResult } from '../execute/result.js';
import type { Level, Outcome } from '../../rules/outcome.js';

/** A cell's verdict: `error` means the runner or the transport broke, never that the target did. */
export type CellOutcome = 'pass' | 'fail' | 'skip' | 'error';

/** A case that did not pass in a cell. */
export interface FailingCase {
  readonly caseId: string;
  readonly level: Level;
  readonly outcome: Exclude<Outcome, 'pass' | 'skip'>;
  /** Listed in the run's expected-failures file: a known failure, still a failure. */
  readonly expected: boolean;
  readonly reason?: string;
}

/** One model on one target. */
export interface MatrixCell {
  readonly outcome: CellOutcome;
  /** Cases that failed, timed out or errored, in report order. */
  readonly failing: readonly FailingCase[];
  readonly passed: number;
  readonly skipped: number;
}

/** One target: one conformance report. */
export interface MatrixColumn {
  /** The column heading, unique in the matrix: the target's label, with the profile when labels repeat. */
  readonly id: string;
  readonly label: string;
  readonly baseUrl: string;
  readonly profile: string;
  readonly contractVersion: string;
  readonly runner: string;
  readonly startedAt: string;
  /** Where the report was read from. */
  readonly source: string;
  /** Why the run stopped early, if it did (its cells are then mostly skips). */
  readonly aborted?: string;
  /** What the run covered of the contract (absent when the report lacks the exchanges and plan to count it). */
  readonly coverage?: Pick<Coverage, 'overall' | 'axes'>;
}

/** One row: a model, or `null` for the cases that concern the whole target (auth, unknown task, …). */
export interface MatrixRow {
  readonly model: ModelId | null;
  readonly cells: readonly MatrixCell[];
}

/** Models × targets, each cell pass / fail / skip / error with the failing case ids. */
export interface CompatibilityMatrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}

/** A file that is not a conformance report (`wan-contract conform --json`). */
export class MatrixInputError extends Error {
  override readonly name = 'MatrixInputError';
}

const OUTCOMES: readonly string[] = ['pass', 'fail', 'skip', 'error', 'timeout'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a parsed JSON value is a conformance report as `conform --json` writes it (version 1), as far as
 * the matrix reads it; throws a {@link MatrixInputError} naming the source and the field otherwise.
 */
export function asConformanceReport(value: unknown, source: string): ConformanceReport {
  const bad = (what: string) =>
    new MatrixInputError(`${source} is not a conformance report (wan-contract conform --json): ${what}`);
  if (!isObject(value)) throw bad('expected a JSON object');
  if (value.reportVersion !== 1)
    throw bad(`reportVersion must be 1, received ${JSON.stringify(value.reportVersion ?? null)}`);
  const target = value.target;
  if (!isObject(target) || typeof target.label !== 'string' || typeof target.baseUrl !== 'string')
    throw bad('target.label and target.baseUrl must be strings');
  if (!isObject(value.contract) || typeof value.contract.profile !== 'string')
    throw bad('contract.profile must be a string');
  if (!Array.isArray(value.results)) throw bad('results must be an array');
  value.results.forEach((result: unknown, i) => {
    if (!isObject(result) || typeof result.caseId !== 'string') throw bad(`results[${i}].caseId must be a string`);
    if (!(result.model === null || typeof result.model === 'string'))
      throw bad(`results[${i}].model must be a model id or null`);
    if (typeof result.outcome !== 'string' || !OUTCOMES.includes(result.outcome))
      throw bad(`results[${i}].outcome must be one of ${OUTCOMES.join(', ')}`);
  });
  return value as unknown as ConformanceReport;
}

function cellOf(results: readonly CaseResult[]): MatrixCell {
  const failing: FailingCase[] = [];
  let passed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.outcome === 'pass') passed += 1;
    else if (r.outcome === 'skip') skipped += 1;
    else
      failing.push({
        caseId: r.caseId,
        level: r.level,
        outcome: r.outcome,
        expected: r.expectedFailure === true,
        ...(r.reason ? { reason: r.reason } : {}),
      });
  }
  // A timeout is the target's fault (a task that never ends); an error is the runner's or the network's.
  const outcome: CellOutcome = failing.some((f) => f.outcome !== 'error')
    ? 'fail'
    : failing.length > 0
      ? 'error'
      : passed > 0
        ? 'pass'
        : 'skip';
  return { outcome, failing, passed, skipped };
}

/** A report's coverage: its own section, else counted from its exchanges and plan; none when it has neither. */
function coverageOf(report: ConformanceReport): Pick<Coverage, 'overall' | 'axes'> | undefined {
  if (report.coverage) return report.coverage;
  if (!Array.isArray(report.exchanges) || !isObject(report.plan)) return undefined;
  try {
    return coverageOfReport(report);
  } catch {
    // A report from an older runner whose plan lacks a field the count needs: the matrix shows no coverage.
    return undefined;
  }
}

function columnIds(reports: readonly ConformanceReport[]): string[] {
  const labels = reports.map((r) => r.target.label);
  const withProfile = reports.map((r, i) =>
    labels.filter((l) => l === labels[i]).length > 1 ? `${r.target.label} (${r.contract.profile})` : r.target.label,
  );
  return withProfile.map((id, i) =>
    withProfile.filter((other) => other === id).length > 1
      ? `${id} #${withProfile.slice(0, i + 1).filter((o) => o === id).length}`
      : id,
  );
}

/**
 * Combines conformance reports, one per target, into a model × target matrix: a row per registry model any report
 * ran (registry order) and a row for the target-wide cases. A model a report did not run is a `skip` cell.
 * @example buildMatrix([{ report: official, source: 'official.json' }, { report: apipass, source: 'apipass.json' }])
 */
export function buildMatrix(
  inputs: readonly { readonly report: ConformanceReport; readonly source: string }[],
): CompatibilityMatrix {
  const reports = inputs.map((input) => input.report);
  const ids = columnIds(reports);
  const columns = inputs.map(({ report, source }, i): MatrixColumn => ({
    id: ids[i]!,
    label: report.target.label,
    baseUrl: report.target.baseUrl,
    profile: report.contract.profile,
    contractVersion: report.contract.version,
    runner: `${report.runner?.name ?? 'unknown'} ${report.runner?.version ?? ''}`.trim(),
    startedAt: report.startedAt,
    source,
    ...(report.aborted ? { aborted: `${report.aborted.reason}: ${report.aborted.message}` } : {}),
    ...(coverageOf(report) ? { coverage: coverageOf(report) } : {}),
  }));
  const seen = new Set<string>(
    reports.flatMap((r) => r.results.map((x) => x.model).filter((m): m is ModelId => m !== null)),
  );
  const models: (ModelId | null)[] = [...MODEL_IDS.filter((id) => seen.has(id))];
  const rows: MatrixRow[] = models.map((model) => ({
    model,
    cells: reports.map((r) => cellOf(r.results.filter((x) => x.model === model))),
  }));
  if (reports.some((r) => r.results.some((x) => x.model === null || !isModelId(x.model)))) {
    rows.push({
      model: null,
      cells: reports.map((r) => cellOf(r.results.filter((x) => x.model === null || !isModelId(x.model)))),
    });
  }
  return { columns, rows };
}
