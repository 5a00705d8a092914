import { COVERAGE_AXES, isCoverageAxis, type CoverageAxis } from './cells.js';
import type { Coverage, CoverageCounts } from './coverage.js';

/** A `--min-coverage` threshold: overall, or for one axis; `tenths` of a percent (90 → 900). */
export interface CoverageThreshold {
  readonly scope: 'overall' | CoverageAxis;
  readonly tenths: number;
}

/** A `--min-coverage` value that is not a percentage, or names no axis. */
export class CoverageThresholdError extends Error {
  override readonly name = 'CoverageThresholdError';
}

const PERCENT = /^(\d{1,3})(?:\.(\d))?$/;

/**
 * Reads one `--min-coverage` value: `90` (overall) or `AXIS=90` (one axis), a percentage from 0 to 100 with at
 * most one decimal.
 * @example parseCoverageThreshold('models=100') // { scope: 'models', tenths: 1000 }
 */
export function parseCoverageThreshold(text: string): CoverageThreshold {
  const [left, right] = text.includes('=') ? text.split('=', 2) : [undefined, text];
  const scope = left === undefined ? 'overall' : left.trim();
  if (scope !== 'overall' && !isCoverageAxis(scope))
    throw new CoverageThresholdError(
      `--min-coverage: the axis must be overall, ${COVERAGE_AXES.join(', ')}, received ${JSON.stringify(scope)}`,
    );
  const match = PERCENT.exec((right ?? '').trim());
  const tenths = match ? Number(match[1]) * 10 + Number(match[2] ?? 0) : NaN;
  if (!match || tenths > 1000)
    throw new CoverageThresholdError(
      `--min-coverage: the threshold must be a percentage from 0 to 100 with at most one decimal (90, 92.5, models=100), received ${JSON.stringify(text)}`,
    );
  return { scope, tenths };
}

/** A threshold a coverage falls short of, with the cells that would close the gap. */
export interface CoverageShortfall {
  readonly scope: 'overall' | CoverageAxis;
  readonly target: string;
  readonly percent: number;
  readonly min: number;
  readonly base: number;
  /** The gate's cells not reached, per axis. */
  readonly missing: readonly { readonly axis: CoverageAxis; readonly cells: readonly string[] }[];
}

const meets = (counts: CoverageCounts, tenths: number) =>
  counts.gate.base > 0 && counts.gate.reached * 1000 >= tenths * counts.gate.base;

/**
 * The thresholds a coverage falls short of (empty: it passes). Exact: reached × 100 ≥ threshold × base, in
 * integers. A gate whose base is empty fails: it would prove nothing.
 */
export function checkCoverage(coverage: Coverage, thresholds: readonly CoverageThreshold[]): CoverageShortfall[] {
  return thresholds.flatMap((t) => {
    const axes = t.scope === 'overall' ? coverage.axes : coverage.axes.filter((a) => a.axis === t.scope);
    const counts = t.scope === 'overall' ? coverage.overall : axes[0]!;
    if (meets(counts, t.tenths)) return [];
    return [
      {
        scope: t.scope,
        target: coverage.target,
        percent: counts.gate.percent,
        min: t.tenths / 10,
        base: counts.gate.base,
        missing: axes.filter((a) => a.missing.length > 0).map((a) => ({ axis: a.axis, cells: a.missing })),
      },
    ];
  });
}

/**
 * One line per shortfall, naming the missing cells per axis:
 * `mock: overall coverage 55.5% of 18 cells is below 90%; missing models: <model> 1080P, …`.
 */
export function shortfallMessage(s: CoverageShortfall): string {
  const what = s.scope === 'overall' ? 'overall' : s.scope;
  if (s.base === 0) return `${s.target}: no ${what} cell could be reached, so --min-coverage ${s.min} proves nothing`;
  const missing = s.missing.map((m) => `${m.axis}: ${m.cells.join(', ')}`).join('; ');
  return `${s.target}: ${what} coverage ${s.percent}% of ${s.base} cells is below ${s.min}%; missing ${missing}`;
}
