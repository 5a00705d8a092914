import type { IncomingMessage } from 'node:http';

/*
 * Reading a request body under a size limit, for the servers of this package (the mock and the proxy), whichever
 * server carries the request: a Web `Request` or `node:http`. Nothing past the limit is buffered.
 */

/** Marks a body that passed the size limit while it was read (or whose client left before it ended). */
export const TOO_LARGE = Symbol('too-large');

/** A body read under a limit: its bytes, or {@link TOO_LARGE}. */
export type LimitedBody = Uint8Array | typeof TOO_LARGE;

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

/** Reads a Web stream up to `limit` bytes, cancelling it as soon as it passes the limit. */
export async function readStreamLimited(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<LimitedBody> {
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

/** A Web request's body up to `limit` bytes; a declared length over the limit is refused before reading. */
export async function readRequestLimited(request: Request, limit: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    return TOO_LARGE;
  }
  return readStreamLimited(request.body, limit);
}

/** A `node:http` request's body up to `limit` bytes: it stops buffering as soon as the limit is passed. */
export function readIncomingLimited(req: IncomingMessage, limit: number): Promise<LimitedBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(TOO_LARGE);
  if ((req.method === 'GET' || req.method === 'HEAD') && (!Number.isFinite(declared) || declared === 0)) {
    // Nothing to wait for on a bodiless request: resume so the parser moves on.
    req.resume();
    return Promise.resolve(new Uint8Array(0));
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const done = (value: LimitedBody) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        // Stop buffering at once; the answer closes the connection.
        req.pause();
        done(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(concat(chunks, size));
    const onError = () => done(TOO_LARGE);
    // A client that leaves mid-body: nothing is acted on, and the request does not hang in flight.
    const onClose = () => done(TOO_LARGE);
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
