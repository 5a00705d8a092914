import type { ModelId } from '../../contract/models.js';
import type { CollectorState } from '../report.js';
import { ModelBilling, type BillingState } from '../reconcile.js';
import type { TallyData } from '../stats.js';
import { Timing, type TimingTask } from '../timing.js';

function times<K>(map: ReadonlyMap<K, number>, weight: number): Map<K, number> {
  return new Map([...map].map(([k, n]) => [k, n * weight]));
}

function weighTally(t: TallyData, weight: number): TallyData {
  const w = BigInt(weight);
  return {
    tasks: t.tasks * weight,
    accepted: t.accepted * weight,
    succeeded: t.succeeded * weight,
    canceled: t.canceled * weight,
    unknown: t.unknown * weight,
    unfinished: t.unfinished * weight,
    invalidRequests: t.invalidRequests * weight,
    violations: t.violations * weight,
    resultUrls: t.resultUrls * weight,
    seconds: t.seconds * w,
    secondsScale: t.secondsScale,
    amountMinor: t.amountMinor * w,
    rejected: times(t.rejected, weight),
    failed: times(t.failed, weight),
    violationsByKind: times(t.violationsByKind, weight),
  } as TallyData;
}

function weighBilling(state: BillingState, weight: number): BillingState {
  const w = BigInt(weight);
  const models = new Map<ModelId, ModelBilling>();
  for (const [model, b] of state.models) {
    const out = new ModelBilling();
    out.records = b.records * weight;
    out.charged = b.charged * w;
    out.billed = b.billed * w;
    out.unverifiable = b.unverifiable * w;
    out.over = b.over * w;
    out.under = b.under * w;
    out.discrepancies = b.discrepancies * weight;
    models.set(model, out);
  }
  return { models, listed: [], count: state.count * weight };
}

/**
 * The counts of `weight` lines equal to the one a collector read (its state), for a group of lines the package's
 * rules judge alike: every count and exact amount multiplied, no listed item (those come from the lines read one by
 * one), no line numbers. The times come apart, as a histogram of the group's own logged times (ms → lines).
 */
export function weighState(
  state: CollectorState,
  weight: number,
  task: TimingTask | undefined,
  histogram: ReadonlyMap<number, number>,
): CollectorState {
  const timing = new Timing();
  if (task) {
    timing.addHourCounts(task, weight);
    if (task.terminal && histogram.size > 0) timing.addTimes(task, histogram);
  }
  return {
    lines: 0,
    records: state.records * weight,
    blank: state.blank * weight,
    invalidCount: state.invalidCount * weight,
    violationCount: state.violationCount * weight,
    charged: state.charged * weight,
    invalid: [],
    violations: [],
    others: times(state.others, weight),
    models: new Map(
      [...state.models].map(([model, t]) => [
        model,
        {
          byResolution: new Map([...t.byResolution].map(([k, v]) => [k, weighTally(v, weight)])),
          byTarget: new Map([...t.byTarget].map(([k, v]) => [k, weighTally(v, weight)])),
        },
      ]),
    ),
    billing: weighBilling(state.billing, weight),
    fragmentLines: state.fragmentLines * weight,
    pending: [],
    timing: timing.state(),
  };
}
