/**
 * `wan-video-contract/client`: a typed client of any Wan video target (submit, query, wait, cancel), with the
 * official poll schedule, Retry-After, deadlines and contract validation of every answer.
 * @example
 * import { createClient } from 'wan-video-contract/client';
 * const client = createClient({ baseUrl: 'http://127.0.0.1:4010/alibailian/api/v1', apiKey: process.env.WAN_API_KEY });
 */
export {
  createClient,
  type Auth,
  type Client,
  type ClientOptions,
  type PollEvent,
  type RawRequest,
  type WaitOptions,
} from './client/client.js';
export { ApiError, ContractError, TimeoutError, TransportError, WanClientError } from './client/errors.js';
export { adaptivePollSchedule, officialPollSchedule, type PollContext, type PollSchedule } from './client/schedule.js';
export type { Answer } from './client/transport.js';
export type { Exchange, ExchangeError, RecordedRequest, RecordedResponse } from './client/exchange.js';
export { taskListQuery, type TaskListFilter } from './client/list.js';
