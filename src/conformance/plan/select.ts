import { isModelId, type ModelId } from '../../contract/models.js';
import { isProfileId, type ProfileId } from '../../contract/profiles.js';
import { RESOLUTIONS, type Resolution } from '../../contract/resolutions.js';
import type { LoadedCase } from '../../rules/load.js';
import type { Outcome } from '../../rules/outcome.js';

/** The lowest level a run includes: `must` runs MUST only, `should` MUST and SHOULD, `may` everything. */
export type LevelOption = 'must' | 'should' | 'may';

/** A selection that names cases the corpus does not have, or a file that is not a conform report. */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

/** One case run: a case for a model and tier (task scope), a model (model scope) or the target (both null). */
export interface RunKey {
  readonly caseId: string;
  readonly model: ModelId | null;
  readonly resolution: Resolution | null;
}

/** The cases of a corpus with the given ids, in corpus order; an unknown id is a {@link SelectionError} naming the valid ones. */
export function selectCases(cases: readonly LoadedCase[], ids: readonly string[]): LoadedCase[] {
  const known = new Set(cases.map((c) => c.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new SelectionError(
      `unknown case id${unknown.length === 1 ? '' : 's'} ${unknown.map((id) => JSON.stringify(id)).join(', ')}; valid ids: ${[...known].join(', ')}`,
    );
  const wanted = new Set(ids);
  return cases.filter((c) => wanted.has(c.id));
}

/** The outcomes a re-run repeats: the implementation broke the contract, the runner or transport broke, or time ran out. */
export const RERUN_OUTCOMES: readonly Outcome[] = ['fail', 'error', 'timeout'];

/** What a re-run of a report's failed runs repeats: the same profile, models, tiers and level, only those runs. */
export interface Rerun {
  readonly profile: ProfileId;
  readonly target: { readonly kind: 'url' | 'embedded-mock'; readonly baseUrl: string };
  readonly models: readonly ModelId[];
  readonly resolutions: readonly Resolution[];
  readonly smoke: boolean;
  readonly level: LevelOption;
  readonly caseIds: readonly string[];
  readonly runs: readonly RunKey[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isResolution = (value: unknown): value is Resolution =>
  typeof value === 'string' && (RESOLUTIONS as readonly string[]).includes(value);

/**
 * Reads a conform JSON report (`conform --json`) and picks the runs to repeat: those that failed, errored or timed
 * out. Throws a {@link SelectionError} saying what is missing when the value is not such a report.
 * @example const rerun = rerunOf(JSON.parse(readFileSync('report.json', 'utf8')));
 */
export function rerunOf(report: unknown, name = 'the file'): Rerun {
  const not = (what: string) =>
    new SelectionError(`${name} is not a conform report (as \`conform --json\` writes): ${what}`);
  if (!isObject(report))
    throw not(`expected a JSON object, received ${Array.isArray(report) ? 'an array' : typeof report}`);
  if (report.reportVersion !== 1)
    throw not(`reportVersion must be 1, received ${JSON.stringify(report.reportVersion ?? null)}`);
  const contract = report.contract;
  const plan = report.plan;
  const target = report.target;
  if (!isObject(contract) || !isProfileId(contract.profile)) throw not('contract.profile is missing or unknown');
  if (!isObject(plan) || !Array.isArray(plan.models) || !Array.isArray(plan.resolutions) || !Array.isArray(plan.levels))
    throw not('plan.models, plan.resolutions or plan.levels is missing');
  if (
    !isObject(target) ||
    (target.kind !== 'url' && target.kind !== 'embedded-mock') ||
    typeof target.baseUrl !== 'string'
  )
    throw not('target.kind or target.baseUrl is missing');
  if (!Array.isArray(report.results)) throw not('results is missing');
  const runs: RunKey[] = [];
  const failedLevels: string[] = [];
  for (const [i, result] of report.results.entries()) {
    if (!isObject(result) || typeof result.caseId !== 'string' || typeof result.outcome !== 'string')
      throw not(`results[${i}] has no caseId or outcome`);
    if (!RERUN_OUTCOMES.includes(result.outcome as Outcome)) continue;
    const model = result.model === null || result.model === undefined ? null : result.model;
    const resolution = result.resolution === null || result.resolution === undefined ? null : result.resolution;
    if (model !== null && !isModelId(model)) throw not(`results[${i}].model ${JSON.stringify(model)} is not a model`);
    if (resolution !== null && !isResolution(resolution))
      throw not(`results[${i}].resolution ${JSON.stringify(resolution)} is not a tier`);
    runs.push({ caseId: result.caseId, model, resolution });
    if (typeof result.level === 'string') failedLevels.push(result.level);
  }
  const models = plan.models.filter(isModelId);
  const resolutions = [
    ...new Set(plan.resolutions.flatMap((r) => (isObject(r) && isResolution(r.resolution) ? [r.resolution] : []))),
  ];
  // The run's level, lowered if need be so every failed run is selected again.
  const levels = [...(plan.levels as unknown[]), ...failedLevels];
  return {
    profile: contract.profile,
    target: { kind: target.kind, baseUrl: target.baseUrl },
    models,
    resolutions,
    smoke: plan.smoke === true,
    level: levels.includes('MAY') ? 'may' : levels.includes('SHOULD') ? 'should' : 'must',
    caseIds: [...new Set(runs.map((r) => r.caseId))],
    runs,
  };
}

/** Whether a planned run is one of the keys (a key with a null model or tier matches only a run without one). */
export function isSelectedRun(
  keys: readonly RunKey[],
  caseId: string,
  model: ModelId | null,
  resolution: Resolution | null,
): boolean {
  return keys.some((k) => k.caseId === caseId && k.model === model && k.resolution === resolution);
}
