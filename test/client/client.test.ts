import { describe, expect, test } from 'vitest';
import {
  ApiError,
  ContractError,
  TimeoutError,
  TransportError,
  createClient,
  officialPollSchedule,
  retryAfterMs,
} from '../../src/client/index.js';
import { submitPathOf } from '../../src/contract/operations.js';
import type { Exchange } from '../../src/client.js';
import { fakeClock, fakeFetch, json, submitted, task } from './fake.js';

const KEY = 'sk-test-secret-key-0123456789';
const request = { model: 'wan2.2-kf2v-flash', input: { first_frame_url: 'https://example.com/a.png' } } as const;

describe('officialPollSchedule', () => {
  test('waits 1, 1, 2, 2, 2, 4, 4, 4, 5, 5 seconds, as the official SDKs do', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(officialPollSchedule)).toEqual([
      1000, 1000, 2000, 2000, 2000, 4000, 4000, 4000, 5000, 5000,
    ]);
  });
});

describe('retryAfterMs', () => {
  test.each([
    ['3', 3000],
    ['0', 0],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 10_000],
  ])('reads Retry-After %s as %i ms', (header, want) => {
    expect(retryAfterMs(header, 0)).toBe(want);
  });
  test('ignores an unreadable Retry-After', () => {
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('createClient', () => {
  test.each([
    ['https://dashscope.aliyuncs.com/api/v1', 'dashscope'],
    ['http://127.0.0.1:4010/alibailian/api/v1/', 'crazyrouter'],
    ['http://127.0.0.1:4010/api/v1', 'dashscope'],
  ])('infers the profile of %s as conform does: %s', (baseUrl, profile) => {
    expect(createClient({ baseUrl, apiKey: KEY }).profile).toBe(profile);
  });

  test('keeps a profile given explicitly', () => {
    expect(createClient({ baseUrl: 'https://dashscope.aliyuncs.com/api/v1', profile: 'crazyrouter' }).profile).toBe(
      'crazyrouter',
    );
  });
});

describe('submit', () => {
  test('posts to the profile submit path with the key and the async header the profile requires', async () => {
    for (const profile of ['crazyrouter', 'dashscope'] as const) {
      const { fetch, seen } = fakeFetch(() => json(200, submitted()));
      const client = createClient({ baseUrl: 'http://h/api/v1/', apiKey: KEY, profile, fetch });
      const answer = await client.submit(request);
      expect(answer.output.task_id).toBe('t-1');
      expect(seen[0]?.url).toBe(`http://h/api/v1${submitPathOf(profile, 'wan2.2-kf2v-flash')}`);
      expect(seen[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(seen[0]?.headers['x-dashscope-async']).toBe(profile === 'dashscope' ? 'enable' : undefined);
    }
  });

  test('throws ApiError with code, status and request id on an error body', async () => {
    const { fetch } = fakeFetch(() =>
      json(400, { request_id: 'r-9', code: 'InvalidParameter', message: 'resolution must be 480P' }),
    );
    const error = await createClient({ baseUrl: 'http://h/api/v1', apiKey: KEY, fetch })
      .submit(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter', requestId: 'r-9' });
  });

  test('throws ContractError on an answer without request_id', async () => {
    const { fetch } = fakeFetch(() => json(200, { output: { task_id: 't', task_status: 'PENDING' } }));
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch })
      .submit(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).issues[0]?.path).toBe('request_id');
  });

  test('honours Retry-After on 429 before retrying', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch((_, i) =>
      i === 0
        ? json(429, { request_id: 'r', code: 'Throttling', message: 'slow down' }, { 'retry-after': '7' })
        : json(200, submitted()),
    );
    await createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now }).submit(request);
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
  });

  test('throws TransportError when the connection drops', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
    });
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch })
      .submit(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toContain('ECONNRESET');
    // The exchange records the typed cause, so no one reads the message to tell a timeout from a dead link.
    expect((error as TransportError).exchange?.error).toEqual({
      kind: 'transport',
      message: expect.stringMatching(/^POST http:\/\/h\/api\/v1\/\S+: fetch failed: ECONNRESET$/),
    });
  });

  test('throws a request TimeoutError when no answer arrives in time', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch: hang, requestTimeoutMs: 20 })
      .submit(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('request');
    expect((error as TimeoutError).exchange?.error).toMatchObject({ kind: 'timeout' });
    expect((error as TimeoutError).exchange?.response).toBeUndefined();
  });
});

