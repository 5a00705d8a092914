/**
 * `wan-video-contract/schemas`: the TypeBox schemas of the contract and the ajv validators compiled from them.
 */
export * from './contract/schemas/common.js';
export * from './contract/schemas/error.js';
export * from './contract/schemas/submit.js';
export * from './contract/schemas/task.js';
export * from './contract/schemas/task-log.js';
export { validateSubmitRequest, type ValidateOptions } from './validate/submit.js';
export {
  validateTaskResponse,
  validateSubmitResponse,
  validateErrorBody,
  type TaskValidateOptions,
} from './validate/task.js';
export type { ValidationIssue, ValidationResult } from './validate/result.js';
