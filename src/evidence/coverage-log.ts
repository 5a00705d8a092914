import { stat } from 'node:fs/promises';
import { compiledModule } from '../contract/files.js';
import type { ProfileId } from '../contract/profiles.js';
import { forEachLine } from './lines.js';
import { collectInWorker, lineAlignedRanges, threadsFor } from './parallel.js';
import { parseLogLine, type InvalidLine } from './record.js';
import { CoverageTally, type SeenCells } from '../coverage/seen.js';
import { buildCoverage, type Coverage } from '../coverage/coverage.js';

/** What a log collector has read, as plain data (it crosses worker threads). */
export interface CoverageLogState {
  readonly lines: number;
  readonly records: number;
  readonly invalidCount: number;
  /** The first invalid lines, in log order (at most {@link INVALID_LIST_LIMIT}). */
  readonly invalid: readonly LogInvalidLine[];
  readonly groups: readonly { readonly target: string; readonly profile: ProfileId; readonly seen: SeenCells }[];
}

/** An invalid line, with the log it is in when several were read. */
export type LogInvalidLine = InvalidLine & { readonly source?: string };

/** How many invalid lines a coverage of logs lists (all are counted). */
export const INVALID_LIST_LIMIT = 20;

/** The coverage of task logs: one per target and profile, in order of first appearance. */
export interface LogCoverage {
  readonly records: number;
  readonly invalidLines: { readonly count: number; readonly first: readonly LogInvalidLine[] };
  readonly coverages: readonly Coverage[];
}

/** Reads task log lines (conform `--evidence` or proxy logs) into one coverage tally per target and profile. */
export class CoverageLogCollector {
  #lines = 0;
  #records = 0;
  #invalidCount = 0;
  readonly #invalid: LogInvalidLine[] = [];
  readonly #groups = new Map<string, { target: string; profile: ProfileId; tally: CoverageTally }>();

  #tallyOf(target: string, profile: ProfileId): CoverageTally {
    const key = `${target}\u0000${profile}`;
    let group = this.#groups.get(key);
    if (!group) {
      group = { target, profile, tally: new CoverageTally(profile) };
      this.#groups.set(key, group);
    }
    return group.tally;
  }

  #addInvalid(item: LogInvalidLine, weight = 1): void {
    this.#invalidCount += weight;
    if (this.#invalid.length < INVALID_LIST_LIMIT) this.#invalid.push(item);
  }

  /**
   * Reads one line (1-based number); an invalid line is counted and listed, never thrown. `weight`: how many lines
   * of the log this one stands for (the DuckDB reader hands over one line of each group of lines judged alike): they
   * are counted, the line alone is listed.
   */
  addLine(text: string, lineNumber: number, weight = 1): void {
    this.#lines = Math.max(this.#lines, lineNumber);
    const parsed = parseLogLine(text);
    if (parsed.kind === 'blank') return;
    if (parsed.kind === 'invalid') return this.#addInvalid({ line: lineNumber, reason: parsed.reason }, weight);
    this.#records += weight;
    if (parsed.kind === 'fragment')
      this.#tallyOf(parsed.fragment.target, parsed.fragment.profile).addFragment(parsed.fragment);
    else this.#tallyOf(parsed.record.target, parsed.record.profile).addRecord(parsed.record);
  }

  /** What this collector has read, to merge into another. */
  state(): CoverageLogState {
    return {
      lines: this.#lines,
      records: this.#records,
      invalidCount: this.#invalidCount,
      invalid: this.#invalid,
      groups: [...this.#groups.values()].map((g) => ({ target: g.target, profile: g.profile, seen: g.tally.seen() })),
    };
  }

  /**
   * Adds what another collector read: on the part of the same log that follows this one's (its line numbers are
   * shifted by the lines read so far), or on another log, named by `source` (its line numbers stay its own).
   */
  merge(state: CoverageLogState, source?: string): void {
    const offset = source === undefined ? this.#lines : 0;
    this.#lines += state.lines;
    this.#records += state.records;
    for (const item of state.invalid)
      this.#addInvalid({ ...item, line: item.line + offset, ...(source === undefined ? {} : { source }) });
    this.#invalidCount += state.invalidCount - state.invalid.length;
    for (const g of state.groups) this.#tallyOf(g.target, g.profile).merge(g.seen);
  }

  /** The coverage of everything read, one per target and profile. */
  coverage(): LogCoverage {
    return {
      records: this.#records,
      invalidLines: { count: this.#invalidCount, first: this.#invalid },
      coverages: [...this.#groups.values()].map((g) =>
        buildCoverage({ profile: g.profile, target: g.target, source: 'log', reached: g.tally.seen() }),
      ),
    };
  }
}

/** Reads one log file, in worker threads when it is large and the package is compiled. */
async function readLog(input: string, threads: number | undefined): Promise<CoverageLogState> {
  const collector = new CoverageLogCollector();
  const count = threadsFor((await stat(input)).size, threads);
  const ranges = count > 1 ? await lineAlignedRanges(input, count) : [];
  if (ranges.length > 1) {
    const [first, ...rest] = ranges;
    const worker = compiledModule('evidence/coverage-worker.js');
    const states = await Promise.all([
      forEachLine(input, (text, n) => collector.addLine(text, n), first).then(() => collector.state()),
      ...rest.map((range) => collectInWorker<CoverageLogState>({ file: input, range, options: {} }, worker)),
    ]);
    const merged = new CoverageLogCollector();
    for (const state of states) merged.merge(state);
    return merged.state();
  }
  await forEachLine(input, (text, n) => collector.addLine(text, n));
  return collector.state();
}

/**
 * The coverage of one or more task log files (conform `--evidence` or proxy evidence JSONL), one per target
 * and profile; logs of 64 MiB or more are read by the evidence reader's worker threads. Rejects only when an input
 * cannot be read; invalid lines are counted.
 * @example const { coverages } = await coverageOfLogs(['e.jsonl']);
 */
export async function coverageOfLogs(
  inputs: readonly string[],
  options: { readonly threads?: number } = {},
): Promise<LogCoverage> {
  const all = new CoverageLogCollector();
  for (const input of inputs) all.merge(await readLog(input, options.threads), input);
  return all.coverage();
}
