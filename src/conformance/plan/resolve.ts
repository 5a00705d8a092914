import { realSleep, redactValue } from '../../client/index.js';
import type { ModelId } from '../../contract/models.js';
import { DEFAULT_PROFILE, PROFILE_IDS, PROFILES, type ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import { TASK_QUERY_RPS } from '../../contract/limits.js';
import { loadCases, type LoadedCase } from '../../rules/load.js';
import { estimateCost, planRun, type PlannedRun } from './plan.js';
import type { SampleInputs } from './requests.js';
import type { LevelOption, RunKey } from './select.js';
import type { ConformanceTarget } from './target.js';
import type { CostEstimate, ExpectedFailure, Plan } from './types.js';

/** What a run is asked to do, before it is resolved (see `ConformanceOptions`, which adds the caller's hooks). */
export interface RunSettings {
  readonly models?: readonly ModelId[] | undefined;
  readonly resolutions?: readonly Resolution[] | undefined;
  readonly level?: LevelOption | undefined;
  readonly smoke?: boolean | undefined;
  /** Plan and price only; send nothing. */
  readonly dryRun?: boolean | undefined;
  readonly expectedFailures?: readonly ExpectedFailure[] | undefined;
  /** A fixed poll interval instead of the official schedule. */
  readonly pollIntervalMs?: number | undefined;
  /** Deadline of each task (default 10 minutes). */
  readonly taskTimeoutMs?: number | undefined;
  /** Deadline of the whole run (default three task deadlines, at least 30 minutes). */
  readonly totalTimeoutMs?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
  /** Bound on polls per task (default 500). */
  readonly maxPolls?: number | undefined;
  /** Case runs in flight at once (default 8); tasks also stay within each model's official limits. */
  readonly concurrency?: number | undefined;
  /** Keep within each model's official submit RPS and concurrent tasks (default: true, except for the embedded mock). */
  readonly respectRateLimits?: boolean | undefined;
  /**
   * Task queries (getTask, listTasks) per second per API key: the official account-wide limit `TASK_QUERY_RPS` by
   * default where rate limits are kept (see {@link respectRateLimits}); 0 keeps no limit.
   */
  readonly queryRps?: number | undefined;
  readonly inputs?: SampleInputs | undefined;
  readonly cases?: readonly LoadedCase[] | undefined;
  /** Only these case runs (see `rerunOf`): a re-run of a report's failed runs sends nothing else. */
  readonly only?: readonly RunKey[] | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
}

/** The run's clock: injectable for tests, real by default. */
export interface RunClock {
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When the run started, on {@link now}. */
  readonly startMs: number;
}

/** The run's limits, every default applied. */
export interface RunBudget {
  readonly taskTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly requestTimeoutMs: number | undefined;
  /** A fixed poll interval, or undefined for the runner's adaptive schedule. */
  readonly pollIntervalMs: number | undefined;
  readonly maxPolls: number;
  readonly concurrency: number;
  readonly respectRateLimits: boolean;
  /** Task queries per second per key; 0 keeps no limit. */
  readonly queryRps: number;
}

/** A run resolved once, before anything is sent: what to send, to whom, with what budget. Never changed after. */
export interface ResolvedRun {
  readonly target: ConformanceTarget;
  readonly profile: ProfileId;
  /** The target as reports name it: `embedded-mock`, or its base URL with every key redacted. */
  readonly label: string;
  /** Keys to scrub from everything the run hands out. */
  readonly secrets: readonly string[];
  readonly clock: RunClock;
  readonly plan: Plan;
  readonly runs: readonly PlannedRun[];
  readonly estimate: CostEstimate;
  readonly budget: RunBudget;
  readonly inputs: SampleInputs | undefined;
  readonly expected: readonly ExpectedFailure[];
  readonly dryRun: boolean;
}

function budgetOf(target: ConformanceTarget, settings: RunSettings): RunBudget {
  const taskTimeoutMs = settings.taskTimeoutMs ?? 10 * 60_000;
  const respectRateLimits = settings.respectRateLimits ?? target.kind === 'url';
  return {
    taskTimeoutMs,
    totalTimeoutMs: settings.totalTimeoutMs ?? Math.max(30 * 60_000, 3 * taskTimeoutMs),
    requestTimeoutMs: settings.requestTimeoutMs,
    pollIntervalMs: settings.pollIntervalMs,
    maxPolls: settings.maxPolls ?? 500,
    concurrency: settings.concurrency ?? 8,
    respectRateLimits,
    queryRps: settings.queryRps ?? (respectRateLimits ? TASK_QUERY_RPS : 0),
  };
}

/** Resolves a run's settings against its target: the profile, the clock, the plan and its cost, the budget. */
export function resolveRun(target: ConformanceTarget, settings: RunSettings): ResolvedRun {
  const profile = target.profile ?? DEFAULT_PROFILE;
  if (!Object.hasOwn(PROFILES, profile))
    throw new TypeError(`profile must be ${PROFILE_IDS.join(' or ')}, received ${JSON.stringify(profile)}`);
  const now = settings.now ?? Date.now;
  const clock: RunClock = { now, sleep: settings.sleep ?? realSleep, startMs: now() };
  const secrets = [target.apiKey, target.apiKey2].filter((k): k is string => !!k);
  const { plan, runs } = planRun({
    profile,
    cases: settings.cases ?? loadCases(),
    models: settings.models,
    resolutions: settings.resolutions,
    level: settings.level,
    smoke: settings.smoke,
    inputs: settings.inputs,
    only: settings.only,
    otherAccount: !!target.apiKey2,
  });
  // Only a URL costs money, so only a URL has a budget.
  const estimate = target.kind === 'url' ? estimateCost(plan, target.maxCost, true) : estimateCost(plan, null, false);
  return Object.freeze({
    target,
    profile,
    label: target.kind === 'embedded-mock' ? 'embedded-mock' : redactValue(target.baseUrl, secrets),
    secrets,
    clock,
    plan,
    runs,
    estimate,
    budget: budgetOf(target, settings),
    inputs: settings.inputs,
    expected: settings.expectedFailures ?? [],
    dryRun: !!settings.dryRun,
  });
}
