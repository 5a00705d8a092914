import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Writes a whole answer on `node:http`. With a body, it sets `Content-Length`: `writeHead` fixes the framing at
 * once, so without it Node would frame the body in chunks, a second write per answer and chunk markers on the wire.
 */
export function sendWhole(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Uint8Array | string | null,
): void {
  if (body === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { ...headers, 'content-length': length });
  res.end(body);
}
