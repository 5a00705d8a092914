import { formatListTime, parseListTime } from '../contract/schemas/task-list.js';
import type { TaskStatus } from '../contract/statuses.js';

/** The filters of {@link Client.listTasks}; times are Dates, epoch ms or `YYYYMMDDhhmmss` (Beijing time). */
export interface TaskListFilter {
  /** Only this task (the other filters then do not apply upstream). */
  readonly taskId?: string;
  /** Window start; with endTime at most 24 hours apart (default: the last 24 hours). */
  readonly startTime?: Date | number | string;
  readonly endTime?: Date | number | string;
  readonly model?: string;
  readonly status?: TaskStatus;
  /** The page, from 1 (default 1). */
  readonly pageNo?: number;
  /** Tasks a page (default 10). */
  readonly pageSize?: number;
}

function listTime(name: string, value: Date | number | string): string {
  if (typeof value === 'string') {
    if (parseListTime(value) === undefined)
      throw new TypeError(`${name} must be a Date, epoch ms or YYYYMMDDhhmmss, received ${JSON.stringify(value)}`);
    return value;
  }
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw new TypeError(`${name} must be a valid date, received ${String(value)}`);
  return formatListTime(ms);
}

/** The official query string of a task list filter. */
export function taskListQuery(filter: TaskListFilter = {}): string {
  const query = new URLSearchParams();
  if (filter.taskId !== undefined) query.set('task_id', filter.taskId);
  if (filter.startTime !== undefined) query.set('start_time', listTime('startTime', filter.startTime));
  if (filter.endTime !== undefined) query.set('end_time', listTime('endTime', filter.endTime));
  if (filter.model !== undefined) query.set('model_name', filter.model);
  if (filter.status !== undefined) query.set('status', filter.status);
  for (const [name, value] of [
    ['page_no', filter.pageNo],
    ['page_size', filter.pageSize],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1)
      throw new TypeError(`${name} must be an integer of at least 1, received ${String(value)}`);
    query.set(name, String(value));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
