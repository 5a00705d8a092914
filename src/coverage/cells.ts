import { prescribedErrorsOf } from '../contract/answers.js';
import { CAPABILITY_IDS } from '../contract/capabilities.js';
import { modelsOfProfile, resolutionsOf } from '../contract/models.js';
import { OPERATIONS, operationsOf, submitRoutes, type OperationId } from '../contract/operations.js';
import { resultLocationOf, type ProfileId } from '../contract/profiles.js';
import { statusesOf } from '../contract/statuses.js';
import { USAGE_FIELDS } from '../contract/usage.js';

/** The axes coverage is counted on, in report order. */
export const COVERAGE_AXES = ['answers', 'statuses', 'models', 'usage', 'locations'] as const;

/** A coverage axis. */
export type CoverageAxis = (typeof COVERAGE_AXES)[number];

/** What each axis counts, for tables and messages. */
export const AXIS_LABELS: Readonly<Record<CoverageAxis, string>> = {
  answers: 'operation × HTTP status × error code',
  statuses: 'task statuses',
  models: 'model × tier',
  usage: 'usage fields',
  locations: 'result locations',
};

/** True for an axis name. */
export function isCoverageAxis(value: unknown): value is CoverageAxis {
  return typeof value === 'string' && (COVERAGE_AXES as readonly string[]).includes(value);
}

/** The cell of one answer: `getTask 200`, `createVideoTask 400 InvalidParameter`, `getTask 502` (no code). */
export function answerCell(op: OperationId, status: number, code?: string): string {
  if (status === 200) return `${op} 200`;
  return code === undefined ? `${op} ${status}` : `${op} ${status} ${code}`;
}

/** The cell of a model at a tier: `<model id> 1080P`. */
export function modelCell(model: string, tier: string): string {
  return `${model} ${tier}`;
}

/**
 * The operations whose answers count under a profile: every operation it offers, except a submit path it accepts
 * only as an alias of the official one (crazyrouter's image2video path): a tolerance for official SDKs, not a
 * path of its own. Answers seen there still count, as cells beyond the universe.
 */
export function countedOperations(profile: ProfileId): OperationId[] {
  const own = new Set<OperationId>(submitRoutes(profile).flatMap((r) => (r.alias ? [] : [r.operation])));
  return operationsOf(profile).filter((op) => OPERATIONS[op].kind !== 'submit' || own.has(op));
}

/**
 * Every cell the contract defines for a profile, per axis: the answers of each counted operation (200 and its
 * prescribed errors, see `PRESCRIBED_ERRORS`), the statuses the profile's answers may carry, every model at every
 * tier of the registry, every `usage` field of the schema, and the places the profile puts a video URL.
 */
export function coverageUniverse(profile: ProfileId): Record<CoverageAxis, string[]> {
  return {
    answers: countedOperations(profile).flatMap((op) => [
      answerCell(op, 200),
      ...prescribedErrorsOf(profile, op).map((e) => answerCell(op, e.status, e.code)),
    ]),
    statuses: [...statusesOf(profile)],
    models: modelsOfProfile(profile).flatMap((m) => resolutionsOf(m).map((tier) => modelCell(m, tier))),
    usage: [...USAGE_FIELDS],
    locations: [...new Set(CAPABILITY_IDS.map((c) => resultLocationOf(profile, c)))],
  };
}

/** Cells per axis, as sets. */
export type CellSets = Record<CoverageAxis, Set<string>>;

/** Empty cell sets, one per axis. */
export function emptyCells(): CellSets {
  return Object.fromEntries(COVERAGE_AXES.map((axis) => [axis, new Set<string>()])) as CellSets;
}
