import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ProfileId } from '../profiles.js';
import { statusesOf } from '../statuses.js';
import { Enum } from './common.js';

/*
 * The task list (official "批量查询异步任务状态接口", help.aliyun.com/zh/model-studio/manage-asynchronous-tasks;
 * the official SDKs' `list()`: dashscope-sdk-python `BaseAsyncApi.list`, dashscope-sdk-java `AsyncTaskListParam`
 * and `AsyncTaskListResult`). The list is account-wide: it holds every async task of the account, of any model.
 */

/** A list time bound: `YYYYMMDDhhmmss` (official example 20230420193058). */
export const LIST_TIME_PATTERN = '^\\d{14}$';

/** Upstream's clock: task times and list windows are Beijing time (UTC+8) without a zone. */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Epoch ms → a list time bound, `YYYYMMDDhhmmss` in Beijing time. */
export function formatListTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace(/\D/g, '');
}

/** A list time bound → epoch ms; undefined when it is not a real `YYYYMMDDhhmmss` date. */
export function parseListTime(value: string): number | undefined {
  if (!new RegExp(LIST_TIME_PATTERN).test(value)) return undefined;
  const part = (at: number, length: number) => Number(value.slice(at, at + length));
  const ms = Date.UTC(part(0, 4), part(4, 2) - 1, part(6, 2), part(8, 2), part(10, 2), part(12, 2)) - BEIJING_OFFSET_MS;
  // Date.UTC rolls 20230231 over to March: a real date formats back to itself.
  return formatListTime(ms) === value ? ms : undefined;
}

/** The widest window between start_time and end_time, and the default window (official: 24 hours). */
export const LIST_WINDOW_MS = 24 * 60 * 60 * 1000;

/** page_no and page_size when absent (official: page 1, 10 a page). */
export const LIST_DEFAULTS = { page_no: 1, page_size: 10 } as const;

/** The query parameters of `GET /tasks`, as the OpenAPI documents and the mock read them. */
export function taskListParameters(profile: ProfileId): readonly {
  readonly name: string;
  readonly description: string;
  readonly schema: TSchema;
}[] {
  return [
    {
      name: 'task_id',
      description: 'Only this task (then the other filters do not apply).',
      schema: Type.String({ minLength: 1 }),
    },
    {
      name: 'start_time',
      description:
        'Start of the window, `YYYYMMDDhhmmss`; without it, 24 hours before end_time (or before now). The window is at most 24 hours.',
      schema: Type.String({ pattern: LIST_TIME_PATTERN }),
    },
    {
      name: 'end_time',
      description: 'End of the window, `YYYYMMDDhhmmss`; without it, 24 hours after start_time (or now).',
      schema: Type.String({ pattern: LIST_TIME_PATTERN }),
    },
    { name: 'model_name', description: 'Only tasks of this model.', schema: Type.String({ minLength: 1 }) },
    { name: 'status', description: 'Only tasks in this status.', schema: Enum(statusesOf(profile)) },
    {
      name: 'page_no',
      description: `The page, from 1 (default ${LIST_DEFAULTS.page_no}).`,
      schema: Type.Integer({ minimum: 1, default: LIST_DEFAULTS.page_no }),
    },
    {
      name: 'page_size',
      description: `Tasks a page (default ${LIST_DEFAULTS.page_size}).`,
      schema: Type.Integer({ minimum: 1, default: LIST_DEFAULTS.page_size }),
    },
    {
      name: 'api_key_id',
      description: 'Only tasks of this API key id (sent by the official SDKs).',
      schema: Type.String(),
    },
    { name: 'region', description: 'The region, e.g. cn-beijing (sent by the official SDKs).', schema: Type.String() },
  ];
}

/** One task of the list: times are epoch milliseconds; end_time only once the task ended. */
export function taskListItemSchema(profile: ProfileId) {
  const ms = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));
  const text = (description: string) => Type.Optional(Type.String({ description }));
  return Type.Object(
    {
      task_id: Type.String({ minLength: 1 }),
      status: Enum(statusesOf(profile)),
      model_name: text('The model.'),
      gmt_create: ms('When the task was created, epoch milliseconds.'),
      start_time: ms('When it started, epoch milliseconds.'),
      end_time: ms('When it ended, epoch milliseconds (ended tasks only).'),
      request_id: text('The request id of the submit.'),
      region: text('The region, e.g. cn-beijing.'),
      api_key_id: text('The id of the API key that submitted it.'),
      caller_uid: text('The submitting account.'),
      caller_parent_id: text('The main account.'),
      user_api_unique_key: text('The API the task was submitted to, e.g. apikey:v1:aigc:video-generation:…'),
    },
    { title: 'TaskListItem' },
  );
}

/** The list answer: HTTP 200 with a page of tasks and the totals. */
export function taskListResponseSchema(profile: ProfileId) {
  return Type.Object(
    {
      request_id: Type.String({ minLength: 1 }),
      data: Type.Array(taskListItemSchema(profile)),
      total: Type.Integer({ minimum: 0, description: 'Tasks that match, over all pages.' }),
      total_page: Type.Integer({ minimum: 0 }),
      page_no: Type.Integer({ minimum: 1 }),
      page_size: Type.Integer({ minimum: 1 }),
    },
    { title: 'TaskListResponse', description: 'A page of the account’s tasks, newest first.' },
  );
}
export type TaskListResponse = Static<ReturnType<typeof taskListResponseSchema>>;
