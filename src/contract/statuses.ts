import { PROFILES, type ProfileId } from './profiles.js';

/**
 * Every `output.task_status` value the contract knows, in lifecycle order. SUSPENDED is known to the official SDKs
 * but documented by no official video page; each profile says how it reads it (`suspendedStatus`, see
 * {@link statusesOf}).
 */
export const TASK_STATUSES = ['PENDING', 'RUNNING', 'SUSPENDED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'] as const;

/** A task status, derived from {@link TASK_STATUSES}. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses after which a task can still change: keep polling. */
export const INTERMEDIATE_STATUSES = ['PENDING', 'RUNNING', 'SUSPENDED'] as const satisfies readonly TaskStatus[];

/** Statuses a submit answers with: PENDING, or RUNNING when the task started at once. */
export const SUBMIT_STATUSES = ['PENDING', 'RUNNING'] as const satisfies readonly IntermediateStatus[];

/** Statuses that end a task: a task in one of them never changes again. */
export const TERMINAL_STATUSES = [
  'SUCCEEDED',
  'FAILED',
  'CANCELED',
  'UNKNOWN',
] as const satisfies readonly TaskStatus[];

/** An intermediate status. */
export type IntermediateStatus = (typeof INTERMEDIATE_STATUSES)[number];
/** A terminal status. */
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** Only SUCCEEDED tasks are billed (official pricing page: failed tasks cost nothing). */
export const BILLABLE_STATUSES = ['SUCCEEDED'] as const satisfies readonly TaskStatus[];

/** The lifecycle rank of each status: PENDING 0, RUNNING and SUSPENDED 1, every terminal status 2; a task never moves to a lower rank. */
export const STATUS_RANK: Readonly<Record<TaskStatus, 0 | 1 | 2>> = {
  PENDING: 0,
  RUNNING: 1,
  // A suspended task may resume: SUSPENDED and RUNNING share a rank, so either may follow the other.
  SUSPENDED: 1,
  SUCCEEDED: 2,
  FAILED: 2,
  CANCELED: 2,
  UNKNOWN: 2,
};
const RANK = STATUS_RANK;

/** True for a status of the contract (exact, case-sensitive: `succeeded` is not one). */
export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** True when the status ends the task. */
export function isTerminalStatus(value: unknown): value is TerminalStatus {
  return isTaskStatus(value) && RANK[value] === 2;
}

/** True when moving from `from` to `to` keeps the lifecycle order (PENDING → RUNNING → terminal, terminal stays). */
export function isForwardTransition(from: TaskStatus, to: TaskStatus): boolean {
  if (RANK[from] === 2) return from === to;
  return RANK[to] >= RANK[from];
}

/** The statuses a profile's answers may carry: {@link TASK_STATUSES}, without SUSPENDED where the profile does not define it. */
export function statusesOf(profile: ProfileId): readonly TaskStatus[] {
  return PROFILES[profile].suspendedStatus.value.startsWith('intermediate')
    ? TASK_STATUSES
    : TASK_STATUSES.filter((s) => s !== 'SUSPENDED');
}
