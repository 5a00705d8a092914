/**
 * `wan-video-contract/schemas`: the TypeBox schemas of the contract, the static types of every request and answer,
 * and the ajv validators compiled from them.
 * @example
 * import { validateSubmitRequest } from 'wan-video-contract/schemas';
 * const result = validateSubmitRequest(body, { profile: 'dashscope' });
 */
export { ErrorBody } from './contract/schemas/error.js';
export { CancelResponse } from './contract/schemas/cancel.js';
export { responseSchemaOf } from './contract/schemas/responses.js';
export {
  ASYNC_HEADER,
  SubmitResponse,
  submitRequestSchema,
  type SubmitInput,
  type SubmitParameters,
  type SubmitRequest,
} from './contract/schemas/submit.js';
export {
  TaskUsage,
  VideoUrl,
  taskResponseSchema,
  videoUrlOf,
  type TaskOutput,
  type TaskResponse,
} from './contract/schemas/task.js';
export { TaskLogRecord, TaskLogFragment, TaskObservation } from './contract/schemas/task-log.js';
export { TASK_TABLE_COLUMNS, TaskTableRow, type TaskTableColumn } from './contract/schemas/task-table.js';
export { taskListResponseSchema, type TaskListResponse } from './contract/schemas/task-list.js';
export { validateSubmitRequest, type ValidateOptions } from './validate/submit.js';
export {
  validateCancelResponse,
  validateErrorBody,
  validateSubmitResponse,
  validateTaskResponse,
  type TaskValidateOptions,
} from './validate/task.js';
export { validateTaskListResponse } from './validate/task-list.js';
export type { ValidationIssue, ValidationResult } from './validate/result.js';
/**
 * TypeBox's `Static` and `TSchema`, as the schemas above use them. Import them from here rather than from
 * `@sinclair/typebox`: TypeBox ships separate CommonJS and ESM typings, so in a `.cts` file its own `Static`
 * rejects these (ESM-typed) schemas; this one fits under both module systems.
 */
export type { Static, TSchema } from '@sinclair/typebox';
