import type { CaseDefinition } from '../conformance/case.js';
import { createProxyCore, type ProxyCore } from './core.js';
import { concat, TOO_LARGE, type ProxyExchange, type ProxyReply } from './exchange.js';
import type { ProxyOptions } from './options.js';

/** A Web-standard request handler. */
export type ProxyHandler = (request: Request) => Promise<Response>;

async function readLimited(request: Request, limit: number): Promise<Uint8Array | typeof TOO_LARGE> {
  const declared = Number(request.headers.get('content-length'));
  if (!request.body) return new Uint8Array(0);
  if (Number.isFinite(declared) && declared > limit) {
    await request.body.cancel().catch(() => undefined);
    return TOO_LARGE;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

function exchangeOf(request: Request): ProxyExchange {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: request.method.toUpperCase(),
    target: `${url.pathname}${url.search}`,
    headers,
    readBody: (limit) => readLimited(request, limit),
    signal: request.signal,
  };
}

/** A Web `Response` of a reply. */
export function toResponse(reply: ProxyReply): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers))
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  const body = reply.body === null ? null : typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body);
  return new Response(reply.status === 204 || reply.status === 304 ? null : body, { status: reply.status, headers });
}

/** The handler over an existing core (the Node adapter shares one core with it). */
export function proxyHandlerOf(core: ProxyCore): ProxyHandler {
  return async (request) => toResponse(await core.handle(exchangeOf(request)));
}

/**
 * The validating proxy as a Web-standard handler: forwards the profile's paths to the upstream and checks every
 * exchange against the contract. Records and violations go to `onRecord` / `onViolation`.
 * @example
 * const handle = createProxyHandler({ upstream: 'http://127.0.0.1:4010/api/v1', onViolation: (line) => lines.push(line) });
 * const res = await handle(new Request('http://proxy.test/api/v1/tasks/abc', { headers: { authorization: 'Bearer k' } }));
 * res.headers.get('x-contract-violations'); // '0'
 */
export function createProxyHandler(options: ProxyOptions, cases?: readonly CaseDefinition[]): ProxyHandler {
  return proxyHandlerOf(createProxyCore(options, cases));
}
