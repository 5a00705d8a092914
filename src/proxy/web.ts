import type { CaseDefinition } from '../rules/case.js';
import { createProxyCore, type ProxyCore } from './core.js';
import { readRequestLimited } from '../http/body.js';
import type { ProxyExchange, ProxyReply } from './exchange.js';
import type { ProxyOptions } from './options.js';

/** A Web-standard request handler. */
export type ProxyHandler = (request: Request) => Promise<Response>;

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
    readBody: (limit) => readRequestLimited(request, limit),
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
