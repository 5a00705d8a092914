import type { Bill } from '../pricing/bill.js';
import { AMOUNT_SCALE, SECONDS_SCALE, formatDecimal, parseDecimal, trimDecimal, trimScale } from '../pricing/money.js';
import { parseNumberText, type Decimal } from '../pricing/number.js';
import type { TaskFacts, ViolationKind } from './check.js';

/** Counts of one model at one resolution (or of a whole model), as the report prints them. */
export interface CellEvidence {
  /** Records of the cell: every task submitted. */
  readonly tasks: number;
  /** Submits answered HTTP 200. */
  readonly accepted: number;
  /** Submits answered with an error, by error code. */
  readonly rejected: Readonly<Record<string, number>>;
  /** Tasks whose final answer says SUCCEEDED, also when that answer breaks the contract (then counted in `violations` and not billed). */
  readonly succeeded: number;
  /** FAILED tasks, by `output.code`. */
  readonly failed: Readonly<Record<string, number>>;
  readonly canceled: number;
  readonly unknown: number;
  /** Accepted tasks without a terminal final answer in the log. */
  readonly unfinished: number;
  /** Requests the contract forbids (whatever the answer). */
  readonly invalidRequests: number;
  /** Tasks with at least one contract violation. */
  readonly violations: number;
  readonly violationsByKind: Readonly<Partial<Record<ViolationKind, number>>>;
  /** SUCCEEDED tasks that carry a video URL. */
  readonly resultUrls: number;
  /** Seconds billed by the price table, exact: `25`, `18.13`. */
  readonly secondsBilled: string;
  /** Amount billed by the price table, exact CNY: `3.50`. */
  readonly amount: string;
  /** The amount in fen, as a decimal string (a bigint can exceed a JSON number). */
  readonly amountMinor: string;
}

/** The fields of a {@link Tally}, enough to merge it into another. */
export type TallyData = Pick<
  Tally,
  | 'tasks'
  | 'accepted'
  | 'succeeded'
  | 'canceled'
  | 'unknown'
  | 'unfinished'
  | 'invalidRequests'
  | 'violations'
  | 'resultUrls'
  | 'seconds'
  | 'secondsScale'
  | 'amountMinor'
  | 'rejected'
  | 'failed'
  | 'violationsByKind'
>;

/** A mutable tally of tasks; {@link Tally.snapshot} freezes it into a {@link CellEvidence}. */
export class Tally {
  tasks = 0;
  accepted = 0;
  succeeded = 0;
  canceled = 0;
  unknown = 0;
  unfinished = 0;
  invalidRequests = 0;
  violations = 0;
  resultUrls = 0;
  /** Seconds at {@link Tally.secondsScale} decimals (exact: billed seconds may be finer than a millisecond). */
  seconds = 0n;
  secondsScale = SECONDS_SCALE;
  /** Fen. */
  amountMinor = 0n;
  readonly rejected = new Map<string, number>();
  readonly failed = new Map<string, number>();
  readonly violationsByKind = new Map<ViolationKind, number>();

  /** Counts one checked task. */
  add(facts: TaskFacts): void {
    this.tasks += 1;
    if (facts.outcome !== 'rejected') this.accepted += 1;
    if (!facts.requestValid) this.invalidRequests += 1;
    switch (facts.outcome) {
      case 'rejected':
        bump(this.rejected, facts.code ?? 'unknown');
        break;
      case 'succeeded':
        this.succeeded += 1;
        if (facts.resultUrl) this.resultUrls += 1;
        break;
      case 'failed':
        bump(this.failed, facts.code ?? 'FAILED');
        break;
      case 'canceled':
        this.canceled += 1;
        break;
      case 'unknown':
        this.unknown += 1;
        break;
      case 'unfinished':
        this.unfinished += 1;
        break;
    }
    if (facts.violations.length > 0) {
      this.violations += 1;
      for (const v of facts.violations) bump(this.violationsByKind, v.kind);
    }
    if (facts.bill) {
      this.addSeconds(secondsOf(facts.bill.seconds));
      this.amountMinor += billedMinor(facts.bill);
    }
  }

  private addSeconds(value: Decimal): void {
    if (value.scale > this.secondsScale) {
      this.seconds *= 10n ** BigInt(value.scale - this.secondsScale);
      this.secondsScale = value.scale;
    }
    this.seconds += value.units * 10n ** BigInt(this.secondsScale - value.scale);
  }

  /** Adds another tally (or its cloned data) into this one. */
  merge(other: TallyData): void {
    this.tasks += other.tasks;
    this.accepted += other.accepted;
    this.succeeded += other.succeeded;
    this.canceled += other.canceled;
    this.unknown += other.unknown;
    this.unfinished += other.unfinished;
    this.invalidRequests += other.invalidRequests;
    this.violations += other.violations;
    this.resultUrls += other.resultUrls;
    this.addSeconds({ units: other.seconds, scale: other.secondsScale });
    this.amountMinor += other.amountMinor;
    for (const [k, n] of other.rejected) bump(this.rejected, k, n);
    for (const [k, n] of other.failed) bump(this.failed, k, n);
    for (const [k, n] of other.violationsByKind) bump(this.violationsByKind, k, n);
  }

  /** The counts as plain, JSON-ready data. */
  snapshot(): CellEvidence {
    return {
      tasks: this.tasks,
      accepted: this.accepted,
      rejected: sorted(this.rejected),
      succeeded: this.succeeded,
      failed: sorted(this.failed),
      canceled: this.canceled,
      unknown: this.unknown,
      unfinished: this.unfinished,
      invalidRequests: this.invalidRequests,
      violations: this.violations,
      violationsByKind: sorted(this.violationsByKind),
      resultUrls: this.resultUrls,
      secondsBilled: trimDecimal(formatDecimal(this.seconds, this.secondsScale)),
      amount: formatDecimal(this.amountMinor, AMOUNT_SCALE),
      amountMinor: this.amountMinor.toString(),
    };
  }
}

/**
 * A bill's amount in fen, exact: read from its decimal text, never from `amountMinor` (a JavaScript number, which
 * loses digits past 2^53 fen).
 */
export function billedMinor(bill: Bill): bigint {
  return parseDecimal(bill.amount, AMOUNT_SCALE, 'bill.amount');
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sorted<K extends string>(map: Map<K, number>): Record<K, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Record<K, number>;
}

// Bills repeat the same few second counts ('5', '10', …): parse each once.
const secondsCache = new Map<string, Decimal>();
function secondsOf(text: string): Decimal {
  let value = secondsCache.get(text);
  if (value === undefined) {
    value = trimScale(parseNumberText(text, { what: 'bill.seconds', kind: 'a number of seconds', example: '5' }));
    if (secondsCache.size < 10_000) secondsCache.set(text, value);
  }
  return value;
}
