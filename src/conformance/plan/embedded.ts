import { randomUUID } from 'node:crypto';
import { PROFILES, type ProfileId } from '../../contract/profiles.js';
import { createMockHandler } from '../../mock/index.js';
import type { MockOptions } from '../../mock/options.js';
import type { EmbeddedTarget } from './target.js';

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

/**
 * Any Web handler (a wrapped or deliberately broken mock, say) as a free in-process target of a profile; with
 * `apiKey2`, a key of a second account the handler accepts, the cross-account cases run too.
 * @example
 * const target = handlerTarget('dashscope', createMockHandler({ apiKey: 'sk-test' }), 'sk-test');
 */
export function handlerTarget(
  profile: ProfileId,
  handler: (req: Request) => Promise<Response>,
  apiKey: string,
  apiKey2?: string,
): EmbeddedTarget {
  return {
    kind: 'embedded-mock',
    profile,
    baseUrl: `${EMBEDDED_ORIGIN}${PROFILES[profile].basePath}`,
    apiKey,
    ...(apiKey2 === undefined ? {} : { apiKey2 }),
    fetch: handlerFetch(handler),
  };
}

/**
 * The embedded mock as a conformance target: zero task latency, an exact key and a second account's key (so the
 * cross-account cases run), no port, no cost.
 * @example
 * const report = await runConformance(embeddedTarget('crazyrouter'));
 */
export function embeddedTarget(profile: ProfileId, options: MockOptions = {}): EmbeddedTarget {
  const apiKey = options.apiKey ?? `sk-embedded-${randomUUID()}`;
  const apiKey2 = `sk-embedded-other-account-${randomUUID()}`;
  const apiKeys = [...(options.apiKeys ?? []), apiKey2];
  return handlerTarget(
    profile,
    createMockHandler({ pendingMs: 0, runningMs: 0, ...options, apiKey, apiKeys }),
    apiKey,
    apiKey2,
  );
}
