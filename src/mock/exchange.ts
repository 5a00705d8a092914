import { MockHttpError } from './reply.js';

/** Marks a body that passed the size limit while it was read. */
export const TOO_LARGE = Symbol('too-large');

/** One request as the mock's dispatcher sees it, whatever server carried it (Web `Request` or `node:http`). */
export interface MockExchange {
  readonly method: string;
  /** The path, without the query string, percent-encoding kept. */
  readonly path: string;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** The body, read up to `limit` bytes; {@link TOO_LARGE} as soon as it passes the limit. */
  readBody(limit: number): Promise<Uint8Array | typeof TOO_LARGE>;
  /** `scheme://host[:port]` the client reached, for the video URLs when no `publicBaseUrl` is set. */
  readonly origin: string;
}

/** Reads a Web stream up to `limit` bytes, cancelling it as soon as it passes the limit. */
export async function readStreamLimited(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | typeof TOO_LARGE> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
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

/** Joins chunks into one array. */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
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