describe('waitForTask', () => {
  test('polls on the official schedule until SUCCEEDED', async () => {
    const clock = fakeClock();
    const statuses = ['PENDING', 'PENDING', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED'];
    const { fetch, seen } = fakeFetch((_, i) => json(200, task(statuses[i] ?? 'SUCCEEDED')));
    const polls: string[] = [];
    const client = createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now });
    const done = await client.waitForTask('t-1', { onPoll: (e) => polls.push(e.task.output.task_status) });
    expect(done.output.task_status).toBe('SUCCEEDED');
    expect(polls).toEqual(statuses);
    expect(clock.sleeps).toEqual([1000, 1000, 2000, 2000, 2000]);
    expect(seen.every((s) => s.url === 'http://h/api/v1/tasks/t-1')).toBe(true);
  });

  test('keeps polling a SUSPENDED task, as the official SDKs do (profiles: suspendedStatus)', async () => {
    const clock = fakeClock();
    const statuses = ['RUNNING', 'SUSPENDED', 'RUNNING', 'SUCCEEDED'];
    const { fetch } = fakeFetch((_, i) => json(200, task(statuses[i] ?? 'SUCCEEDED')));
    const polls: string[] = [];
    const client = createClient({
      baseUrl: 'http://h/api/v1',
      profile: 'dashscope',
      fetch,
      sleep: clock.sleep,
      now: clock.now,
    });
    await client.waitForTask('t-1', { onPoll: (e) => polls.push(e.task.output.task_status) });
    expect(polls).toEqual(statuses);
  });

  test('treats lower-case succeeded as a contract error and stops polling', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch(() => json(200, task('succeeded')));
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now })
      .waitForTask('t-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(seen).toHaveLength(1);
  });

  test('retries 503 and 504 while polling', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch((_, i) =>
      i < 2
        ? json(i === 0 ? 503 : 504, { request_id: 'r', code: 'ModelUnavailable', message: 'busy' })
        : json(200, task('SUCCEEDED')),
    );
    const done = await createClient({
      baseUrl: 'http://h/api/v1',
      fetch,
      sleep: clock.sleep,
      now: clock.now,
    }).waitForTask('t-1');
    expect(done.output.task_status).toBe('SUCCEEDED');
    expect(seen).toHaveLength(3);
  });

  test("retries a load balancer's HTML 502 while polling, with backoff", async () => {
    const clock = fakeClock();
    const page = () =>
      new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      });
    const { fetch, seen } = fakeFetch((_, i) => (i < 2 ? page() : json(200, task('SUCCEEDED'))));
    const client = createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now });
    const done = await client.waitForTask('t-1');
    expect(done.output.task_status).toBe('SUCCEEDED');
    expect(seen).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  test('stops retrying a 502 after maxRetries and reports the page as not JSON', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch(() => new Response('<html>502</html>', { status: 502 }));
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now })
      .waitForTask('t-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).toBe('the task query answered HTTP 502 with a body that is not JSON');
    expect(seen).toHaveLength(4);
  });

  test('polls again after a reset connection, but never resends a submit', async () => {
    const clock = fakeClock();
    const reset = () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    };
    const polled = fakeFetch((_, i) => (i === 0 ? reset() : json(200, task('SUCCEEDED'))));
    const client = createClient({
      baseUrl: 'http://h/api/v1',
      fetch: polled.fetch,
      sleep: clock.sleep,
      now: clock.now,
    });
    expect((await client.waitForTask('t-1')).output.task_status).toBe('SUCCEEDED');
    expect(polled.seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
    const submits = fakeFetch(() => reset());
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch: submits.fetch, sleep: clock.sleep })
      .submit(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(submits.seen).toHaveLength(1);
  });

  test('keeps retries of a poll within the task deadline', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch(() =>
      json(503, { request_id: 'r', code: 'ModelUnavailable', message: 'busy' }, { 'retry-after': '20' }),
    );
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now })
      .waitForTask('t-1', { timeoutMs: 30_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([20_000]);
  });

  test('gives up at the task deadline with the last status', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch(() => json(200, task('RUNNING')));
    const error = await createClient({ baseUrl: 'http://h/api/v1', fetch, sleep: clock.sleep, now: clock.now })
      .waitForTask('t-1', { timeoutMs: 30_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'task', lastStatus: 'RUNNING' });
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(seen.length).toBeLessThan(12);
  });

  test('stops at the poll bound', async () => {
    const clock = fakeClock();
    const { fetch, seen } = fakeFetch(() => json(200, task('PENDING')));
    const error = await createClient({
      baseUrl: 'http://h/api/v1',
      fetch,
      sleep: clock.sleep,
      now: clock.now,
      pollSchedule: 10,
    })
      .waitForTask('t-1', { maxPolls: 4 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(seen).toHaveLength(4);
  });

  test('checks the result location of the model under the profile', async () => {
    const { fetch } = fakeFetch(() => json(200, task('SUCCEEDED')));
    const client = createClient({ baseUrl: 'http://h/api/v1', profile: 'dashscope', fetch });
    await expect(client.waitForTask('t-1', { model: 'wan2.2-s2v' })).rejects.toBeInstanceOf(ContractError);
    await expect(client.waitForTask('t-1', { model: 'wan2.2-t2v-plus' })).resolves.toBeTruthy();
  });
});

