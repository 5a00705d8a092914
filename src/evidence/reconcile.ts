import { PricingError } from '../pricing/errors.js';
import { AMOUNT_SCALE, PRICE_SCALE, SECONDS_SCALE, formatDecimal } from '../pricing/money.js';
import { parseNumberText, rescale } from '../pricing/number.js';
import { MODEL_IDS, type ModelId } from '../contract/models.js';
import type { TaskFacts, TaskOutcome } from './check.js';
import { billedMinor } from './stats.js';

/**
 * Charged amounts are compared at the scale of an exact bill before rounding (1/10,000,000 CNY), so a
 * charge of `3.4999` is seen as under-billed by `0.0001` and never rounded away.
 */
export const CHARGE_SCALE = PRICE_SCALE + SECONDS_SCALE;
const FEN_TO_CHARGE = 10n ** BigInt(CHARGE_SCALE - AMOUNT_SCALE);

/** How a charge differs from the bill by the price table. */
export type DiscrepancyKind = 'over-billed' | 'under-billed' | 'billed-unsuccessful' | 'unverifiable';

/** One task whose charge differs from its bill. */
export interface BillingDiscrepancy {
  /** The log the task is in, when several logs are read together. */
  readonly file?: string;
  readonly line: number;
  readonly taskId: string | undefined;
  readonly target: string;
  readonly model: ModelId;
  readonly resolution: string;
  readonly outcome: TaskOutcome;
  readonly kind: DiscrepancyKind;
  /** What the gateway charged, CNY. */
  readonly charged: string;
  /** What the price table bills for the task, CNY (0 for a task that did not succeed). */
  readonly billed: string;
  /** charged − billed, signed: `+0.50` is over-billed. */
  readonly difference: string;
}

/** Billing totals of one model, over the records that carry a charge. */
export interface BillingTotals {
  readonly model: ModelId;
  readonly records: number;
  /** Every charge of the model, verifiable or not. */
  readonly charged: string;
  /** What the price table bills for the records whose charge can be verified. */
  readonly billed: string;
  /** Charges on SUCCEEDED tasks that cannot be priced: their own column, never in the over- or under-billed totals. */
  readonly unverifiable: string;
  /** charged − unverifiable − billed: the signed difference over the verifiable records. */
  readonly difference: string;
  readonly overBilled: string;
  readonly underBilled: string;
  readonly discrepancies: number;
}

/** A charged amount that cannot be compared exactly. */
export class ChargeError extends Error {
  override readonly name = 'ChargeError';
}

/** Parses a charged amount at {@link CHARGE_SCALE}; throws a {@link ChargeError} naming what arrived. */
export function parseCharge(amount: string): bigint {
  try {
    const value = parseNumberText(amount, {
      what: 'charged.amount',
      kind: 'an amount in CNY',
      example: '3.50',
      maxDecimals: CHARGE_SCALE,
    });
    return rescale(value, CHARGE_SCALE);
  } catch (error) {
    if (error instanceof PricingError) throw new ChargeError(error.message);
    throw error;
  }
}

/** Formats a charge-scale amount as CNY: at least two decimals, more only when they are not zero. */
export function formatCny(value: bigint, signed = false): string {
  const text = formatDecimal(value, CHARGE_SCALE).replace(/(\.\d\d\d*?)0+$/, '$1');
  return signed && value > 0n ? `+${text}` : text;
}

/** Exact billing totals of one model, at {@link CHARGE_SCALE}. */
export class ModelBilling {
  records = 0;
  charged = 0n;
  billed = 0n;
  unverifiable = 0n;
  over = 0n;
  under = 0n;
  discrepancies = 0;
}

/** A reconciler's state, to merge into another. */
export interface BillingState {
  readonly models: ReadonlyMap<ModelId, ModelBilling>;
  readonly listed: readonly BillingDiscrepancy[];
  readonly count: number;
}

