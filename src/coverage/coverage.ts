import type { ProfileId } from '../contract/profiles.js';
import { AXIS_LABELS, COVERAGE_AXES, coverageUniverse, type CellSets, type CoverageAxis } from './cells.js';
import type { SeenCells } from './seen.js';

/** Counts of one axis (or of all of them): the contract's cells, those the plan can reach, those reached. */
export interface CoverageCounts {
  readonly universe: number;
  /** Null when no plan says what could be reached (a task log). */
  readonly reachable: number | null;
  /** Cells of the universe the run or log reached. */
  readonly reached: number;
  /** reached / universe, in percent, rounded down to a tenth. */
  readonly percent: number;
  /** What `--min-coverage` compares: the cells of the gate's base that were reached, over the base. */
  readonly gate: { readonly base: number; readonly reached: number; readonly percent: number };
}

/** One axis: its counts and its cells. */
export interface AxisCoverage extends CoverageCounts {
  readonly axis: CoverageAxis;
  readonly label: string;
  /** Cells of the gate's base not reached: what a `--min-coverage` failure names. */
  readonly missing: readonly string[];
  /** Cells of the universe the plan could not reach (null without a plan). */
  readonly unreachable: readonly string[] | null;
  /** Cells seen that the universe lacks: answers beyond the prescribed ones, statuses or fields the contract lacks. */
  readonly beyond: readonly string[];
  readonly cells: {
    readonly universe: readonly string[];
    readonly reachable: readonly string[] | null;
    readonly reached: readonly string[];
  };
}

/**
 * What a conformance run or a task log covered of the contract, per axis and overall. Coverage is reached /
 * universe. The gate (`--min-coverage`) divides by its base: for a run, the cells the same plan reaches with every
 * model (so narrowing `--models` lowers it, and cells no run of the kit can bring from a correct server do not
 * count); for a log, the universe.
 */
export interface Coverage {
  readonly profile: ProfileId;
  /** The target (a report's label, a log record's `target`). */
  readonly target: string;
  readonly source: 'run' | 'log';
  /** The base the gate divides by, in words. */
  readonly gateBase: string;
  readonly axes: readonly AxisCoverage[];
  readonly overall: CoverageCounts;
}

/** Where the cells come from. */
export interface CoverageInput {
  readonly profile: ProfileId;
  readonly target: string;
  readonly source: 'run' | 'log';
  readonly reached: SeenCells;
  /** What the plan can reach; absent for a log. */
  readonly reachable?: CellSets | undefined;
  /** The gate's base; absent: the universe. */
  readonly gateBase?: CellSets | undefined;
}

/** `part / whole` in percent, rounded down to a tenth; 0 of 0 is 0 (nothing proven). */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part * 1000) / whole) / 10;
}

const GATE_WORDS = {
  run: 'the cells every case of the catalogue reaches with every model, at this level and these tiers',
  log: 'the contract universe',
} as const;

/** Counts coverage from the cells reached, the plan's reach and the gate's base, against the profile's universe. */
export function buildCoverage(input: CoverageInput): Coverage {
  const universe = coverageUniverse(input.profile);
  const axes = COVERAGE_AXES.map((axis): AxisCoverage => {
    const all = universe[axis];
    const inUniverse = new Set(all);
    const seen = new Set(input.reached[axis]);
    const reachable = input.reachable ? all.filter((c) => input.reachable?.[axis].has(c)) : null;
    const base = input.gateBase ? all.filter((c) => input.gateBase?.[axis].has(c)) : all;
    const reached = all.filter((c) => seen.has(c));
    const gateReached = base.filter((c) => seen.has(c)).length;
    return {
      axis,
      label: AXIS_LABELS[axis],
      universe: all.length,
      reachable: reachable?.length ?? null,
      reached: reached.length,
      percent: percentOf(reached.length, all.length),
      gate: { base: base.length, reached: gateReached, percent: percentOf(gateReached, base.length) },
      missing: base.filter((c) => !seen.has(c)),
      unreachable: reachable ? all.filter((c) => !reachable.includes(c)) : null,
      beyond: [...seen].filter((c) => !inUniverse.has(c)).sort(),
      cells: { universe: all, reachable, reached },
    };
  });
  const sum = (pick: (a: AxisCoverage) => number) => axes.reduce((n, a) => n + pick(a), 0);
  const total = sum((a) => a.universe);
  const reached = sum((a) => a.reached);
  const base = sum((a) => a.gate.base);
  const gateReached = sum((a) => a.gate.reached);
  return {
    profile: input.profile,
    target: input.target,
    source: input.source,
    gateBase: input.gateBase ? GATE_WORDS.run : GATE_WORDS.log,
    axes,
    overall: {
      universe: total,
      reachable: input.reachable ? sum((a) => a.reachable ?? 0) : null,
      reached,
      percent: percentOf(reached, total),
      gate: { base, reached: gateReached, percent: percentOf(gateReached, base) },
    },
  };
}