describe('cancel', () => {
  test('posts to /tasks/{id}/cancel under dashscope and is refused under crazyrouter', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { request_id: 'r-c' }));
    await createClient({ baseUrl: 'http://h/api/v1', profile: 'dashscope', fetch }).cancel('t-1');
    expect(seen[0]).toMatchObject({ method: 'POST', url: 'http://h/api/v1/tasks/t-1/cancel' });
    await expect(createClient({ baseUrl: 'http://h/alibailian/api/v1', fetch }).cancel('t-1')).rejects.toBeInstanceOf(
      ContractError,
    );
  });
});

describe('secrets', () => {
  test('keeps the key out of exchanges, curl lines and errors even when the server echoes it', async () => {
    const exchanges: Exchange[] = [];
    const { fetch } = fakeFetch((req) =>
      json(
        401,
        { request_id: 'r', code: 'InvalidApiKey', message: `bad key ${req.headers.authorization}` },
        { 'x-echo': KEY },
      ),
    );
    const error = await createClient({
      baseUrl: 'http://h/api/v1',
      apiKey: KEY,
      fetch,
      onExchange: (e) => exchanges.push(e),
    })
      .submit(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const everything = JSON.stringify(exchanges) + String((error as Error).message) + JSON.stringify(error);
    expect(exchanges[0]?.curl).toContain('$WAN_API_KEY');
    expect(everything).not.toContain(KEY);
    expect(exchanges[0]?.request.headers.Authorization).toBe('Bearer ***');
  });

  test('writes another key into the curl line as sent, since only the configured key is secret', async () => {
    const exchanges: Exchange[] = [];
    const { fetch } = fakeFetch(() =>
      json(401, { request_id: 'r', code: 'InvalidApiKey', message: 'Invalid API-key provided.' }),
    );
    const client = createClient({
      baseUrl: 'http://h/api/v1',
      apiKey: KEY,
      fetch,
      onExchange: (e) => exchanges.push(e),
    });
    await client.send({ operation: 'submit', method: 'POST', path: '/x', body: {}, auth: { bearer: 'sk-wrong-key' } });
    expect(exchanges[0]?.curl).toContain('Authorization: Bearer sk-wrong-key');
  });

  test('finds the key behind JSON unicode escapes', async () => {
    const exchanges: Exchange[] = [];
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const { fetch } = fakeFetch(
      () =>
        new Response(`{"request_id":"r","output":{"task_id":"${escaped}","task_status":"PENDING"}}`, { status: 200 }),
    );
    await createClient({ baseUrl: 'http://h/api/v1', apiKey: KEY, fetch, onExchange: (e) => exchanges.push(e) }).submit(
      request,
    );
    expect(JSON.stringify(exchanges)).not.toContain(KEY);
    expect(JSON.stringify(exchanges)).toContain('***');
  });
});
