import type { MockExchange } from './exchange.js';
import { resolveOptions, type MockOptions } from './options.js';
import { cancelTask, downloadVideo, queryTask, submitTask, type Checked, type MockState } from './operations.js';
import { RateLimiter } from './rate-limits.js';
import { errorReply, MockHttpError, newRequestId, TRANSPORT_CODES, type MockReply } from './reply.js';
import type { OperationId } from '../contract/operations.js';
import type { ProfileId } from '../contract/profiles.js';
import { matchRoute, modelsAt, type Route } from './routes.js';
import { SCENARIO_HEADER, scenarioOf, throttleIfAsked } from './scenarios.js';
import { TaskStore } from './store.js';

/** The mock's request handling, independent of the server that carries it. */
export interface MockCore {
  /** Answers one request; never throws. */
  handle(exchange: MockExchange): Promise<MockReply>;
  /** How many tasks are kept (for tests and the benchmark). */
  readonly taskCount: number;
  /** The resolved limit on request bodies, which the Node adapter also enforces while streaming. */
  readonly maxBodyBytes: number;
}

const BEARER = /^bearer\s+(\S.*)$/i;

function apiKeyOf(exchange: MockExchange, expected: string | undefined): string {
  const match = BEARER.exec(exchange.header('authorization')?.trim() ?? '');
  const key = match?.[1]?.trim();
  if (!key) throw new MockHttpError(401, 'InvalidApiKey', 'No API-key provided.');
  if (expected !== undefined && key !== expected)
    throw new MockHttpError(401, 'InvalidApiKey', 'Invalid API-key provided.');
  return key;
}

async function route(state: MockState, exchange: MockExchange, requestId: string): Promise<MockReply> {
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
  if (found.kind === 'artifact') return downloadVideo(state, exchange, requestId, found.taskId);
  const apiKey = apiKeyOf(exchange, state.options.apiKey);
  const scenario = scenarioOf(exchange.header(SCENARIO_HEADER.toLowerCase()));
  throttleIfAsked(scenario);
  const checked: Checked = { exchange, requestId, apiKey, scenario };
  const op = found.byMethod[exchange.method]!;
  return HANDLERS[op](state, checked, found.profile, op, found.params);
}

type Handler = (
  state: MockState,
  checked: Checked,
  profile: ProfileId,
  op: OperationId,
  params: Readonly<Record<string, string>>,
) => MockReply | Promise<MockReply>;

// One handler per contract operation: a new operation in the contract fails to compile here until the mock serves it.
const HANDLERS: Record<OperationId, Handler> = {
  createVideoTask: (state, checked, profile, op) => submitTask(state, checked, profile, modelsAt(profile, op)),
  createImageToVideoTask: (state, checked, profile, op) => submitTask(state, checked, profile, modelsAt(profile, op)),
  getTask: (state, checked, profile, _op, params) => queryTask(state, checked, profile, params.task_id!),
  cancelTask: (state, checked, profile, _op, params) => cancelTask(state, checked, profile, params.task_id!),
};

/** Builds the mock's request handling from its options (see {@link MockOptions}). */
export function createMockCore(options: MockOptions = {}): MockCore {
  const resolved = resolveOptions(options);
  const state: MockState = {
    options: resolved,
    store: new TaskStore(resolved.maxTasks, resolved.taskTtlMs),
    limiter: new RateLimiter(),
  };
  return {
    get taskCount() {
      return state.store.size;
    },
    maxBodyBytes: resolved.maxBodyBytes,
    async handle(exchange) {
      const started = performance.now();
      const requestId = newRequestId();
      let reply: MockReply;
      try {
        reply = await route(state, exchange, requestId);
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
      if (resolved.onRequest) {
        try {
          resolved.onRequest({
            method: exchange.method,
            path: exchange.path,
            status: reply.status,
            ms: performance.now() - started,
            requestId,
          });
        } catch {
          // A failing logger must not change the answer.
        }
      }
      return reply;
    },
  };
}
