/**
 * `wan-video-contract/schemas`: the TypeBox schemas of the contract and the ajv validators compiled from them.
 */
export * from './contract/schemas/common.js';
export * from './contract/schemas/error.js';
export * from './contract/schemas/submit.js';
export * from './contract/schemas/task.js';
export * from './contract/schemas/task-log.js';
export * from './contract/schemas/task-list.js';
export { validateSubmitRequest, type ValidateOptions } from './validate/submit.js';
export {
  validateTaskResponse,
  validateSubmitResponse,
  validateErrorBody,
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
