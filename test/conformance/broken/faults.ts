/**
 * Deliberately broken servers: the reference mock with one contract violation injected per fault, by wrapping its
 * handler (src/mock stays untouched). Each fault names the case that must catch it and the outcome.
 */
import { MODELS, isModelId, resolutionsOf } from '../../../src/contract/models.js';
import type { ProfileId } from '../../../src/contract/profiles.js';
import type { Outcome } from '../../../src/conformance.js';
import { KEY } from '../helpers.js';

export type Handler = (req: Request) => Promise<Response>;

type Kind = 'submit' | 'task' | 'other';

const kindOf = (url: URL): Kind =>
  url.pathname.includes('/tasks/') ? 'task' : url.pathname.endsWith('/video-synthesis') ? 'submit' : 'other';

interface Seen {
  readonly kind: Kind;
  readonly url: URL;
  readonly status: number;
  readonly body: Record<string, any>;
}

const jsonResponse = (status: number, body: unknown, headers: HeadersInit = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Rewrites the JSON answers of a handler; return undefined to keep an answer as it is. */
export function rewrite(
  handler: Handler,
  change: (seen: Seen) => { status?: number; body: unknown } | undefined,
): Handler {
  return async (req) => {
    const url = new URL(req.url);
    const response = await handler(req);
    if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
    const body = (await response.json()) as Record<string, any>;
    const next = change({ kind: kindOf(url), url, status: response.status, body });
    return jsonResponse(next?.status ?? response.status, next ? next.body : body);
  };
}

/** Counts polls per task id, so a fault can depend on the poll number. */
function pollCounter() {
  const counts = new Map<string, number>();
  return (id: string) => {
    const n = (counts.get(id) ?? 0) + 1;
    counts.set(id, n);
    return n;
  };
}

const stripResult = (output: Record<string, any>) => {
  const { video_url: _v, results: _r, end_time: _e, actual_prompt: _a, ...rest } = output;
  return rest;
};

/** A fault: how to break the mock, and what the kit must report. */
export interface Fault {
  readonly name: string;
  readonly profile: ProfileId;
  readonly models?: readonly (keyof typeof MODELS)[];
  readonly make: (base: Handler) => Handler;
  /** The case (and model, for per-model cases) that must catch it, with the outcome. */
  readonly caught: { readonly caseId: string; readonly outcome: Outcome; readonly model?: string };
  readonly exitCode: 1 | 3;
}

export const FAULTS: readonly Fault[] = [
  {
    name: 'lower-case succeeded',
    profile: 'crazyrouter',
    make: (base) =>
      rewrite(base, ({ kind, body }) =>
        kind === 'task' && body.output?.task_status === 'SUCCEEDED'
          ? { body: { ...body, output: { ...body.output, task_status: 'succeeded' } } }
          : undefined,
      ),
    caught: { caseId: 'poll-bodies-match-contract', outcome: 'fail', model: 'wan2.2-t2v-plus' },
    exitCode: 1,
  },
  {
    name: 'SUCCEEDED without a video URL',
    profile: 'crazyrouter',
    make: (base) =>
      rewrite(base, ({ kind, body }) =>
        kind === 'task' && body.output?.task_status === 'SUCCEEDED'
          ? { body: { ...body, output: { ...body.output, video_url: undefined, results: undefined } } }
          : undefined,
      ),
    caught: { caseId: 'result-video-url', outcome: 'fail', model: 'wan2.2-i2v-flash' },
    exitCode: 1,
  },
  {
    name: 'the result at the wrong place for the profile (s2v under dashscope at output.video_url)',
    profile: 'dashscope',
    make: (base) =>
      rewrite(base, ({ kind, body }) => {
        const url = body.output?.results?.video_url;
        if (kind !== 'task' || typeof url !== 'string') return undefined;
        return { body: { ...body, output: { ...body.output, results: undefined, video_url: url } } };
      }),
    caught: { caseId: 'result-video-url', outcome: 'fail', model: 'wan2.2-s2v' },
    exitCode: 1,
  },
  {
    name: 'no auth check',
    profile: 'crazyrouter',
    make: (base) => async (req) => {
      const headers = new Headers(req.headers);
      headers.set('authorization', `Bearer ${KEY}`);
      return base(
        new Request(req.url, { method: req.method, headers, body: req.method === 'GET' ? null : await req.text() }),
      );
    },
    caught: { caseId: 'rejects-missing-key', outcome: 'fail' },
    exitCode: 1,
  },
  {
    name: 'an unsupported resolution accepted',
    profile: 'crazyrouter',
    make: (base) => async (req) => {
      if (req.method !== 'POST' || !req.url.endsWith('/video-synthesis')) return base(req);
      const text = await req.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        return base(new Request(req.url, { method: 'POST', headers: req.headers, body: text }));
      }
      // Quietly downgrade a tier the model lacks to its default instead of rejecting it.
      const model: unknown = body?.model;
      if (
        isModelId(model) &&
        body.parameters?.resolution &&
        !resolutionsOf(model).includes(body.parameters.resolution)
      ) {
        body.parameters.resolution = MODELS[model].defaultResolution;
      }
      return base(new Request(req.url, { method: 'POST', headers: req.headers, body: JSON.stringify(body) }));
    },
    caught: { caseId: 'rejects-unsupported-resolution', outcome: 'fail', model: 'wan2.2-t2v-plus' },
    exitCode: 1,
  },
  {
    name: 'a status moving backwards',
    profile: 'crazyrouter',
    make: (base) => {
      const poll = pollCounter();
      return rewrite(base, ({ kind, body }) => {
        if (kind !== 'task' || body.output?.task_status === 'UNKNOWN') return undefined;
        const n = poll(body.output.task_id);
        const status = n === 1 ? 'RUNNING' : n === 2 ? 'PENDING' : undefined;
        return status
          ? { body: { request_id: body.request_id, output: { ...stripResult(body.output), task_status: status } } }
          : undefined;
      });
    },
    caught: { caseId: 'status-moves-forward', outcome: 'fail', model: 'wan2.5-t2v-preview' },
    exitCode: 1,
  },
  {
    name: 'a changing task_id',
    profile: 'dashscope',
    make: (base) => {
      const poll = pollCounter();
      return rewrite(base, ({ kind, body }) =>
        kind === 'task' && body.output?.task_id
          ? {
              body: {
                ...body,
                output: { ...body.output, task_id: `${body.output.task_id}-${poll(body.output.task_id)}` },
              },
            }
          : undefined,
      );
    },
    caught: { caseId: 'task-id-stable', outcome: 'fail', model: 'wan2.2-kf2v-flash' },
    exitCode: 1,
  },
  {
    name: 'a missing request_id',
    profile: 'crazyrouter',
    make: (base) => rewrite(base, ({ body }) => ({ body: { ...body, request_id: undefined } })),
    caught: { caseId: 'responses-json-with-request-id', outcome: 'fail' },
    exitCode: 1,
  },
  {
    name: 'an error body of another shape',
    profile: 'dashscope',
    make: (base) =>
      rewrite(base, ({ status, body }) =>
        status === 200 ? undefined : { body: { error: { type: body.code, detail: body.message } } },
      ),
    caught: { caseId: 'rejects-missing-input', outcome: 'fail', model: 'wan2.2-i2v-plus' },
    exitCode: 1,
  },
  {
    name: 'a 500 for an unknown task',
    profile: 'crazyrouter',
    make: (base) =>
      rewrite(base, ({ kind, body }) =>
        kind === 'task' && body.output?.task_status === 'UNKNOWN'
          ? { status: 500, body: { request_id: body.request_id, code: 'InternalError', message: 'task not found' } }
          : undefined,
      ),
    caught: { caseId: 'unknown-task-no-server-error', outcome: 'fail' },
    exitCode: 1,
  },
  {
    name: 'usage that bills the wrong seconds',
    profile: 'crazyrouter',
    make: (base) =>
      rewrite(base, ({ kind, body }) =>
        kind === 'task' && body.usage?.video_duration
          ? { body: { ...body, usage: { ...body.usage, video_duration: body.usage.video_duration * 2 } } }
          : undefined,
      ),
    caught: { caseId: 'usage-matches-price', outcome: 'fail', model: 'wan2.2-i2v-plus' },
    exitCode: 1,
  },
  {
    name: 'a task that never finishes',
    profile: 'dashscope',
    make: (base) =>
      rewrite(base, ({ kind, body }) =>
        kind === 'task' && body.output?.task_status !== 'UNKNOWN'
          ? { body: { request_id: body.request_id, output: { ...stripResult(body.output), task_status: 'RUNNING' } } }
          : undefined,
      ),
    caught: { caseId: 'task-ends-in-time', outcome: 'timeout', model: 'wan2.2-s2v' },
    exitCode: 1,
  },
  {
    name: 'a server that answers HTML',
    profile: 'crazyrouter',
    make: () => async () =>
      new Response('<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      }),
    caught: { caseId: 'responses-json-with-request-id', outcome: 'fail' },
    exitCode: 1,
  },
  {
    name: 'a server that drops connections',
    profile: 'dashscope',
    make: () => async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    },
    caught: { caseId: 'submit-accepted', outcome: 'error', model: 'wan2.5-i2v-preview' },
    exitCode: 3,
  },
];
