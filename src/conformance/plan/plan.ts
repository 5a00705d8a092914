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
  unitPriceOrNone,
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

/** A model's unit price at a tier (official or overlay) in 1/10,000 yuan, or undefined when it has none. */
function unitPriceMinor(model: ModelId, tier: Resolution): bigint | undefined {
  const price = unitPriceOrNone(model, tier);
  return price === undefined ? undefined : parseDecimal(price.unitPrice, 4);
}

/** The cheapest resolution of a model, by unit price; an unpriced model's smallest tier. */
export function cheapestResolution(model: ModelId): Resolution {
  const tiers = resolutionsOf(model);
  const priced = tiers.flatMap((t) => {
    const price = unitPriceMinor(model, t);
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

interface Target {
  readonly model: ModelId;
  readonly resolution: Resolution;
}

/** The models a run selects and the model × tier of each shared task: one cheapest per capability for a smoke run. */
function targetsOf(options: PlanOptions): { models: ModelId[]; items: Target[] } {
  // By default the profile's priced models (officially or by an overlay): an unpriced one runs only when named, and
  // then its price is refused before anything is sent.
  const models = [
    ...(options.models ??
      modelsOfProfile(options.profile).filter((m) => unitPriceOrNone(m, MODELS[m].defaultResolution) !== undefined)),
  ];
  if (options.smoke) {
    const picked = CAPABILITY_IDS.flatMap((cap) => {
      const pick = cheapestModel(models.filter((m) => MODELS[m].capability === cap));
      return pick ? [pick] : [];
    });
    return { models: picked, items: picked.map((model) => ({ model, resolution: cheapestResolution(model) })) };
  }
  const items = models.flatMap((model) => {
    const tiers = options.resolutions
      ? resolutionsOf(model).filter((t) => options.resolutions?.includes(t))
      : [MODELS[model].defaultResolution];
    return tiers.map((resolution) => ({ model, resolution }));
  });
  return { models: models.filter((m) => items.some((i) => i.model === m)), items };
}

/** What planning one case needs from the whole plan, and where its runs and priced tasks go. */
interface CaseBuilder {
  readonly options: PlanOptions;
  readonly levels: readonly Level[];
  readonly models: readonly ModelId[];
  readonly items: readonly Target[];
  readonly runs: PlannedRun[];
  readonly tasks: PlannedTask[];
}

/** Why a selected case is not run: below the level, a billable extra in a smoke run, no second account's key. */
function skipOf(b: CaseBuilder, c: LoadedCase, billable: readonly SendSpec[]): string | undefined {
  const { options } = b;
  const selected = b.levels.includes(c.level);
  if (!selected) return `not selected: ${c.level} is below --level ${options.level ?? 'should'}`;
  if (options.smoke && billable.length > 0 && c.scope !== 'task')
    return 'not selected: a smoke run creates one task per capability only';
  return c.needs?.otherAccount && !options.otherAccount ? NO_OTHER_ACCOUNT : undefined;
}

/** Prices the billable sends of a case run for a model at a tier. */
function addTasks(b: CaseBuilder, c: LoadedCase, sends: readonly SendSpec[], model: ModelId, tier: Resolution) {
  const { profile, inputs } = b.options;
  for (const send of sends) {
    const built = buildRequest(send.request ?? 'valid', profile, model, tier, inputs);
    if (!built.applies || !built.body) continue;
    const q = priceOf(profile, built.body);
    b.tasks.push({
      caseId: c.id,
      model,
      resolution: tier,
      seconds: q.seconds,
      amount: q.amount,
      amountMinor: q.amountMinor,
    });
  }
}

/** The runs of one case: per model and tier (task scope), per model (model scope), or once (target scope). */
function planCase(b: CaseBuilder, c: LoadedCase): void {
  const only = b.options.only;
  const keep = (model: ModelId | null, resolution: Resolution | null) =>
    !only || isSelectedRun(only, c.id, model, resolution);
  const billable = sendSteps(c).filter((s) => isBillableSend(s, b.options.profile));
  const skip = skipOf(b, c, billable);
  const skipped = skip ? { skip } : {};
  if (c.scope === 'task') {
    for (const { model, resolution } of b.items.filter((i) => matches(c, i.model) && keep(i.model, i.resolution)))
      b.runs.push({ case: c, model, resolution, sendModel: model, sendResolution: resolution, ...skipped });
  } else if (c.scope === 'model') {
    for (const model of b.models.filter((m) => matches(c, m) && keep(m, null))) {
      const resolution = cheapestResolution(model);
      b.runs.push({ case: c, model, resolution: null, sendModel: model, sendResolution: resolution, ...skipped });
      addTasks(b, c, skip ? [] : billable, model, resolution);
    }
  } else if (keep(null, null)) {
    const pick = cheapestModel(b.models.filter((m) => matches(c, m)));
    const resolution = pick ? cheapestResolution(pick) : null;
    const reason =
      skip ??
      (pick
        ? undefined
        : `not supported: needs a ${c.needs?.capabilities?.join(' or ') ?? 'matching'} model, none selected`);
    b.runs.push({
      case: c,
      model: null,
      resolution: null,
      sendModel: pick ?? null,
      sendResolution: resolution,
      ...(reason ? { skip: reason } : {}),
    });
    if (!reason && pick && resolution) addTasks(b, c, billable, pick, resolution);
  }
}

/** The shared tasks, priced: one per model and tier that a run that will execute uses. */
function sharedTasks(b: CaseBuilder): PlannedTask[] {
  const { profile, inputs } = b.options;
  const uses = b.runs.filter((r) => !r.skip && r.case.steps.some((step) => 'use' in step));
  const shared = b.items.filter((item) =>
    uses.some(
      (r) =>
        r.model === null || (r.model === item.model && (r.resolution === null || r.resolution === item.resolution)),
    ),
  );
  return shared.map((item) => {
    const q = priceOf(profile, validRequest(profile, item.model, item.resolution, inputs));
    return {
      caseId: 'shared-task',
      model: item.model,
      resolution: item.resolution,
      seconds: q.seconds,
      amount: q.amount,
      amountMinor: q.amountMinor,
    };
  });
}

/** Plans a run: the selected cases and models, the tasks it creates and their prices. Sends nothing. */
export function planRun(options: PlanOptions): FullPlan {
  const { profile } = options;
  const levels = levelsOf(options.level);
  const { models, items } = targetsOf(options);
  const cases = options.cases.filter((c) => (c.profiles as readonly string[]).includes(profile));
  const builder: CaseBuilder = { options, levels, models, items, runs: [], tasks: [] };
  for (const c of cases) planCase(builder, c);
  // The shared task of a model and tier is created (and priced) only when a run that will execute uses it.
  const tasks = [...sharedTasks(builder), ...builder.tasks];
  const plan: Plan = {
    profile,
    levels,
    smoke: Boolean(options.smoke),
    models,
    resolutions: items,
    cases: cases.map((c) => ({ id: c.id, level: c.level, scope: c.scope })),
    runs: builder.runs.length,
    tasks,
  };
  return { plan, runs: builder.runs };
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
