import { ASYNC_HEADER } from '../contract/schemas/submit.js';
import { SCENARIO_HEADER } from './faults/table.js';

/**
 * CORS on every answer of the API and the videos, so that a browser app on any origin can call the mock. Keys are
 * sent in `Authorization`, never as cookies, so `*` is enough: no credentials mode is needed (Fetch standard, CORS
 * protocol). The admin surface gets none of this.
 */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  // What a browser client reads besides the body (Content-Type and Content-Length are readable anyway): the
  // request id and when to retry. Kept short: it goes out on every answer.
  'access-control-expose-headers': 'x-request-id, retry-after',
} as const;

/** {@link CORS_HEADERS} for a video, whose range headers a player reads too. */
export const VIDEO_CORS_HEADERS = {
  ...CORS_HEADERS,
  'access-control-expose-headers': 'x-request-id, content-range, accept-ranges',
} as const;

/** The request headers a preflight allows: those the contract, the official SDKs and the mock's faults use. */
export function corsAllowedHeaders(): readonly string[] {
  return [
    'Authorization',
    'Content-Type',
    ASYNC_HEADER.name,
    SCENARIO_HEADER,
    'X-DashScope-OssResourceResolve',
    'X-DashScope-DataInspection',
    'Range',
  ];
}
