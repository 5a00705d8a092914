import { CORS_HEADERS, corsAllowedHeaders } from './cors.js';
import type { MockReply } from './reply.js';

// A day: browsers cap it lower (Chromium at two hours), and the mock's routes never change while it runs.
const MAX_AGE_SECONDS = 86_400;

/** The 204 answer to a CORS preflight (`OPTIONS`) of a path that answers `allow`. */
export function preflightReply(allow: readonly string[], requestId: string): MockReply {
  const methods = [...allow, 'OPTIONS'].join(', ');
  return {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'access-control-allow-methods': methods,
      'access-control-allow-headers': corsAllowedHeaders().join(', '),
      'access-control-max-age': String(MAX_AGE_SECONDS),
      allow: methods,
      'x-request-id': requestId,
    },
    body: null,
    requestId,
  };
}
