import type { Exchange, ExchangeError, RecordedResponse } from './exchange.js';
import { TimeoutError, TransportError } from './errors.js';
import { curlOf, holdsSecret, redactHeaders, redactText, redactValue } from './redact.js';

/** One request to send. */
export interface OutgoingRequest {
  readonly operation: Exchange['operation'];
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The body text, exactly as sent (malformed JSON included). */
  readonly body?: string;
  /** Read the answer as bytes (video downloads) instead of text. */
  readonly binary?: boolean;
  /** For a binary read: stop reading after this many bytes and cancel the rest of the body. */
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

/** An answer, read in full, with the redacted exchange that records it. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The body text (empty for binary reads). */
  readonly text: string;
  /** The first bytes of a binary body (up to 64). */
  readonly head: Uint8Array;
  /** The bytes read of a binary body with `maxBytes` (at most that many). */
  readonly data?: Uint8Array;
  /** Bytes read of the body (for a capped binary read, at most `maxBytes`). */
  readonly bytes: number;
  /** Whether the body parsed as JSON, and the value. */
  readonly isJson: boolean;
  readonly json: unknown;
  readonly exchange: Exchange;
}

/** What the transport needs from the client. */
export interface TransportOptions {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly requestTimeoutMs: number;
  readonly secrets: readonly string[];
  readonly onExchange?: ((exchange: Exchange) => void) | undefined;
  readonly nextSeq: () => number;
}

const TEXT_LIMIT = 2_000;

function headersObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

function parseJson(text: string): { isJson: boolean; json: unknown } {
  if (text.trim() === '') return { isJson: false, json: undefined };
  try {
    return { isJson: true, json: JSON.parse(text) as unknown };
  } catch {
    return { isJson: false, json: undefined };
  }
}

/** The request as an exchange records it: URL, headers and body with every secret redacted. */
function recordedRequest(request: OutgoingRequest, secrets: readonly string[]): Exchange['request'] {
  const sentBody = request.body === undefined ? undefined : parseJson(request.body);
  return {
    method: request.method,
    url: redactText(request.url, secrets),
    headers: redactHeaders(request.headers, secrets),
    ...(request.body === undefined
      ? {}
      : {
          body: sentBody?.isJson ? cleanJson(sentBody.json, request.body, secrets) : redactText(request.body, secrets),
        }),
  };
}

/** An answer's body, read whole (text), whole (binary) or up to the request's byte cap. */
async function readBody(
  response: Response,
  request: OutgoingRequest,
): Promise<{ text: string; head: Uint8Array; bytes: number; data?: Uint8Array }> {
  if (request.binary && request.maxBytes !== undefined) {
    const data = await readCapped(response, request.maxBytes);
    return { text: '', head: data.slice(0, 64), bytes: data.byteLength, data };
  }
  if (request.binary) {
    const buffer = new Uint8Array(await response.arrayBuffer());
    return { text: '', head: buffer.slice(0, 64), bytes: buffer.byteLength };
  }
  const text = await response.text();
  return { text, head: new Uint8Array(0), bytes: Buffer.byteLength(text) };
}

/** Why a request got no answer, as the message its error and its exchange carry. */
function failureMessage(request: OutgoingRequest, cause: unknown, timedOut: boolean, timeoutMs: number): string {
  const reason =
    cause instanceof Error
      ? `${cause.message}${cause.cause instanceof Error ? `: ${cause.cause.message}` : ''}`
      : String(cause);
  return timedOut
    ? `${request.method} ${request.url}: no answer within ${timeoutMs} ms`
    : `${request.method} ${request.url}: ${reason}`;
}

/** Sends one request with a timeout, reads the whole answer, records a redacted exchange. Never retries. */
export async function sendOnce(options: TransportOptions, request: OutgoingRequest): Promise<Answer> {
  const { secrets } = options;
  const seq = options.nextSeq();
  const started = options.now();
  const startedAt = new Date().toISOString();
  // One controller per request, linked to the caller's signal by hand: AbortSignal.any would leave a dependent
  // signal on the run's long-lived one for every request.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('request timeout')), options.requestTimeoutMs);
  const onAbort = () => timeout.abort(request.signal?.reason);
  if (request.signal?.aborted) onAbort();
  else request.signal?.addEventListener('abort', onAbort, { once: true });
  const recorded = recordedRequest(request, secrets);
  const curl = curlOf(request.method, request.url, request.headers, request.body, secrets);
  const record = (response: RecordedResponse | undefined, error?: ExchangeError): Exchange => {
    const exchange: Exchange = {
      seq,
      operation: request.operation,
      request: recorded,
      ...(response ? { response } : {}),
      ...(error === undefined ? {} : { error: { kind: error.kind, message: redactText(error.message, secrets) } }),
      startedAt,
      durationMs: Math.max(0, options.now() - started),
      curl,
    };
    options.onExchange?.(exchange);
    return exchange;
  };
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: timeout.signal,
      redirect: 'follow',
    });
    const { text, head, bytes, data } = await readBody(response, request);
    const { isJson, json } = request.binary ? { isJson: false, json: undefined } : parseJson(text);
    const exchange = record({
      status: response.status,
      headers: redactHeaders(headersObject(response.headers), secrets),
      ...(isJson
        ? { body: cleanJson(json, text, secrets) }
        : request.binary
          ? {}
          : { text: redactText(text.slice(0, TEXT_LIMIT), secrets) }),
      bytes,
    });
    return {
      status: response.status,
      headers: response.headers,
      text,
      head,
      ...(data ? { data } : {}),
      bytes,
      isJson,
      json,
      exchange,
    };
  } catch (cause) {
    const timedOut = timeout.signal.aborted && !request.signal?.aborted;
    const message = failureMessage(request, cause, timedOut, options.requestTimeoutMs);
    const exchange = record(undefined, { kind: timedOut ? 'timeout' : 'transport', message });
    if (timedOut)
      throw new TimeoutError('request', options.requestTimeoutMs, redactText(message, secrets), undefined, exchange);
    throw new TransportError(redactText(message, secrets), exchange, cause);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The first `maxBytes` bytes of a body, read chunk by chunk; the rest is cancelled unread, so a server that ignores
 * `Range` and sends a whole video costs no more than the cap.
 */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const out = new Uint8Array(maxBytes);
  let filled = 0;
  const reader = response.body?.getReader();
  if (!reader) return out.subarray(0, 0);
  try {
    while (filled < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, maxBytes - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, filled);
}

/**
 * A parsed body without secrets. A secret can only be in the value if it is in the text, or hidden behind a
 * `\u` escape, so the deep copy is made only then.
 */
function cleanJson(value: unknown, text: string, secrets: readonly string[]): unknown {
  if (!text.includes('\\u') && !secrets.some((secret) => holdsSecret(text, secret))) return value;
  return redactValue(value, secrets);
}
