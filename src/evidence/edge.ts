import type { TaskLogFragment, TaskLogRecord } from '../contract/schemas/task-log.js';

/**
 * The most seconds of video a task can bill: a day. Usage beyond it is no task the price table can price (the
 * longest Wan video is seconds long): the record is a violation, never an amount. Within it, a JSON number's
 * shortest decimal form (the one `JSON.stringify` writes) is priced exactly; digits a double cannot hold (more
 * than 15 significant digits) were lost by whatever parsed the answer before the log.
 */
export const MAX_TASK_SECONDS = 86_400;
/** The most task queries one record or fragment can count: a million (a query a second for more than eleven days). */
export const MAX_POLLS = 1_000_000;
/** The widest edge of a delivered video, in pixels. */
export const MAX_VIDEO_EDGE = 100_000;

function bound(field: string, value: number | undefined, max: number, unit: string): string | undefined {
  if (value === undefined || (Number.isFinite(value) && value <= max)) return undefined;
  return `${field} must be at most ${max} ${unit}, received ${String(value)}`;
}

function date(field: string, text: string | undefined): string | undefined {
  // The schema's pattern admits 2026-13-45T99:99:99Z: such a time cannot be ordered against the others.
  return text === undefined || Number.isFinite(Date.parse(text))
    ? undefined
    : `${field} must be a real date and time, received ${JSON.stringify(text)}`;
}

/**
 * What makes a record or fragment (valid against its schema) unusable for counts, money or order: a number past
 * what a task can be, a time that is no date. The logger wrote these fields: such a line is invalid, named by its
 * field. Undefined when every field is usable. Never throws.
 */
export function edgeProblem(line: TaskLogRecord | TaskLogFragment): string | undefined {
  const observed = line.observed as Partial<TaskLogRecord['observed'] & TaskLogFragment['observed']>;
  const problems = [
    date('observed.submitted_at', observed.submitted_at),
    date('observed.finished_at', observed.finished_at),
    date('observed.first_seen_at', observed.first_seen_at),
    date('observed.last_seen_at', observed.last_seen_at),
    ...(line.observations ?? []).map((o, i) => date(`observations[${i}].at`, o.at)),
    bound('observed.polls', observed.polls, MAX_POLLS, 'task queries'),
  ];
  const d = 'delivered' in line ? line.delivered : undefined;
  if (d)
    problems.push(
      bound('delivered.width', d.width, MAX_VIDEO_EDGE, 'pixels'),
      bound('delivered.height', d.height, MAX_VIDEO_EDGE, 'pixels'),
      bound('delivered.duration_ms', d.duration_ms, MAX_TASK_SECONDS * 1000, 'milliseconds (a day of video)'),
      bound('delivered.frame_ms', d.frame_ms, MAX_TASK_SECONDS * 1000, 'milliseconds'),
    );
  return problems.find((p) => p !== undefined);
}

/**
 * Usage seconds of an answer past {@link MAX_TASK_SECONDS}: the upstream's answer, so the task is a violation (it is
 * not priced), named by its field. Undefined when the usage is within the bound (or not a number: the pricing rules
 * say what is wrong with it then).
 */
export function absurdUsage(usage: unknown): string | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  for (const field of ['video_duration', 'duration'] as const) {
    const value = (usage as Record<string, unknown>)[field];
    if (typeof value === 'number' && value > MAX_TASK_SECONDS)
      return `usage.${field} must be at most ${MAX_TASK_SECONDS} seconds (a day of video), received ${String(value)}`;
  }
  return undefined;
}
