export {
  createClient,
  type Client,
  type ClientOptions,
  type RawRequest,
  type Auth,
  type PollEvent,
  type WaitOptions,
} from './client.js';
export { taskListQuery, type TaskListFilter } from './list.js';
export { ApiError, ContractError, TimeoutError, TransportError, WanClientError } from './errors.js';
export {
  adaptivePollSchedule,
  officialPollSchedule,
  toPollSchedule,
  retryAfterMs,
  realSleep,
  type PollContext,
  type PollSchedule,
} from './schedule.js';
export { redactText, redactValue, scrub, REDACTED } from './redact.js';
export type { Answer } from './transport.js';
export type { Exchange, ExchangeError, RecordedRequest, RecordedResponse } from './exchange.js';
