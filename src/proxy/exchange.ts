import { GATEWAY_ERROR_CODES, type GatewayErrorCode } from '../contract/error-codes.js';
import type { EventEmitter } from 'node:events';
import type { LimitedBody } from '../http/body.js';

/**
 * Tells that the client went away, as undici reads a request's signal: a Web `AbortSignal`, or an emitter of
 * `abort` with an `aborted` flag (see {@link ClientGone}), which costs far less per request.
 */
export type ClientSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

/** Request headers: lower-case names, as `node:http` gives them. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** One client request as the proxy sees it, whatever server carried it (Web `Request` or `node:http`). */
export interface ProxyExchange {
  readonly method: string;
  /** The request target: path and query, percent-encoding kept. */
  readonly target: string;
  readonly headers: HeaderMap;
  /** The body, read up to `limit` bytes; `TOO_LARGE` as soon as it passes it. */
  readBody(limit: number): Promise<LimitedBody>;
  /** Aborts when the client goes away: the upstream request is aborted with it. */
  readonly signal: ClientSignal;
}

/** The proxy's answer before it becomes a Web `Response` or a Node response. */
export interface ProxyReply {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Uint8Array | string | null;
}

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, plus the legacy `keep-alive` and `proxy-connection`): they describe one
 * connection and are never forwarded. `host` and `content-length` are set anew for the other side.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/** The headers to pass on: hop-by-hop ones dropped, and any the `Connection` header names. */
export function endToEndHeaders(headers: HeaderMap): Record<string, string | string[]> {
  const connection = headers.connection;
  const named =
    connection === undefined
      ? undefined
      : new Set(
          (Array.isArray(connection) ? connection.join(',') : connection).split(',').map((n) => n.trim().toLowerCase()),
        );
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || named?.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** A header as one string. */
export function headerOf(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A fresh request id, in the official form (a UUID). */
export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

/** The contract's error body as an answer of the proxy itself. */
export function errorReply(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): ProxyReply {
  const requestId = newRequestId();
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify({ request_id: requestId, code, message }),
  };
}

/** The error answer for a failure of the upstream, with the status its code carries (502 or 504). */
export function gatewayReply(code: GatewayErrorCode, message: string): ProxyReply {
  return errorReply(GATEWAY_ERROR_CODES[code], code, message);
}
