/**
 * `wan-video-contract/registry`: the models, capabilities, profiles, statuses and exact prices.
 * Pure data and arithmetic: importing it loads neither ajv nor the mock.
 */
export * from './contract/index.js';
export * from './pricing/index.js';
export {
  ERROR_CODES,
  GATEWAY_ERROR_CODES,
  isOfficialErrorCode,
  statusesOfCode,
  type ErrorCode,
  type GatewayErrorCode,
} from './contract/error-codes.js';
export type { SubmitRequest, SubmitInput, SubmitParameters, SubmitResponse } from './contract/schemas/submit.js';
export type { TaskResponse, TaskOutput, TaskUsage } from './contract/schemas/task.js';
export type { ErrorBody } from './contract/schemas/error.js';
