import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODEL_IDS, type ModelId } from '../../src/contract/models.js';
import { PROFILE_IDS, type ProfileId } from '../../src/contract/profiles.js';
import { createMockHandler, startMockServer, type MockServer } from '../../src/mock.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../../src/validate/task.js';
import { exampleRequest, ORIGIN, submitHeaders, submitUrl } from './helpers.js';

const LIMIT = 64 * 1024;
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const profile = fc.constantFrom<ProfileId>(...PROFILE_IDS);
const model = fc.constantFrom<ModelId>(...MODEL_IDS);
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const deep = fc.integer({ min: 1000, max: 60_000 }).map((n) => ({ n, text: '{"a":'.repeat(n) + '1' + '}'.repeat(n) }));

/** A request body that breaks the contract in one generated way; each is a client error by construction. */
const malformedBody = fc.oneof(
  // Not JSON at all, or not UTF-8.
  fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
    try {
      const parsed: unknown = JSON.parse(s);
      return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
    } catch {
      return true;
    }
  }),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Uint8Array.from([0x7b, 0xc3, 0x28, ...bytes])),
  // JSON, but not an object.
  fc
    .oneof(fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 5 }), fc.constant(null))
    .map((v) => JSON.stringify(v)),
  // Larger than the limit.
  fc
    .integer({ min: LIMIT + 1, max: LIMIT * 4 })
    .map((n) => JSON.stringify({ model: 'wan2.2-t2v-plus', input: { prompt: 'x'.repeat(n) } })),
  // Nested far too deep: as the whole body, and where the model should be.
  deep.map(({ n }) => '['.repeat(n) + ']'.repeat(n)),
  deep.map(({ text }) => `{"model":${text},"input":{"prompt":"x"}}`),
  // A valid request broken at a required place: wrong types, missing fields, values outside the enums.
  fc
    .record({
      model,
      profile,
      how: fc.integer({ min: 0, max: 5 }),
      wrong: wrongValue,
      extraKey: fc.constantFrom(...PROTO_KEYS),
      extra: fc.jsonValue({ maxDepth: 3 }),
    })
    .map(({ model: m, profile: p, how, wrong, extraKey, extra }) => {
      const body = exampleRequest(m, p) as Record<string, any>;
      const required = Object.keys(body.input)[0] as string;
      if (how === 0) body.model = wrong;
      else if (how === 1)
        body.input = typeof wrong === 'object' && wrong !== null && !Array.isArray(wrong) ? 42 : wrong;
      else if (how === 2) delete body.input[required];
      else if (how === 3) body.input[required] = typeof wrong === 'string' ? 42 : wrong;
      else if (how === 4) body.parameters = [wrong];
      else delete body.model;
      // Prototype keys as JSON text, so they arrive as own properties, as an attacker would send them.
      const text = JSON.stringify(body);
      return `{${JSON.stringify(extraKey)}:${JSON.stringify(extra)},${text.slice(1)}`;
    }),
);

/** A whole request: mostly submits with malformed bodies, plus odd paths, methods and headers. */
const malformedRequest = fc.record({
  profile,
  model,
  body: malformedBody,
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'),
  scenario: fc.constantFrom(undefined, 'fail', 'stuck'),
});

const oddRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(
      '/',
      '/api/v1',
      '/api/v1/tasks/',
      '/alibailian/api/v1/tasks/%E0%A4%A',
      '/api/v1/tasks/a/cancel',
      '/alibailian/api/v1/tasks/a/cancel',
      '/mock-artifacts/.mp4',
      '/mock-artifacts/x.mp4',
    ),
    fc.webPath(),
    fc.string({ maxLength: 40 }).map((s) => `/api/v1/tasks/${encodeURIComponent(s)}`),
  ),
  auth: fc.constantFrom(undefined, '', 'Bearer', 'Basic abc', 'Bearer k'),
  contentType: fc.constantFrom(undefined, 'text/plain', 'application/json', 'multipart/form-data; boundary=x'),
  scenario: fc.constantFrom(undefined, 'explode', '', 'throttle', 'moderation'),
  body: fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 100 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  ),
});

