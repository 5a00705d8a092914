import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROFILES, PROFILE_IDS, type ProfileId } from '../../src/contract/profiles.js';
import { createMockHandler, type MockOptions } from '../../src/mock.js';

/** One request a client sent, as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text ('' when none). */
  readonly body: string;
  /** The status the mock answered. */
  readonly status: number;
}

/** The mock on a real port, recording every request it answers (method, path, headers, body). */
export interface RecordingMock {
  readonly url: string;
  readonly baseUrls: Readonly<Record<ProfileId, string>>;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

/** The profile whose base path a request path is under (longest base path first), or undefined. */
export function profileOfPath(path: string): ProfileId | undefined {
  return [...PROFILE_IDS]
    .sort((a, b) => PROFILES[b].basePath.length - PROFILES[a].basePath.length)
    .find((p) => path.startsWith(`${PROFILES[p].basePath}/`));
}

/** Starts the mock handler behind a recording `node:http` server on 127.0.0.1, port 0. */
export async function startRecordingMock(options: MockOptions): Promise<RecordingMock> {
  const handle = createMockHandler(options);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const target = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const method = (req.method ?? 'GET').toUpperCase();
      const response = await handle(
        new Request(target, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
        }),
      );
      requests.push({
        method,
        path: target.pathname,
        query: target.search,
        headers,
        body: body.toString('utf8'),
        status: response.status,
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`recorder failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrls: Object.fromEntries(PROFILE_IDS.map((p) => [p, `${url}${PROFILES[p].basePath}`])) as Record<
      ProfileId,
      string
    >,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
