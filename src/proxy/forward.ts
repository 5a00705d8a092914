import { Agent, errors, type Dispatcher } from 'undici';
import { concat, TOO_LARGE } from '../http/body.js';
import { endToEndHeaders, type ClientSignal, type HeaderMap } from './exchange.js';

/** What the upstream answered, its body read in full (up to the limit). */
export interface UpstreamAnswer {
  readonly kind: 'answer';
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Uint8Array;
  readonly ms: number;
}

/** Why there is no answer: the upstream failed, took too long, sent too much, or the client left. */
export interface UpstreamFailure {
  readonly kind: 'unavailable' | 'timeout' | 'too-large' | 'client-gone';
  readonly message: string;
  readonly ms: number;
}

/** One request to the upstream. */
export interface UpstreamRequest {
  readonly method: string;
  /** Path and query on the upstream origin. */
  readonly path: string;
  readonly headers: HeaderMap;
  readonly body: Uint8Array | null;
  /** The client's signal: aborting it aborts the upstream request. */
  readonly signal: ClientSignal;
}

/** Sends requests to one upstream origin over pooled keep-alive connections (undici). */
export class Forwarder {
  readonly #agent: Agent;
  readonly #origin: string;

  constructor(
    origin: string,
    connections: number,
    private readonly timeoutMs: number,
    private readonly maxBodyBytes: number,
  ) {
    this.#origin = origin;
    this.#agent = new Agent({ connections, keepAliveTimeout: 4_000, pipelining: 1 });
  }

  /**
   * Forwards one request; never throws. The deadline holds for the answer's headers and again for every pause in
   * its body (undici's own timers: no timer or signal of ours per request).
   */
  async send(request: UpstreamRequest): Promise<UpstreamAnswer | UpstreamFailure> {
    const started = performance.now();
    const ms = () => performance.now() - started;
    if (request.signal.aborted) return { kind: 'client-gone', message: 'the client went away', ms: 0 };
    try {
      const response: Dispatcher.ResponseData = await this.#agent.request({
        origin: this.#origin,
        method: request.method as Dispatcher.HttpMethod,
        path: request.path,
        headers: endToEndHeaders(request.headers),
        body: request.body && request.body.byteLength > 0 ? request.body : null,
        signal: request.signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.maxBodyBytes) {
        response.body.destroy();
        return this.#tooLarge(ms());
      }
      // A declared length within the bound is read in one go; otherwise chunk by chunk, stopping at the bound.
      const body =
        response.headers['content-length'] !== undefined && Number.isFinite(declared)
          ? new Uint8Array(await response.body.arrayBuffer())
          : await readLimited(response.body, this.maxBodyBytes);
      if (body === TOO_LARGE) return this.#tooLarge(ms());
      return {
        kind: 'answer',
        status: response.statusCode,
        headers: endToEndHeaders(response.headers as HeaderMap),
        body,
        ms: ms(),
      };
    } catch (error) {
      if (request.signal.aborted) return { kind: 'client-gone', message: 'the client went away', ms: ms() };
      if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError)
        return { kind: 'timeout', message: `the upstream did not answer within ${this.timeoutMs} ms`, ms: ms() };
      return { kind: 'unavailable', message: `the upstream failed: ${describe(error)}`, ms: ms() };
    }
  }

  #tooLarge(ms: number): UpstreamFailure {
    return { kind: 'too-large', message: `the upstream's answer is larger than ${this.maxBodyBytes} bytes`, ms };
  }

  /** Closes the pooled connections once their requests are done. */
  close(): Promise<void> {
    return this.#agent.close();
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  const detail = typeof code === 'string' ? code : typeof cause?.code === 'string' ? cause.code : undefined;
  return detail && !message.includes(detail) ? `${detail} (${message})` : message;
}

async function readLimited(
  body: AsyncIterable<Uint8Array> & { destroy(): void },
  limit: number,
): Promise<Uint8Array | typeof TOO_LARGE> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      body.destroy();
      return TOO_LARGE;
    }
    chunks.push(chunk);
  }
  return concat(chunks, size);
}
