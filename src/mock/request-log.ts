import { REDACTED, redactHeaders, redactText } from '../client/redact.js';
import type { MockRequestLog } from './options.js';

/** One request the mock answered, as the admin surface shows it: secrets redacted. */
export interface MockRequestRecord extends MockRequestLog {
  /** When it arrived, on the mock's clock (ISO 8601). */
  readonly at: string;
  /** The query string, without its `?` ('' when none). */
  readonly query: string;
  /** The request headers, lower-case names; `Authorization` and the admin token masked, keys removed elsewhere. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, cut to {@link BODY_SHOWN} bytes, when one was read (submits). */
  readonly body?: string;
  /** The body's full size in bytes, when one was read. */
  readonly bodyBytes?: number;
}

/** How many bytes of a request body the log keeps. */
export const BODY_SHOWN = 4096;

/** The admin token header (an alternative to `Authorization: Bearer TOKEN` on `/__mock/`). */
export const ADMIN_TOKEN_HEADER = 'X-Mock-Admin-Token';

/** A header set as the adapters give it (Node joins repeated headers into arrays). */
export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

interface Kept {
  readonly entry: MockRequestLog;
  readonly at: number;
  readonly query: URLSearchParams;
  readonly headers: RawHeaders;
  readonly body: Uint8Array | undefined;
  readonly bodyBytes: number;
}

const BEARER = /^bearer\s+(\S.*)$/i;
const text = new TextDecoder('utf-8', { fatal: false });

/**
 * The last requests, in a ring of fixed size. Entries are kept as they arrived and redacted when read: the hot path
 * pays for a reference and a small body copy, never for redaction.
 */
export class RequestLog {
  #ring: (Kept | undefined)[];
  #next = 0;
  #count = 0;

  constructor(readonly size: number) {
    this.#ring = new Array<Kept | undefined>(size);
  }

  /** Keeps one request; the body is copied (at most {@link BODY_SHOWN} bytes) so no large buffer stays alive. */
  add(
    entry: MockRequestLog,
    at: number,
    query: URLSearchParams,
    headers: RawHeaders,
    body: Uint8Array | undefined,
  ): void {
    if (this.size === 0) return;
    this.#ring[this.#next] = {
      entry,
      at,
      query,
      headers,
      body: body === undefined ? undefined : body.slice(0, BODY_SHOWN),
      bodyBytes: body?.byteLength ?? 0,
    };
    this.#next = (this.#next + 1) % this.size;
    this.#count = Math.min(this.#count + 1, this.size);
  }

  clear(): void {
    this.#ring = new Array<Kept | undefined>(this.size);
    this.#next = 0;
    this.#count = 0;
  }

  /**
   * The last `limit` requests, oldest first, redacted: every bearer key any of them sent, the configured key and
   * the admin token are removed from headers, path, query and body (`src/client/redact.ts`).
   */
  read(limit: number, secrets: readonly string[]): MockRequestRecord[] {
    const n = Math.min(limit, this.#count);
    const kept: Kept[] = [];
    for (let i = n; i >= 1; i--) kept.push(this.#ring[(this.#next - i + this.size) % this.size] as Kept);
    const all = new Set(secrets);
    for (const k of kept) {
      const key = BEARER.exec(flat(k.headers.authorization) ?? '')?.[1]?.trim();
      if (key) all.add(key);
      const token = flat(k.headers[ADMIN_TOKEN_HEADER.toLowerCase()]);
      if (token) all.add(token);
    }
    const list = [...all].filter((s) => s.length > 0);
    return kept.map((k) => record(k, list));
  }
}

function flat(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.join(', ');
}

function record(kept: Kept, secrets: readonly string[]): MockRequestRecord {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(kept.headers)) {
    const joined = flat(value);
    if (joined !== undefined) plain[name] = joined;
  }
  const headers = redactHeaders(plain, secrets);
  // The admin token is a secret whatever its length, and in whichever header it came.
  const admin = ADMIN_TOKEN_HEADER.toLowerCase();
  if (headers[admin] !== undefined) headers[admin] = REDACTED;
  const { entry } = kept;
  return {
    ...entry,
    path: redactText(entry.path, secrets),
    at: new Date(kept.at).toISOString(),
    query: redactText(kept.query.toString(), secrets),
    headers,
    ...(kept.body === undefined
      ? {}
      : { body: redactText(text.decode(kept.body), secrets), bodyBytes: kept.bodyBytes }),
  };
}
