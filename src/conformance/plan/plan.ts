import { CAPABILITY_IDS } from '../../contract/capabilities.js';
import {
  MODELS,
  MODEL_IDS,
  modelsOfProfile,
  resolutionsOf,
  type DurationRule,
  type ModelId,
} from '../../contract/models.js';
import { requiresAsyncHeader, type ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import {
  formatDecimal,
  parseDecimal,
  PricingError,
  quoteAny,
  quoteRequest,
  unitPriceOf,
  AMOUNT_SCALE,
} from '../../pricing/index.js';
import type { CaseDefinition, SendSpec } from '../../rules/case.js';
import type { LoadedCase } from '../../rules/load.js';
import type { CostEstimate, Plan, PlannedTask } from './types.js';
import type { Level } from '../../rules/outcome.js';
import { LEVELS } from '../../rules/outcome.js';
import { BILLABLE_VARIANTS, buildRequest, validRequest, type SampleInputs } from './requests.js';
import { isSelectedRun, type LevelOption, type RunKey } from './select.js';

/** What to plan. */
export interface PlanOptions {
  readonly profile: ProfileId;
  readonly cases: readonly LoadedCase[];
  readonly models?: readonly ModelId[] | undefined;
  /** Tiers to run the shared task at (default: each model's default tier); tiers a model lacks are dropped. */
  readonly resolutions?: readonly Resolution[] | undefined;
  readonly level?: LevelOption | undefined;
  /** One cheapest task per capability, and no billable extras. */
  readonly smoke?: boolean | undefined;
  readonly inputs?: SampleInputs | undefined;
  /** Only these case runs (`conform --rerun-failed`): the others are left out of the plan, not listed as skipped. */
  readonly only?: readonly RunKey[] | undefined;
  /** Whether the run has a key of a second account (`--api-key-2`); cases that need one are not run without it. */
  readonly otherAccount?: boolean | undefined;
}

/** Why a case that needs a second account's key is not run without one. */
export const NO_OTHER_ACCOUNT = 'not run: needs the key of a second account (--api-key-2, option apiKey2)';

/** One case run: a case for one model and resolution (task scope), one model, or the target. */
export interface PlannedRun {
  readonly case: LoadedCase;
  readonly model: ModelId | null;
  readonly resolution: Resolution | null;
  /** The model the run sends its requests for (target-scope cases pick the cheapest selected model). */
  readonly sendModel: ModelId | null;
  readonly sendResolution: Resolution | null;
  /** Set when the run is skipped without sending anything. */
  readonly skip?: string;
}

/** A plan with its runs. */
export interface FullPlan {
  readonly plan: Plan;
  readonly runs: readonly PlannedRun[];
}

/** The levels a level option selects. */
export function levelsOf(option: LevelOption = 'should'): Level[] {
  return LEVELS.slice(0, { must: 1, should: 2, may: 3 }[option]);
}

/**
 * The estimated price of a task as the profile's upstream renders it; for a model whose video follows its audio,
 * the most it can cost (the audio's upper limit), since the official service bills the audio's real length.
 */
function priceOf(profile: ProfileId, body: Record<string, unknown>) {
  return quoteRequest(body as { model: string }, { profile });
}

/** A model's unit price at a tier (official or overlay), or undefined when it has none: never a guess. */
function unitPriceOrNone(model: ModelId, tier: Resolution): bigint | undefined {
  try {
    return parseDecimal(unitPriceOf(model, tier).unitPrice, 4);
  } catch (error) {
    if (error instanceof PricingError && error.code === 'unpriced') return undefined;
    throw error;
  }
}

/** The cheapest resolution of a model, by unit price; an unpriced model's smallest tier. */
export function cheapestResolution(model: ModelId): Resolution {
  const tiers = resolutionsOf(model);
  const priced = tiers.flatMap((t) => {
    const price = unitPriceOrNone(model, t);
    return price === undefined ? [] : [{ t, price }];
  });
  return (
    priced.reduce<{ t: Resolution; price: bigint } | undefined>(
      (best, p) => (best === undefined || p.price < best.price ? p : best),
      undefined,
    )?.t ?? tiers[0]!
  );
}

function cheapestModel(models: readonly ModelId[]): ModelId | undefined {
  const cost = (m: ModelId) => {
    const rule: DurationRule = MODELS[m].duration;
    try {
      return quoteAny({
        model: m,
        resolution: cheapestResolution(m),
        duration: rule.mode === 'audio' ? '5' : rule.default,
      }).amountMinor;
    } catch (error) {
      // An unpriced model sorts last: a smoke run picks a priced one where it can, and refuses otherwise.
      if (error instanceof PricingError && error.code === 'unpriced') return Number.MAX_SAFE_INTEGER;
      throw error;
    }
  };
  return [...models].sort((a, b) => cost(a) - cost(b) || MODEL_IDS.indexOf(a) - MODEL_IDS.indexOf(b))[0];
}

function matches(c: CaseDefinition, model: ModelId): boolean {
  const needs = c.needs;
  if (needs?.models && !needs.models.includes(model)) return false;
  if (needs?.capabilities && !needs.capabilities.includes(MODELS[model].capability)) return false;
  return true;
}

function sendSteps(c: CaseDefinition): SendSpec[] {
  return c.steps.flatMap((step) => ('send' in step ? [step.send] : []));
}

/** Whether a send step creates a task on a target that honours the contract. */
export function isBillableSend(send: SendSpec, profile: ProfileId): boolean {
  if (send.op !== 'submit' || !BILLABLE_VARIANTS.includes(send.request ?? 'valid')) return false;
  if ((send.auth ?? 'key') !== 'key') return false;
  return !(send.asyncHeader === 'omit' && requiresAsyncHeader(profile));
}

/** Plans a run: the selected cases and models, the tasks it creates and their prices. Sends nothing. */
export function planRun(options: PlanOptions): FullPlan {
  const { profile } = options;
  const levels = levelsOf(options.level);
  // By default the profile's priced models (officially or by an overlay): an unpriced one runs only when named, and
  // then its price is refused below, before anything is sent.
  let models = [
    ...(options.models ??
      modelsOfProfile(profile).filter((m) => unitPriceOrNone(m, MODELS[m].defaultResolution) !== undefined)),
  ];
  let items: { model: ModelId; resolution: Resolution }[];
  if (options.smoke) {
    models = CAPABILITY_IDS.flatMap((cap) => {
      const pick = cheapestModel(models.filter((m) => MODELS[m].capability === cap));
      return pick ? [pick] : [];
    });
    items = models.map((model) => ({ model, resolution: cheapestResolution(model) }));
  } else {
    items = models.flatMap((model) => {
      const tiers = options.resolutions
        ? resolutionsOf(model).filter((t) => options.resolutions?.includes(t))
        : [MODELS[model].defaultResolution];
      return tiers.map((resolution) => ({ model, resolution }));
    });
    models = models.filter((m) => items.some((i) => i.model === m));
  }
  const cases = options.cases.filter((c) => (c.profiles as readonly string[]).includes(profile));
  const runs: PlannedRun[] = [];
  const tasks: PlannedTask[] = [];
  const addTask = (caseId: string, model: ModelId, resolution: Resolution, body: Record<string, unknown>) => {
    const q = priceOf(profile, body);
    tasks.push({ caseId, model, resolution, seconds: q.seconds, amount: q.amount, amountMinor: q.amountMinor });
  };
  const keep = (c: CaseDefinition, model: ModelId | null, resolution: Resolution | null) =>
    !options.only || isSelectedRun(options.only, c.id, model, resolution);
  for (const c of cases) {
    const selected = levels.includes(c.level);
    const notSelected = selected ? undefined : `not selected: ${c.level} is below --level ${options.level ?? 'should'}`;
    const billable = sendSteps(c).filter((s) => isBillableSend(s, profile));
    const smokeSkip =
      selected && options.smoke && billable.length > 0 && c.scope !== 'task'
        ? 'not selected: a smoke run creates one task per capability only'
        : undefined;
    const noOtherAccount = selected && c.needs?.otherAccount && !options.otherAccount ? NO_OTHER_ACCOUNT : undefined;
    const skip = notSelected ?? smokeSkip ?? noOtherAccount;
    if (c.scope === 'task') {
      for (const item of items.filter((i) => matches(c, i.model) && keep(c, i.model, i.resolution)))
        runs.push({
          case: c,
          model: item.model,
          resolution: item.resolution,
          sendModel: item.model,
          sendResolution: item.resolution,
          ...(skip ? { skip } : {}),
        });
    } else if (c.scope === 'model') {
      for (const model of models.filter((m) => matches(c, m) && keep(c, m, null))) {
        const resolution = cheapestResolution(model);
        runs.push({
          case: c,
          model,
          resolution: null,
          sendModel: model,
          sendResolution: resolution,
          ...(skip ? { skip } : {}),
        });
        for (const send of skip ? [] : billable) {
          const built = buildRequest(send.request ?? 'valid', profile, model, resolution, options.inputs);
          if (built.applies && built.body) addTask(c.id, model, resolution, built.body);
        }
      }
    } else if (keep(c, null, null)) {
      const pick = cheapestModel(models.filter((m) => matches(c, m)));
      const resolution = pick ? cheapestResolution(pick) : null;
      const reason =
        skip ??
        (pick
          ? undefined
          : `not supported: needs a ${c.needs?.capabilities?.join(' or ') ?? 'matching'} model, none selected`);
      runs.push({
        case: c,
        model: null,
        resolution: null,
        sendModel: pick ?? null,
        sendResolution: resolution,
        ...(reason ? { skip: reason } : {}),
      });
      if (!reason && pick && resolution) {
        for (const send of billable) {
          const built = buildRequest(send.request ?? 'valid', profile, pick, resolution, options.inputs);
          if (built.applies && built.body) addTask(c.id, pick, resolution, built.body);
        }
      }
    }
  }
  // The shared task of a model and tier is created (and priced) only when a run that will execute uses it.
  const uses = runs.filter((r) => !r.skip && r.case.steps.some((step) => 'use' in step));
  const shared = items.filter((item) =>
    uses.some(
      (r) =>
        r.model === null || (r.model === item.model && (r.resolution === null || r.resolution === item.resolution)),
    ),
  );
  tasks.unshift(
    ...shared.map((item) => {
      const q = priceOf(profile, validRequest(profile, item.model, item.resolution, options.inputs));
      return {
        caseId: 'shared-task',
        model: item.model,
        resolution: item.resolution,
        seconds: q.seconds,
        amount: q.amount,
        amountMinor: q.amountMinor,
      };
    }),
  );
  const plan: Plan = {
    profile,
    levels,
    smoke: Boolean(options.smoke),
    models,
    resolutions: items,
    cases: cases.map((c) => ({ id: c.id, level: c.level, scope: c.scope })),
    runs: runs.length,
    tasks,
  };
  return { plan, runs };
}

/** The plan's cost against a budget (`maxCost` in CNY, null when the target is free). */
export function estimateCost(plan: Plan, maxCost: string | null, billable: boolean): CostEstimate {
  const amountMinor = plan.tasks.reduce((sum, t) => sum + BigInt(t.amountMinor), 0n);
  const budget = maxCost === null ? null : parseDecimal(maxCost, AMOUNT_SCALE);
  return {
    currency: 'CNY',
    amount: formatDecimal(amountMinor, AMOUNT_SCALE),
    amountMinor: Number(amountMinor),
    maxCost: maxCost === null ? null : formatDecimal(parseDecimal(maxCost, AMOUNT_SCALE), AMOUNT_SCALE),
    billable,
    withinBudget: !billable || budget === null || amountMinor <= budget,
  };
}
