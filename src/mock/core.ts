import { createAdmin, type MockAdmin } from './admin.js';
import { adminHttpReply, ADMIN_PREFIX } from './admin-http.js';
import { virtualClock } from './clock.js';
import { preflightReply } from './preflight.js';
import { TOO_LARGE } from '../http/body.js';
import type { MockExchange } from './exchange.js';
import { resolveOptions, type MockOptions, type MockRequestLog } from './options.js';
import { RequestLog } from './request-log.js';
import { cancelTask, downloadVideo, queryTask, submitTask, type Checked, type MockState } from './operations.js';
import { listTasks } from './list.js';
import { RateLimiter } from './rate-limits.js';
import { errorReply, MockHttpError, newRequestId, TRANSPORT_CODES, type MockReply } from './reply.js';
import type { OperationId } from '../contract/operations.js';
import type { ProfileId } from '../contract/profiles.js';
import { matchRoute, modelsAt, type Route } from './routes.js';
import { requestFaultReply, rewriteReply, ThrottleCounter, type FaultedKind } from './faults/effects.js';
import { faultsOfHeader, NO_FAULTS, SCENARIO_HEADER, unionFaults, type FaultSet } from './faults/select.js';
import { TaskStore } from './store.js';
import { tenantOf } from '../http/tenant.js';

/** The mock's request handling, independent of the server that carries it. */
export interface MockCore {
  /** Answers one request; never throws. */
  handle(exchange: MockExchange): Promise<MockReply>;
  /** How many tasks are kept (for tests and the benchmark). */
  readonly taskCount: number;
  /** The resolved limit on request bodies, which the Node adapter also enforces while streaming. */
  readonly maxBodyBytes: number;
  /** The admin surface in-process. */
  readonly admin: MockAdmin;
}

const BEARER = /^bearer\s+(\S.*)$/i;
const SCENARIO_HEADER_LOWER = SCENARIO_HEADER.toLowerCase();

/** Real time, not the mock's clock: `slow` delays the answer on the wire. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function apiKeyOf(
  exchange: MockExchange,
  accepted: ReadonlySet<string> | undefined,
  faults: FaultSet,
  op: OperationId,
): string {
  const match = BEARER.exec(exchange.header('authorization')?.trim() ?? '');
  const key = match?.[1]?.trim();
  // The `no-auth` fault: a gateway that forgot to check keys; tasks still belong to the key sent, if any.
  if (faults.names.has('no-auth') || (op === 'getTask' && faults.names.has('poll-no-auth'))) return key || 'anonymous';
  if (!key) throw new MockHttpError(401, 'InvalidApiKey', 'No API-key provided.');
  // The `poll-any-key` and `cancel-any-key` faults: a key check that only looks for a Bearer header.
  const anyKey =
    (op === 'getTask' && faults.names.has('poll-any-key')) ||
    (op === 'cancelTask' && faults.names.has('cancel-any-key'));
  if (accepted !== undefined && !accepted.has(key) && !anyKey)
    throw new MockHttpError(401, 'InvalidApiKey', 'Invalid API-key provided.');
  return key;
}

async function route(
  state: MockState,
  exchange: MockExchange,
  requestId: string,
  faults: FaultSet,
): Promise<MockReply> {
  const found: Route | undefined = matchRoute(exchange.path);
  if (!found) {
    throw new MockHttpError(
      404,
      TRANSPORT_CODES[404],
      `no such path: ${exchange.method} ${exchange.path.slice(0, 200)}`,
    );
  }
  if (!found.allow.includes(exchange.method)) {
    throw new MockHttpError(
      405,
      TRANSPORT_CODES[405],
      `${exchange.path.slice(0, 200)} answers ${found.allow.join(', ')}, received ${exchange.method.slice(0, 20)}`,
      {
        allow: found.allow.join(', '),
      },
    );
  }
  if (found.kind === 'artifact') {
    return (
      requestFaultReply(faults, 'artifact', requestId, undefined) ??
      downloadVideo(state, exchange, requestId, found.taskId)
    );
  }
  const op = found.byMethod[exchange.method]!;
  // Tasks belong to the key that created them; the mock keeps a hash of the key, never the key.
  const tenant = tenantOf(apiKeyOf(exchange, state.options.apiKeys, faults, op));
  const early = requestFaultReply(faults, FAULTED_KIND[op], requestId, { counter: state.throttle, key: tenant });
  if (early) return early;
  const checked: Checked = { exchange, requestId, tenant, faults };
  return HANDLERS[op](state, checked, found.profile, op, found.params);
}

type Handler = (
  state: MockState,
  checked: Checked,
  profile: ProfileId,
  op: OperationId,
  params: Readonly<Record<string, string>>,
) => MockReply | Promise<MockReply>;

// Which operations the request faults treat as a submit, a poll or a cancel.
const FAULTED_KIND: Record<OperationId, FaultedKind> = {
  createVideoTask: 'submit',
  createImageToVideoTask: 'submit',
  getTask: 'task',
  cancelTask: 'cancel',
  // The task list is a read: the request faults of a poll apply.
  listTasks: 'task',
};

// One handler per contract operation: a new operation in the contract fails to compile here until the mock serves it.
const HANDLERS: Record<OperationId, Handler> = {
  createVideoTask: (state, checked, profile, op) => submitTask(state, checked, profile, modelsAt(profile, op)),
  createImageToVideoTask: (state, checked, profile, op) => submitTask(state, checked, profile, modelsAt(profile, op)),
  getTask: (state, checked, profile, _op, params) => queryTask(state, checked, profile, params.task_id!),
  cancelTask: (state, checked, profile, _op, params) => cancelTask(state, checked, profile, params.task_id!),
  listTasks: (state, checked, profile) =>
    listTasks(state, checked.tenant, profile, checked.exchange.query, checked.requestId),
};

/** The 204 answer of a CORS preflight of a route of the mock; 404 for a path it does not serve. */
function preflight(exchange: MockExchange, requestId: string): MockReply {
  const found = matchRoute(exchange.path);
  if (!found)
    throw new MockHttpError(404, TRANSPORT_CODES[404], `no such path: OPTIONS ${exchange.path.slice(0, 200)}`);
  return preflightReply(found.allow, requestId);
}

