import { MockAdminError, unknownTask, type MockAdmin } from './admin.js';
import { TOO_LARGE } from '../http/body.js';
import { isJsonContentType, parseJsonBody, type MockExchange } from './exchange.js';
import { ADMIN_TOKEN_HEADER } from './request-log.js';
import { MockHttpError, TRANSPORT_CODES, type MockErrorCode, type MockReply } from './reply.js';

/** Where the admin surface answers: outside both profiles' base paths, and not part of the contract. */
export const ADMIN_PREFIX = '/__mock/';

/** Who may use the admin surface. */
export interface AdminAccess {
  /** When set, every admin request must carry it (`Authorization: Bearer TOKEN` or `X-Mock-Admin-Token`). */
  readonly token: string | undefined;
  /** Answer admin requests from any address (needs a token); default: loopback only. */
  readonly remote: boolean;
}

// Admin answers carry no CORS headers: a web page must not drive or read the admin surface.
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;
const ADMIN_BODY_LIMIT = 64 * 1024;
const BEARER = /^bearer\s+(\S.*)$/i;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\])(:\d{1,5})?$/i;

const ROUTES = [
  'GET /__mock/tasks',
  'GET /__mock/tasks/{task_id}',
  'POST /__mock/tasks/{task_id}/status',
  'GET /__mock/clock',
  'POST /__mock/clock/advance',
  'POST /__mock/reset',
  'GET /__mock/requests',
];

