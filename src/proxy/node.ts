import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { CaseDefinition } from '../rules/case.js';
import { createProxyCore, type ProxyCore } from './core.js';
import { readIncomingLimited } from '../http/body.js';
import { answerMalformedRequests, listen } from '../http/listen.js';
import { sendWhole } from '../http/send.js';
import { errorReply, type ProxyExchange, type ProxyReply } from './exchange.js';
import type { ProxyOptions } from './options.js';
import { proxyHandlerOf, type ProxyHandler } from './web.js';

/** Where to listen, plus the proxy's options. */
export interface ProxyServerOptions extends ProxyOptions {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: a free port chosen by the system). */
  readonly port?: number;
  /** How long {@link ProxyServer.close} waits for requests in flight before it cuts them (default 10 s). */
  readonly graceMs?: number;
  /** The conformance cases to judge by (default: the shipped corpus). */
  readonly cases?: readonly CaseDefinition[];
}

/** A running proxy. */
export interface ProxyServer {
  /** `http://host:port` of the proxy. */
  readonly url: string;
  /** The base URL clients use: the proxy's origin and the profile's base path. */
  readonly baseUrl: string;
  readonly port: number;
  /** The same proxy as a Web handler, sharing this server's tasks. */
  readonly handler: ProxyHandler;
  /** How many tasks are followed. */
  readonly taskCount: number;
  /**
   * Stops accepting, lets requests in flight finish within the grace period, then writes an unfinished record for
   * every task still followed and closes the upstream connections: no record is lost.
   */
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: ProxyReply): void {
  if (res.headersSent || res.destroyed) return;
  // A HEAD answer and 204/304 carry no body whatever the upstream sent.
  const bodiless = res.req.method === 'HEAD' || reply.status === 204 || reply.status === 304;
  sendWhole(res, reply.status, reply.headers, bodiless ? null : reply.body);
}

/**
 * The signal of one `node:http` request: an emitter of `abort`, as undici accepts it, instead of an
 * `AbortController` per request (a Web EventTarget, the costliest object a proxied poll made).
 */
class ClientGone extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

async function serve(core: ProxyCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const gone = new ClientGone();
  // A client that goes away before its answer aborts the upstream request.
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  const exchange: ProxyExchange = {
    method: (req.method ?? 'GET').toUpperCase(),
    target: req.url ?? '/',
    headers: req.headers,
    readBody: (limit) => readIncomingLimited(req, limit),
    signal: gone,
  };
  try {
    send(res, await core.handle(exchange));
  } catch (error) {
    send(
      res,
      errorReply(500, 'InternalError', `the proxy failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/**
 * Starts the validating proxy on `node:http`.
 * @example
 * const proxy = await startProxy({ upstream: 'http://127.0.0.1:4010/api/v1', port: 0, onRecord: (line) => log.write(`${line}\n`) });
 * proxy.baseUrl // 'http://127.0.0.1:54321/api/v1'
 * await proxy.close();
 */
export async function startProxy(options: ProxyServerOptions): Promise<ProxyServer> {
  const { host = '127.0.0.1', port = 0, graceMs = 10_000, cases, ...proxyOptions } = options;
  const core = createProxyCore(proxyOptions, cases);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    void serve(core, req, res);
  });
  answerMalformedRequests(server, (message) => {
    const reply = errorReply(400, 'InvalidParameter', message);
    return { body: reply.body as string, requestId: reply.headers['x-request-id'] as string };
  });
  const { origin: url, port: boundPort } = await listen(server, port, host);
  const sweep = setInterval(() => core.sweep(), 1000);
  sweep.unref();
  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrl: `${url}${core.options.basePath}`,
    port: boundPort,
    handler: proxyHandlerOf(core),
    get taskCount() {
      return core.taskCount;
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => (idle = resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
          ]);
        }
        server.closeAllConnections();
        await stopped;
        core.drain();
        await core.close();
      })();
      return closing;
    },
  };
}
