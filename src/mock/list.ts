import { isModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import { LIST_DEFAULTS, LIST_WINDOW_MS, parseListTime, type TaskListResponse } from '../contract/schemas/task-list.js';
import { isTerminalStatus, statusesOf } from '../contract/statuses.js';
import type { MockState } from './operations.js';
import { jsonReply, MockHttpError, type MockReply } from './reply.js';
import { statusAt, type TaskRecord } from './task.js';

function listTime(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const ms = parseListTime(value);
  if (ms === undefined)
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `${name} must be a date as YYYYMMDDhhmmss (Beijing time), received ${JSON.stringify(value.slice(0, 40))}`,
    );
  return ms;
}

function positiveInteger(name: string, value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `${name} must be an integer of at least 1, received ${JSON.stringify(value.slice(0, 40))}`,
    );
  return Number(value);
}

/** The window the official page defines: 24 h before end, after start, or up to now; never wider than 24 h. */
function windowOf(query: URLSearchParams, now: number): { from: number; to: number } {
  const start = listTime('start_time', query.get('start_time'));
  const end = listTime('end_time', query.get('end_time'));
  const from = start ?? (end ?? now) - LIST_WINDOW_MS;
  const to = end ?? (start === undefined ? now : start + LIST_WINDOW_MS);
  if (to < from)
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `end_time ${query.get('end_time')} is before start_time ${query.get('start_time')}`,
    );
  if (to - from > LIST_WINDOW_MS)
    throw new MockHttpError(400, 'InvalidParameter', 'start_time and end_time must be at most 24 hours apart');
  return { from, to };
}

function itemOf(task: TaskRecord, now: number): TaskListResponse['data'][number] {
  const status = statusAt(task, now);
  const item: TaskListResponse['data'][number] = {
    task_id: task.id,
    status,
    model_name: task.model,
    gmt_create: task.submittedAt,
  };
  if (status !== 'PENDING' && task.canceledAt === undefined) item.start_time = task.scheduledAt;
  if (isTerminalStatus(status)) item.end_time = task.canceledAt ?? task.endsAt;
  return item;
}

/**
 * `GET {base}/tasks` (dashscope): the caller's tasks of this profile, newest first, filtered by the official
 * parameters (task_id, start_time/end_time, model_name, status) and paged (page_no, page_size). The mock's
 * "account" is the API key (kept as its hash, the tenant). Unknown parameters (the SDKs' api_key_id, region) are accepted and do not filter.
 */
export function listTasks(
  state: MockState,
  tenant: string,
  profile: ProfileId,
  query: URLSearchParams,
  requestId: string,
): MockReply {
  const now = state.options.now();
  const pageNo = positiveInteger('page_no', query.get('page_no'), LIST_DEFAULTS.page_no);
  const pageSize = positiveInteger('page_size', query.get('page_size'), LIST_DEFAULTS.page_size);
  const status = query.get('status');
  const statuses: readonly string[] = statusesOf(profile);
  if (status !== null && status !== '' && !statuses.includes(status))
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `status must be one of ${statuses.join(', ')}, received ${JSON.stringify(status.slice(0, 40))}`,
    );
  const model = query.get('model_name');
  const taskId = query.get('task_id');
  const { from, to } = taskId ? { from: -Infinity, to: Infinity } : windowOf(query, now);
  const matches: TaskListResponse['data'] = [];
  for (const task of state.store.live(now)) {
    if (task.owner !== tenant || task.profile !== profile) continue;
    if (taskId ? task.id !== taskId : task.submittedAt < from || task.submittedAt > to) continue;
    if (model && !(isModelId(model) && task.model === model)) continue;
    const item = itemOf(task, now);
    if (status && item.status !== status) continue;
    matches.push(item);
  }
  matches.reverse();
  const body: TaskListResponse = {
    request_id: requestId,
    data: matches.slice((pageNo - 1) * pageSize, pageNo * pageSize),
    total: matches.length,
    total_page: Math.ceil(matches.length / pageSize),
    page_no: pageNo,
    page_size: pageSize,
  };
  return jsonReply(200, body);
}
