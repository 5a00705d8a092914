import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Listens on `host:port` (port 0: a free one) and gives the server's origin, `http://host:port`. */
export async function listen(server: Server, port: number, host: string): Promise<{ origin: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { origin: `http://${shownHost}:${address.port}`, port: address.port };
}

/**
 * A malformed request line or header never reaches a handler: `node:http` reports it as a `clientError`. This
 * answers it with the contract's 400 error body, built by `errorBody`, and closes the connection.
 */
export function answerMalformedRequests(
  server: Server,
  errorBody: (message: string) => { readonly body: string; readonly requestId: string },
): void {
  server.on('clientError', (error, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const { body, requestId } = errorBody(
      `malformed HTTP request: ${(error as NodeJS.ErrnoException).code ?? 'parse error'}`,
    );
    const bytes = Buffer.from(body);
    const head = [
      'HTTP/1.1 400 Bad Request',
      'content-type: application/json',
      `x-request-id: ${requestId}`,
      `content-length: ${bytes.byteLength}`,
      'connection: close',
    ];
    socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), bytes]));
  });
}