async function checkAnswer(res: Response, mustFail: boolean): Promise<void> {
  expect(res.status).toBeLessThan(500);
  if (mustFail) expect(res.status).toBeGreaterThanOrEqual(400);
  const type = res.headers.get('content-type');
  if (type === 'video/mp4') return;
  // A CORS preflight (OPTIONS of a route): 204, no body, the CORS headers.
  if (res.status === 204) {
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    return;
  }
  expect(type).toBe('application/json');
  const text = await res.text();
  if (res.status >= 400) {
    const body: unknown = JSON.parse(text);
    expect(validateErrorBody(body).ok).toBe(true);
  } else if (text !== '') {
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(typeof body.request_id).toBe('string');
    if (body.output)
      expect(
        validateSubmitResponse(body).ok ||
          validateTaskResponse(body, { profile: 'dashscope' }).ok ||
          validateTaskResponse(body).ok,
      ).toBe(true);
  }
}

describe('hardening', () => {
  const handle = createMockHandler({ pendingMs: 0, runningMs: 0, maxBodyBytes: LIMIT });

  test('answers thousands of malformed submits with a 4xx error body', async () => {
    await fc.assert(
      fc.asyncProperty(malformedRequest, async ({ profile: p, model: m, body, contentType, scenario }) => {
        const headers = submitHeaders({
          'content-type': contentType,
          ...(scenario ? { 'X-Mock-Scenario': scenario } : {}),
        });
        await checkAnswer(await handle(new Request(submitUrl(p, m), { method: 'POST', headers, body })), true);
      }),
      { numRuns: 2000 },
    );
  });

  test('answers odd methods, paths, headers and bodies without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(oddRequest, async ({ method, path, auth, contentType, scenario, body }) => {
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth;
        if (contentType !== undefined) headers['content-type'] = contentType;
        if (scenario !== undefined) headers['x-mock-scenario'] = scenario;
        const withBody = method !== 'GET' && method !== 'HEAD' && body !== undefined;
        await checkAnswer(
          await handle(new Request(`${ORIGIN}${path}`, { method, headers, ...(withBody ? { body } : {}) })),
          false,
        );
      }),
      { numRuns: 1500 },
    );
  });

  test('keeps serving a valid task after the fuzzing', async () => {
    const submitted = await handle(
      new Request(submitUrl('dashscope', 'wan2.2-s2v'), {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-s2v', 'dashscope')),
      }),
    );
    const { output } = (await submitted.json()) as { output: { task_id: string } };
    const task = await (
      await handle(new Request(`${ORIGIN}/api/v1/tasks/${output.task_id}`, { headers: { authorization: 'Bearer k' } }))
    ).json();
    expect(validateTaskResponse(task, { profile: 'dashscope', model: 'wan2.2-s2v' }).ok).toBe(true);
  });
});

describe('hardening over node:http', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, pendingMs: 0, runningMs: 0, maxBodyBytes: LIMIT });
  });
  afterAll(() => server.close());

  function send(
    path: string,
    headers: Record<string, string>,
    body: Uint8Array | string,
  ): Promise<{ status: number; type: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res
          .on('data', (c: Buffer) => parts.push(c))
          .on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers['content-type'],
              text: Buffer.concat(parts).toString(),
            }),
          );
      });
      // The server may answer and close before the whole body is sent (413): only the answer matters.
      req.on('error', (error) => (req.writableFinished ? reject(error) : undefined));
      req.end(body);
    });
  }

  test('answers malformed submits over a real socket with a 4xx error body and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(malformedRequest, async ({ profile: p, model: m, body }) => {
        const url = new URL(submitUrl(p, m));
        const answer = await send(url.pathname, submitHeaders(), body);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.type).toBe('application/json');
        expect(validateErrorBody(JSON.parse(answer.text)).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
    const alive = await fetch(`${server.baseUrls.crazyrouter}/tasks/after-fuzz`, {
      headers: { authorization: 'Bearer k' },
    });
    expect(((await alive.json()) as { output: { task_status: string } }).output.task_status).toBe('UNKNOWN');
  });
});