/** The request as the log sees it: the same exchange, remembering the body it read (only when requests are kept). */
function logged(exchange: MockExchange, into: { body?: Uint8Array }): MockExchange {
  return {
    ...exchange,
    async readBody(limit) {
      const bytes = await exchange.readBody(limit);
      if (bytes !== TOO_LARGE) into.body = bytes;
      return bytes;
    },
  };
}

/** Builds the mock's request handling from its options (see {@link MockOptions}). */
export function createMockCore(options: MockOptions = {}): MockCore {
  const resolved = resolveOptions(options);
  const clock = virtualClock(resolved.now);
  const state: MockState = {
    options: { ...resolved, now: clock.now },
    store: new TaskStore(resolved.maxTasks, resolved.taskTtlMs),
    limiter: new RateLimiter(),
    throttle: new ThrottleCounter(),
  };
  const log = new RequestLog(resolved.requestLogSize);
  const secrets = [...(resolved.apiKeys ?? []), resolved.adminToken].filter((s): s is string => s !== undefined);
  const admin = createAdmin(state, clock, log, () => secrets);
  const access = { token: resolved.adminToken, remote: resolved.adminRemote };
  const keep = log.size > 0;
  const report = (exchange: MockExchange, reply: MockReply, started: number, requestId: string): MockRequestLog => {
    const entry: { -readonly [K in keyof MockRequestLog]: MockRequestLog[K] } = {
      method: exchange.method,
      path: exchange.path,
      status: reply.status,
      ms: performance.now() - started,
      requestId,
    };
    if (reply.taskStatus !== undefined) entry.taskStatus = reply.taskStatus;
    const retryAfter = reply.headers['retry-after'];
    if (retryAfter !== undefined) entry.retryAfter = retryAfter;
    return entry;
  };
  const tell = (entry: MockRequestLog) => {
    try {
      resolved.onRequest?.(entry);
    } catch {
      // A failing logger must not change the answer.
    }
  };
  return {
    get taskCount() {
      return state.store.size;
    },
    maxBodyBytes: resolved.maxBodyBytes,
    admin,
    async handle(exchange) {
      const started = performance.now();
      const requestId = newRequestId();
      if (exchange.path.startsWith(ADMIN_PREFIX)) {
        // The admin surface is not logged for requests(): reading the log must not change it.
        const reply = await adminHttpReply(admin, access, exchange, requestId);
        if (resolved.onRequest) tell(report(exchange, reply, started, requestId));
        return reply;
      }
      const read: { body?: Uint8Array } = {};
      // Only a request with a body needs its reads watched.
      const seen = keep && exchange.method !== 'GET' && exchange.method !== 'HEAD' ? logged(exchange, read) : exchange;
      let reply: MockReply;
      let faults = resolved.faults;
      try {
        if (exchange.method === 'OPTIONS') reply = preflight(exchange, requestId);
        else {
          const header = exchange.header(SCENARIO_HEADER_LOWER);
          if (header !== undefined) faults = unionFaults(faults, faultsOfHeader(header));
          reply = await route(state, seen, requestId, faults);
        }
      } catch (error) {
        // Every failure becomes the contract's error body; an unexpected one is the mock's own bug (500), never a crash.
        reply =
          error instanceof MockHttpError
            ? errorReply(error.status, error.code, error.message, requestId, error.headers)
            : errorReply(
                500,
                'InternalError',
                `the mock failed: ${error instanceof Error ? error.message : String(error)}`,
                requestId,
              );
      }
      if (faults !== NO_FAULTS) {
        reply = rewriteReply(reply, faults);
        if (faults.slowMs > 0) await delay(faults.slowMs);
      }
      if (resolved.onRequest || keep) {
        const entry = report(exchange, reply, started, requestId);
        if (keep) log.add(entry, clock.now(), exchange.query, exchange.allHeaders(), read.body);
        tell(entry);
      }
      return reply;
    },
  };
}
