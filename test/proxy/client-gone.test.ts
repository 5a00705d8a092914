import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startProxy, type ProxyServer } from '../../src/proxy.js';
import { KEY } from './helpers.js';

/*
 * A client that leaves before its answer takes the upstream request with it: the proxy's signal (an emitter undici
 * reads, not an AbortController per request) must abort the forwarded request, or a gateway keeps paying for
 * answers nobody reads.
 */
describe('a client that goes away', () => {
  let upstream: Server;
  let proxy: ProxyServer;
  const arrived: IncomingMessage[] = [];
  let closed!: Promise<void>;

  beforeAll(async () => {
    let onClose!: () => void;
    closed = new Promise((resolve) => (onClose = resolve));
    // An upstream that never answers and tells when its request's connection closes.
    upstream = createServer((req, res) => {
      arrived.push(req);
      res.once('close', onClose);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    proxy = await startProxy({ upstream: `http://127.0.0.1:${port}/api/v1`, upstreamTimeoutMs: 60_000 });
  });

  afterAll(async () => {
    await proxy.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  test('aborts the forwarded request', async () => {
    const client = new AbortController();
    const answer = fetch(`${proxy.baseUrl}/tasks/some-task`, {
      headers: { authorization: `Bearer ${KEY}` },
      signal: client.signal,
    });
    // Leave once the upstream holds the forwarded request.
    while (arrived.length === 0) await new Promise((r) => setTimeout(r, 5));
    client.abort();
    await expect(answer).rejects.toThrow();
    // The upstream sees its request end without an answer: the proxy aborted it.
    await closed;
    expect(arrived).toHaveLength(1);
  });
});
