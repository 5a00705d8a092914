import { randomUUID } from 'node:crypto';
import { PROFILES, type ProfileId } from '../contract/profiles.js';
import { createMockHandler } from '../mock/index.js';
import type { MockOptions } from '../mock/options.js';

/** An origin that never resolves (RFC 2606 `.invalid`): requests to it go to the in-process handler only. */
export const EMBEDDED_ORIGIN = 'http://embedded-mock.invalid';

/** A `fetch` that hands every request to a Web handler in-process, with no port and no network. */
export function handlerFetch(handler: (req: Request) => Promise<Response>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (request.signal.aborted) throw request.signal.reason;
    return handler(request);
  }) as typeof fetch;
}

/** The embedded mock as a conformance target: zero task latency, an exact key, no port. */
export function embeddedTarget(
  profile: ProfileId,
  options: MockOptions = {},
): { baseUrl: string; apiKey: string; fetch: typeof fetch } {
  const apiKey = options.apiKey ?? `sk-embedded-${randomUUID()}`;
  const handler = createMockHandler({ pendingMs: 0, runningMs: 0, ...options, apiKey });
  return { baseUrl: `${EMBEDDED_ORIGIN}${PROFILES[profile].basePath}`, apiKey, fetch: handlerFetch(handler) };
}
