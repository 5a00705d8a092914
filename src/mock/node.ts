import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ProfileId } from '../contract/profiles.js';
import { createMockCore, type MockCore } from './core.js';
import { readIncomingLimited } from '../http/body.js';
import { answerMalformedRequests, listen } from '../http/listen.js';
import { sendWhole } from '../http/send.js';
import type { MockExchange } from './exchange.js';
import type { MockOptions } from './options.js';
import { errorReply, newRequestId, type MockReply } from './reply.js';
import { profileBaseUrls } from './routes.js';
import { handlerOf, type MockHandler } from './web.js';
import type { MockAdmin } from './admin.js';

/** Where to listen, plus the mock's options. */
export interface MockServerOptions extends MockOptions {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: a free port chosen by the system). */
  readonly port?: number;
}

/** A running mock server. */
export interface MockServer {
  /** `http://host:port` of the server. */
  readonly url: string;
  /** The base URL of each profile: `{ crazyrouter: 'http://…/alibailian/api/v1', dashscope: 'http://…/api/v1' }`. */
  readonly baseUrls: Readonly<Record<ProfileId, string>>;
  /** The bound port (the chosen one when asked for port 0). */
  readonly port: number;
  /** The same mock as a Web handler, sharing this server's tasks. */
  readonly handler: MockHandler;
  /** How many tasks the mock keeps. */
  readonly taskCount: number;
  /** The admin surface in-process (the same operations answer under `/__mock/` to loopback clients). */
  readonly admin: MockAdmin;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

// A Host header only becomes part of a video URL when it is a plain host[:port].
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

// Most requests carry no query string: they share one empty set of parameters (nothing writes to it).
const NO_QUERY = new URLSearchParams();

function exchangeOf(req: IncomingMessage, fallbackOrigin: string): MockExchange {
  const raw = req.url ?? '/';
  // Absolute-form targets (sent through proxies) carry the scheme and host; only the path and query matter here.
  const target = raw.startsWith('/') ? raw : URL.canParse(raw) ? `${new URL(raw).pathname}${new URL(raw).search}` : '/';
  const query = target.indexOf('?');
  const host = header(req, 'host');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: query === -1 ? target : target.slice(0, query),
    query: query === -1 ? NO_QUERY : new URLSearchParams(target.slice(query + 1)),
    origin: host && SAFE_HOST.test(host) ? `http://${host}` : fallbackOrigin,
    remoteAddress: req.socket.remoteAddress,
    header: (name) => header(req, name),
    allHeaders: () => req.headers,
    readBody: (limit) => readIncomingLimited(req, limit),
  };
}

function send(res: ServerResponse, reply: MockReply): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.reset) {
    // A TCP reset, as a crashed upstream or a load balancer gives: no status line, no body.
    const socket = res.socket;
    if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket?.destroy();
    return;
  }
  sendWhole(res, reply.status, reply.headers, reply.body);
}

async function serve(core: MockCore, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  try {
    send(res, await core.handle(exchangeOf(req, origin)));
  } catch (error) {
    // core.handle never throws; this guards the adapter's own code.
    send(
      res,
      errorReply(
        500,
        'InternalError',
        `the mock failed: ${error instanceof Error ? error.message : String(error)}`,
        newRequestId(),
      ),
    );
  }
}

/**
 * Starts the mock on `node:http`, answering both profiles.
 * @example
 * const mock = await startMockServer({ port: 0, pendingMs: 0, runningMs: 0 });
 * mock.baseUrls.dashscope // 'http://127.0.0.1:54321/api/v1'
 * await mock.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { host = '127.0.0.1', port = 0, ...mockOptions } = options;
  const core = createMockCore(mockOptions);
  let origin = '';
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void serve(core, req, res, origin));
  answerMalformedRequests(server, (message) => {
    const reply = errorReply(400, 'InvalidParameter', message, newRequestId());
    return { body: reply.body as string, requestId: reply.requestId };
  });
  const bound = await listen(server, port, host);
  origin = bound.origin;
  return {
    url: origin,
    baseUrls: profileBaseUrls(origin),
    port: bound.port,
    handler: handlerOf(core),
    admin: core.admin,
    get taskCount() {
      return core.taskCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
