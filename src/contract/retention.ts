import { TIME_PATTERN } from './schemas/common.js';

/**
 * How long the official service keeps a task queryable: "task_id 有效期为 24 小时" and "异步任务在完成后通常保留
 * 24 小时" (help.aliyun.com/zh/model-studio/text-to-video-api-reference, …/manage-asynchronous-tasks). Once it
 * lapses the task reads UNKNOWN ("任务查询过期"), which is the documented end of every task, not a violation.
 */
export const TASK_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The zone of the upstream's `submit_time` / `end_time` strings, which carry none: Beijing time. */
export const UPSTREAM_TIME_OFFSET = '+08:00';

const TIME = new RegExp(TIME_PATTERN);

/** Milliseconds since the epoch of an upstream time string (`YYYY-MM-DD HH:mm:ss.SSS`, Beijing), if it is one. */
export function parseUpstreamTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !TIME.test(value)) return undefined;
  const ms = Date.parse(`${value.replace(' ', 'T')}${UPSTREAM_TIME_OFFSET}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The earliest moment a task's retention can have lapsed: 24 h after the earliest sign of its creation (when it was
 * submitted as seen by the observer, or the `submit_time` of any answer). Counting from creation, never from
 * completion, means a task that reads UNKNOWN after this moment is never wrongly reported, whichever of the two
 * readings of the official pages the service follows.
 */
export function retentionEndsAt(submittedAt: number | undefined, bodies: readonly unknown[] = []): number | undefined {
  const starts: number[] = submittedAt === undefined || Number.isNaN(submittedAt) ? [] : [submittedAt];
  for (const body of bodies) {
    const t = parseUpstreamTime((body as { output?: { submit_time?: unknown } } | undefined)?.output?.submit_time);
    if (t !== undefined) starts.push(t);
  }
  return starts.length === 0 ? undefined : Math.min(...starts) + TASK_RETENTION_MS;
}

/** True when a task read UNKNOWN at `at` after its retention had lapsed: the documented expiry, not a change. */
export function isRetentionExpiry(status: unknown, at: number, endsAt: number | undefined): boolean {
  return status === 'UNKNOWN' && endsAt !== undefined && at >= endsAt;
}
