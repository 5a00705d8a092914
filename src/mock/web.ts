import { createMockCore, type MockCore } from './core.js';
import { readRequestLimited } from '../http/body.js';
import type { MockExchange } from './exchange.js';
import type { MockOptions } from './options.js';
import type { MockReply } from './reply.js';
import type { MockAdmin } from './admin.js';

/** What the server carrying a request knows besides it (e.g. Deno's `info.remoteAddr.hostname`). */
export interface MockRequestInfo {
  /** The peer's IP address; the admin surface answers loopback peers only. Without it, the call is in-process. */
  readonly remoteAddress?: string;
}

/**
 * A Web-standard request handler: runs in Node, Deno, Bun, workers, or a `fetch` stub in tests; `admin` drives the
 * same mock in-process (tasks, forced statuses, the clock, the request log).
 */
export type MockHandler = ((request: Request, info?: MockRequestInfo) => Promise<Response>) & {
  readonly admin: MockAdmin;
};

function exchangeOf(request: Request, info: MockRequestInfo | undefined): MockExchange {
  const url = new URL(request.url);
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    origin: url.origin,
    remoteAddress: info?.remoteAddress,
    header: (name) => request.headers.get(name) ?? undefined,
    allHeaders: () => Object.fromEntries(request.headers),
    readBody: (limit) => readRequestLimited(request, limit),
  };
}

/** A Web `Response` of a reply; a reset connection rejects as `fetch` does when a server hangs up. */
export function toResponse(reply: MockReply): Response {
  if (reply.reset) {
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET (the mock reset the connection)'), { code: 'ECONNRESET' }),
    });
  }
  const body = reply.body === null ? null : typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body);
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/** The handler over an existing core (the Node adapter shares one core with it). */
export function handlerOf(core: MockCore): MockHandler {
  const handler = async (request: Request, info?: MockRequestInfo) =>
    toResponse(await core.handle(exchangeOf(request, info)));
  return Object.assign(handler, { admin: core.admin });
}

/**
 * The stateful reference mock as a Web-standard handler, serving both profiles at once: `crazyrouter` under
 * `/alibailian/api/v1`, `dashscope` under `/api/v1`, and the videos under `/mock-artifacts/`.
 * @example
 * const handle = createMockHandler({ pendingMs: 0, runningMs: 0 });
 * const res = await handle(new Request('http://mock.test/alibailian/api/v1/tasks/abc', { headers: { authorization: 'Bearer k' } }));
 * (await res.json()).output.task_status // 'UNKNOWN'
 * handle.admin.tasks() // [] : the admin surface, in-process
 */
export function createMockHandler(options: MockOptions = {}): MockHandler {
  return handlerOf(createMockCore(options));
}