/** Compares charges with bills, task by task; keeps exact totals and the first `limit` discrepancies. */
export class BillingReconciler {
  private readonly models = new Map<ModelId, ModelBilling>();
  private readonly listed: BillingDiscrepancy[] = [];
  private count = 0;

  constructor(private readonly limit: number) {}

  /** The state to merge elsewhere with {@link BillingReconciler.merge}. */
  state(): BillingState {
    return { models: this.models, listed: this.listed, count: this.count };
  }

  /** Adds the state of a reconciler that read a later part of the log, whose line numbers start after `lineOffset`. */
  merge(state: BillingState, lineOffset: number): void {
    for (const [model, other] of state.models) {
      const totals = this.totalsOf(model);
      totals.records += other.records;
      totals.charged += other.charged;
      totals.billed += other.billed;
      totals.unverifiable += other.unverifiable;
      totals.over += other.over;
      totals.under += other.under;
      totals.discrepancies += other.discrepancies;
    }
    this.count += state.count;
    for (const item of state.listed) {
      if (this.listed.length >= this.limit) break;
      this.listed.push({ ...item, line: item.line + lineOffset });
    }
  }

  private totalsOf(model: ModelId): ModelBilling {
    let totals = this.models.get(model);
    if (!totals) {
      totals = new ModelBilling();
      this.models.set(model, totals);
    }
    return totals;
  }

  /** Adds one task that carries a charge (already parsed by {@link parseCharge}). */
  add(
    facts: TaskFacts,
    charged: bigint,
    context: { file?: string; line: number; taskId: string | undefined; target: string },
  ): void {
    const totals = this.totalsOf(facts.model);
    const billed = facts.bill ? billedMinor(facts.bill) * FEN_TO_CHARGE : 0n;
    totals.records += 1;
    totals.charged += charged;
    totals.billed += billed;
    const kind = discrepancyOf(facts, charged, billed);
    if (!kind) return;
    totals.discrepancies += 1;
    if (kind === 'unverifiable') totals.unverifiable += charged;
    else if (charged > billed) totals.over += charged - billed;
    else totals.under += billed - charged;
    this.count += 1;
    if (this.listed.length < this.limit) {
      this.listed.push({
        ...(context.file === undefined ? {} : { file: context.file }),
        line: context.line,
        taskId: context.taskId,
        target: context.target,
        model: facts.model,
        resolution: facts.resolution,
        outcome: facts.outcome,
        kind,
        charged: formatCny(charged),
        billed: formatCny(billed),
        difference: formatCny(charged - billed, true),
      });
    }
  }

  /** The totals per model (registry order) and the listed discrepancies. */
  result(): { totals: BillingTotals[]; discrepancies: BillingDiscrepancy[]; discrepancyCount: number } {
    const totals = MODEL_IDS.filter((id) => this.models.has(id))
      .map((model) => [model, this.models.get(model)!] as const)
      .map(([model, t]) => ({
        model,
        records: t.records,
        charged: formatCny(t.charged),
        billed: formatCny(t.billed),
        unverifiable: formatCny(t.unverifiable),
        difference: formatCny(t.charged - t.unverifiable - t.billed, true),
        overBilled: formatCny(t.over),
        underBilled: formatCny(t.under),
        discrepancies: t.discrepancies,
      }));
    return { totals, discrepancies: [...this.listed], discrepancyCount: this.count };
  }
}

/** How a task's charge differs from its bill (billed at {@link CHARGE_SCALE}), or undefined when it matches. */
export function discrepancyOf(facts: TaskFacts, charged: bigint, billed: bigint): DiscrepancyKind | undefined {
  // Only SUCCEEDED tasks are billed (official pricing page); any charge on another outcome is wrong.
  if (facts.outcome !== 'succeeded') return charged > 0n ? 'billed-unsuccessful' : undefined;
  if (!facts.bill) return 'unverifiable';
  if (charged > billed) return 'over-billed';
  if (charged < billed) return 'under-billed';
  return undefined;
}
