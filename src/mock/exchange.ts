import type { LimitedBody } from '../http/body.js';
import { MockHttpError } from './reply.js';
import type { RawHeaders } from './request-log.js';

/** One request as the mock's dispatcher sees it, whatever server carried it (Web `Request` or `node:http`). */
export interface MockExchange {
  readonly method: string;
  /** The path, without the query string, percent-encoding kept. */
  readonly path: string;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** The body, read up to `limit` bytes; `TOO_LARGE` as soon as it passes the limit. */
  readBody(limit: number): Promise<LimitedBody>;
  /** `scheme://host[:port]` the client reached, for the video URLs when no `publicBaseUrl` is set. */
  readonly origin: string;
  /** The peer's IP address, when the server carrying the request knows it (undefined: an in-process call). */
  readonly remoteAddress?: string | undefined;
  /** Every request header as sent, for the request log (read only when the request is kept). */
  allHeaders(): RawHeaders;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses a JSON request body, or throws the 400 the contract gives for a body that is not JSON. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0)
    throw new MockHttpError(
      400,
      'InvalidParameter',
      'the request body is empty: send a JSON object with model, input and parameters',
    );
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new MockHttpError(400, 'InvalidParameter', 'the request body is not valid UTF-8: send JSON encoded as UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // A RangeError here is a body nested too deeply for the parser: still the client's malformed JSON.
    const reason = error instanceof Error ? error.message : String(error);
    throw new MockHttpError(400, 'InvalidParameter', `the request body is not valid JSON: ${reason.slice(0, 200)}`);
  }
}

/** True for a JSON media type: `application/json`, with parameters, or a `+json` suffix. */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
