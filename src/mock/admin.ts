import type { ModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import type { Resolution, Size } from '../contract/resolutions.js';
import { statusesOf, type TaskStatus } from '../contract/statuses.js';
import type { VirtualClock } from './clock.js';
import type { FaultName } from './faults/table.js';
import type { MockState } from './operations.js';
import type { MockRequestRecord, RequestLog } from './request-log.js';
import { statusAt, type TaskRecord } from './task.js';

/** A task as the admin surface shows it (not a contract answer: the mock's own view, at the mock's time). */
export interface MockTaskView {
  readonly taskId: string;
  readonly profile: ProfileId;
  readonly model: ModelId;
  /** Its status now, before any fault rewrites an answer. */
  readonly status: TaskStatus;
  /** When it was submitted, left PENDING and ends (ISO 8601, mock time); null: not scheduled (held or stuck). */
  readonly submittedAt: string;
  readonly scheduledAt: string | null;
  readonly endsAt: string | null;
  readonly resolution: Resolution;
  readonly size: Size;
  readonly seconds: number;
  /** The task faults named on its submit. */
  readonly faults: readonly FaultName[];
  /** How many times it was polled. */
  readonly polls: number;
}

/** The mock's clock as the admin surface shows it. */
export interface MockClockView {
  /** Mock time, ISO 8601 and ms since the epoch. */
  readonly now: string;
  readonly nowMs: number;
  /** How far the admin surface has moved it ahead of the real (or injected) clock. */
  readonly offsetMs: number;
}

/**
 * The admin surface of one mock, for in-process tests (the same operations answer under `/__mock/` over HTTP).
 * Not part of the contract.
 * @example
 * const mock = createMockHandler();
 * const { output } = await (await mock(submitRequest)).json();
 * mock.admin.forceStatus(output.task_id, 'FAILED');
 * mock.admin.advance(60_000);
 */
export interface MockAdmin {
  /** Every live task, oldest first. */
  tasks(): MockTaskView[];
  /** One live task, or undefined for an unknown or expired id. */
  task(taskId: string): MockTaskView | undefined;
  /**
   * Puts a task in a status of its profile's contract at once. A terminal status ends it now; PENDING, RUNNING and
   * SUSPENDED hold it there until another status is forced; UNKNOWN forgets it, as after its retention.
   * Throws a {@link MockAdminError}: `NotFound` for an unknown task, `InvalidParameter` for a status outside the
   * profile's statuses (`statusesOf(profile)`: SUSPENDED only where the profile defines it).
   */
  forceStatus(taskId: string, status: TaskStatus): MockTaskView | undefined;
  /** Moves the mock's clock forward by `ms` milliseconds; tasks and retention follow it. */
  advance(ms: number): MockClockView;
  /** The mock's clock. */
  clock(): MockClockView;
  /** Forgets every task, rate-limit and throttle count and logged request, and puts the clock back. */
  reset(): void;
  /** The last `limit` requests (default every one kept), oldest first, secrets redacted; admin requests are not kept. */
  requests(limit?: number): MockRequestRecord[];
}

/** A refused admin operation: data first, with what was expected and what arrived. */
export class MockAdminError extends Error {
  override readonly name = 'MockAdminError';
  constructor(
    readonly code: 'InvalidParameter' | 'NotFound',
    message: string,
    readonly expected?: string,
    readonly received?: string,
  ) {
    super(message);
  }
}

/** The error of an admin operation on a task the mock does not keep. */
export function unknownTask(taskId: unknown): MockAdminError {
  const id = String(taskId).slice(0, 80);
  return new MockAdminError(
    'NotFound',
    `no task ${JSON.stringify(id)}: it was never submitted here, has expired, was forgotten or the mock was reset`,
    'the task_id of a live task (GET /__mock/tasks lists them)',
    id,
  );
}

// Ten years: far enough for any retention, near enough that mock time stays a valid date.
const MAX_ADVANCE_MS = 10 * 365 * 24 * 60 * 60 * 1000;

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

function viewOf(task: TaskRecord, now: number): MockTaskView {
  const status = statusAt(task, now);
  return {
    taskId: task.id,
    profile: task.profile,
    model: task.model,
    status,
    submittedAt: new Date(task.submittedAt).toISOString(),
    scheduledAt: iso(task.scheduledAt),
    endsAt: iso(task.canceledAt ?? task.endsAt),
    resolution: task.resolution,
    size: task.size,
    seconds: task.seconds,
    faults: [...task.faults.names],
    polls: task.polls,
  };
}

/** Moves a task's schedule so that {@link statusAt} reads `status` from `now` on. */
function forceTaskStatus(task: TaskRecord, status: Exclude<TaskStatus, 'UNKNOWN'>, now: number): void {
  if (status !== 'CANCELED') delete task.canceledAt;
  task.written = undefined;
  task.suspended = status === 'SUSPENDED';
  if (status === 'PENDING') {
    task.scheduledAt = Number.POSITIVE_INFINITY;
    task.endsAt = Number.POSITIVE_INFINITY;
  } else if (status === 'RUNNING' || status === 'SUSPENDED') {
    task.scheduledAt = Math.min(task.scheduledAt, now);
    task.endsAt = Number.POSITIVE_INFINITY;
  } else if (status === 'CANCELED') {
    task.canceledAt = now;
  } else {
    task.scheduledAt = Math.min(task.scheduledAt, now);
    task.endsAt = Math.min(task.endsAt, now);
    task.outcome = status;
  }
  // A forced status is the new lifecycle: the forward-only guard starts again from it.
  task.seen = status;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new MockAdminError(
      'InvalidParameter',
      `${name} must be a whole number of at least 1, received ${JSON.stringify(value) ?? String(value)}`,
      'an integer ≥ 1',
      JSON.stringify(value) ?? String(value),
    );
  return value;
}

/** The admin operations over a mock's state, its clock and its request log. */
export function createAdmin(
  state: MockState,
  clock: VirtualClock,
  log: RequestLog,
  secrets: () => readonly string[],
): MockAdmin {
  const clockView = (): MockClockView => {
    const now = clock.now();
    return { now: new Date(now).toISOString(), nowMs: now, offsetMs: clock.offsetMs };
  };
  const find = (taskId: string): TaskRecord => {
    const task = typeof taskId === 'string' ? state.store.get(taskId, clock.now()) : undefined;
    if (!task) throw unknownTask(taskId);
    return task;
  };
  return {
    tasks() {
      const now = clock.now();
      return [...state.store.live(now)].map((task) => viewOf(task, now));
    },
    task(taskId) {
      const now = clock.now();
      const task = typeof taskId === 'string' ? state.store.get(taskId, now) : undefined;
      return task && viewOf(task, now);
    },
    forceStatus(taskId, status) {
      const task = find(taskId);
      const allowed: readonly string[] = statusesOf(task.profile);
      if (typeof status !== 'string' || !allowed.includes(status)) {
        const got = JSON.stringify(status) ?? String(status);
        throw new MockAdminError(
          'InvalidParameter',
          `status must be one of ${allowed.join(', ')} (the ${task.profile} profile's statuses, upper case), received ${got}`,
          allowed.join(' | '),
          got,
        );
      }
      const now = clock.now();
      if (status === 'UNKNOWN') {
        state.store.delete(task.id);
        return undefined;
      }
      forceTaskStatus(task, status, now);
      return viewOf(task, now);
    },
    advance(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
        const got = JSON.stringify(ms) ?? String(ms);
        throw new MockAdminError(
          'InvalidParameter',
          `ms must be a number of milliseconds from 0 to ${MAX_ADVANCE_MS} (the clock only moves forward), received ${got}`,
          `0 ≤ ms ≤ ${MAX_ADVANCE_MS}`,
          got,
        );
      }
      clock.advance(ms);
      return clockView();
    },
    clock: clockView,
    reset() {
      state.store.clear();
      state.limiter.clear();
      state.throttle.clear();
      log.clear();
      clock.reset();
    },
    requests(limit) {
      return log.read(limit === undefined ? log.size : positiveInteger('limit', limit), secrets());
    },
  };
}