/** True for a loopback peer: 127.0.0.0/8, ::1, or either mapped into IPv6. */
export function isLoopback(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** Compares without stopping at the first difference, so the time taken tells nothing about the token. */
function sameToken(given: string, token: string): boolean {
  let diff = given.length ^ token.length;
  for (let i = 0; i < token.length; i++) diff |= token.charCodeAt(i) ^ (given.charCodeAt(i) || 0);
  return diff === 0;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function checkAccess(exchange: MockExchange, access: AdminAccess): void {
  const where = exchange.remoteAddress;
  if (!access.remote && where !== undefined && !isLoopback(where))
    throw new MockHttpError(
      403,
      'AccessDenied',
      `the mock's admin surface (${ADMIN_PREFIX}) answers loopback clients only, received a request from ${where}: call it from the mock's own machine, or start the mock with --admin-token TOKEN --admin-remote`,
    );
  // A browser sends Origin on cross-site requests: no web page may drive the admin surface.
  const origin = exchange.header('origin');
  if (origin !== undefined)
    throw new MockHttpError(
      403,
      'AccessDenied',
      `the mock's admin surface does not answer browsers, received a request with Origin: ${origin.slice(0, 100)}`,
    );
  if (access.token === undefined) {
    // Without a token, only loopback names: a DNS name rebound to 127.0.0.1 by a web page is refused.
    const host = exchange.header('host');
    if (host !== undefined && where !== undefined && !LOOPBACK_HOST.test(host.trim()))
      throw new MockHttpError(
        403,
        'AccessDenied',
        `the mock's admin surface answers requests to localhost, 127.0.0.1 or [::1], received Host: ${host.slice(0, 100)}`,
      );
    return;
  }
  const given =
    exchange.header(ADMIN_TOKEN_HEADER.toLowerCase())?.trim() ??
    BEARER.exec(exchange.header('authorization')?.trim() ?? '')?.[1]?.trim();
  if (given === undefined || !sameToken(given, access.token))
    throw new MockHttpError(
      401,
      'InvalidApiKey',
      `the mock's admin surface needs its admin token: send Authorization: Bearer TOKEN or ${ADMIN_TOKEN_HEADER}: TOKEN, received ${given === undefined ? 'neither' : 'another token'}`,
    );
}

async function readAdminJson(exchange: MockExchange): Promise<Record<string, unknown>> {
  const bytes = await exchange.readBody(ADMIN_BODY_LIMIT);
  if (bytes === TOO_LARGE)
    throw new MockHttpError(
      413,
      'BadRequest.TooLarge',
      `an admin request body must be at most ${ADMIN_BODY_LIMIT} bytes`,
    );
  if (bytes.byteLength === 0) return {};
  if (!isJsonContentType(exchange.header('content-type')))
    throw new MockHttpError(
      415,
      TRANSPORT_CODES[415],
      `an admin request body must be JSON (Content-Type: application/json), received ${JSON.stringify(exchange.header('content-type') ?? 'none')}`,
    );
  const value = parseJsonBody(bytes);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MockHttpError(
      400,
      'InvalidParameter',
      `an admin request body must be a JSON object, received ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  return value as Record<string, unknown>;
}

function adminReply(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): MockReply {
  return {
    status,
    headers: { ...JSON_HEADERS, 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
    requestId,
  };
}

function errorBody(
  requestId: string,
  code: MockErrorCode,
  message: string,
  extra: Record<string, string | undefined> = {},
) {
  return { request_id: requestId, code, message, ...extra };
}

function limitOf(query: URLSearchParams): number | undefined {
  const text = query.get('limit');
  if (text === null || text === '') return undefined;
  if (!/^\d{1,9}$/.test(text))
    throw new MockAdminError(
      'InvalidParameter',
      `limit must be a whole number of at least 1, received ${JSON.stringify(text.slice(0, 40))}`,
      'an integer ≥ 1',
      text.slice(0, 40),
    );
  return Number(text);
}

async function dispatch(admin: MockAdmin, exchange: MockExchange, requestId: string): Promise<MockReply> {
  const rest = exchange.path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '');
  const parts = rest.split('/');
  const method = exchange.method;
  const ok = (body: unknown) => adminReply(200, body, requestId);
  const only = (allowed: string): void => {
    if (method !== allowed)
      throw new MockHttpError(
        405,
        TRANSPORT_CODES[405],
        `${exchange.path.slice(0, 200)} answers ${allowed}, received ${method.slice(0, 20)}`,
        { allow: allowed },
      );
  };
  if (rest === 'tasks') {
    only('GET');
    return ok({ request_id: requestId, clock: admin.clock(), tasks: admin.tasks() });
  }
  if (parts[0] === 'tasks' && parts.length === 2 && parts[1]) {
    only('GET');
    const id = decodeSegment(parts[1]);
    const task = admin.task(id);
    if (!task) throw unknownTask(id);
    return ok({ request_id: requestId, task });
  }
  if (parts[0] === 'tasks' && parts.length === 3 && parts[1] && parts[2] === 'status') {
    only('POST');
    const body = await readAdminJson(exchange);
    if (!('status' in body))
      throw new MockAdminError(
        'InvalidParameter',
        'the body must be {"status": "…"}: the status to put the task in, received no status',
        '{"status": "SUCCEEDED"}',
        JSON.stringify(body).slice(0, 80),
      );
    const task = admin.forceStatus(decodeSegment(parts[1]), body.status as never);
    return ok({ request_id: requestId, task: task ?? null });
  }
  if (rest === 'clock') {
    only('GET');
    return ok({ request_id: requestId, clock: admin.clock() });
  }
  if (rest === 'clock/advance') {
    only('POST');
    const body = await readAdminJson(exchange);
    if (!('ms' in body))
      throw new MockAdminError(
        'InvalidParameter',
        'the body must be {"ms": N}: how many milliseconds to move the clock forward, received no ms',
        '{"ms": 60000}',
        JSON.stringify(body).slice(0, 80),
      );
    return ok({ request_id: requestId, clock: admin.advance(body.ms as number) });
  }
  if (rest === 'reset') {
    only('POST');
    admin.reset();
    return ok({ request_id: requestId, reset: true, clock: admin.clock() });
  }
  if (rest === 'requests') {
    only('GET');
    return ok({ request_id: requestId, requests: admin.requests(limitOf(exchange.query)) });
  }
  throw new MockHttpError(
    404,
    TRANSPORT_CODES[404],
    `no admin route ${method.slice(0, 20)} ${exchange.path.slice(0, 200)}; the admin surface answers ${ROUTES.join(', ')}`,
  );
}

/** Answers one request under {@link ADMIN_PREFIX}; never throws. */
export async function adminHttpReply(
  admin: MockAdmin,
  access: AdminAccess,
  exchange: MockExchange,
  requestId: string,
): Promise<MockReply> {
  try {
    checkAccess(exchange, access);
    return await dispatch(admin, exchange, requestId);
  } catch (error) {
    if (error instanceof MockAdminError) {
      const status = error.code === 'NotFound' ? 404 : 400;
      const code = error.code === 'NotFound' ? TRANSPORT_CODES[404] : 'InvalidParameter';
      return adminReply(
        status,
        errorBody(requestId, code, error.message, { expected: error.expected, received: error.received }),
        requestId,
      );
    }
    if (error instanceof MockHttpError)
      return adminReply(error.status, errorBody(requestId, error.code, error.message), requestId, error.headers);
    return adminReply(
      500,
      errorBody(
        requestId,
        'InternalError',
        `the mock's admin surface failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
      requestId,
    );
  }
}
