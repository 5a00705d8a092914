import type { Exchange, ExchangeError } from '../client/exchange.js';
import { digestLarge } from '../rules/digest.js';
import type { ProxyExchange } from './exchange.js';
import type { UpstreamAnswer, UpstreamFailure } from './forward.js';
import type { RequestCheck } from './request-check.js';
import type { ProxyRoute } from './route.js';
import type { Finding } from './write.js';

/** One request on its way through the proxy's steps (route → check → forward → observe → answer). */
export interface Pending {
  readonly exchange: ProxyExchange;
  readonly route: ProxyRoute;
  /** Path and query as the client sent them. */
  readonly target: string;
  readonly bytes: Uint8Array;
  readonly now: number;
  readonly seq: number;
  readonly tenant: string;
  /** The client's key and the configured secrets: kept out of every line written about this request. */
  readonly secrets: readonly string[];
  readonly checked: RequestCheck;
  readonly taskId: string | undefined;
  /** The request body as the judge and the violation lines show it (large strings as digests). */
  readonly shownBody: unknown;
  readonly findings: Finding[];
}

/** The request body as shown in an exchange: parsed JSON with large strings digested, else a bounded text. */
export function shownBodyOf(route: ProxyRoute, checked: RequestCheck, bytes: Uint8Array): unknown {
  if (checked.body !== undefined) return digestLarge(checked.body);
  if (route.operation !== 'submit') return undefined;
  return utf8.decode(bytes.subarray(0, 2_000));
}

const utf8 = new TextDecoder('utf-8');

/** The exchange the judge reads for a pending request and its answer (or failure). */
export function exchangeOf(p: Pending, response?: Exchange['response'], error?: ExchangeError): Exchange {
  return {
    seq: p.seq,
    operation: p.route.operation === 'other' ? 'getTask' : p.route.operation,
    request: {
      method: p.exchange.method,
      url: p.target,
      headers: {},
      ...(p.shownBody !== undefined ? { body: p.shownBody } : {}),
    },
    ...(response ? { response } : {}),
    ...(error ? { error } : {}),
    startedAt: new Date(p.now).toISOString(),
    durationMs: 0,
    curl: '',
  };
}

/** An upstream failure as the typed cause of an exchange with no answer. */
export function exchangeErrorOf(sent: UpstreamFailure): ExchangeError {
  return { kind: sent.kind === 'timeout' ? 'timeout' : 'transport', message: sent.message };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isJsonType(type: string | undefined): boolean {
  if (type === undefined) return false;
  // The common case first, without splitting or lower-casing.
  if (type.startsWith('application/json')) return true;
  const media = type.split(';', 1)[0]!.trim().toLowerCase();
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

/** The answer as the judge reads it: JSON parsed when it is JSON, else the first characters of its text. */
export function recordedAnswer(answer: UpstreamAnswer): NonNullable<Exchange['response']> {
  const type = firstHeader(answer.headers['content-type']);
  const text = utf8.decode(answer.body);
  let body: unknown;
  if (isJsonType(type) || text.startsWith('{')) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = undefined;
    }
  }
  return {
    status: answer.status,
    headers: type ? { 'content-type': type } : {},
    ...(body !== undefined ? { body } : { text: text.slice(0, 2_000) }),
    bytes: answer.body.byteLength,
  };
}

/** The content type of an answer, for a message. */
export function contentTypeOf(answer: UpstreamAnswer): string {
  return firstHeader(answer.headers['content-type']) ?? 'no content type';
}
