import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MockAdminError, startMockServer, type MockServer } from '../../src/mock.js';
import { PROFILES } from '../../src/contract/profiles.js';
import { exampleRequest, mockHarness, ORIGIN, submitHeaders, submitUrl } from './helpers.js';

const KEY = 'sk-admin-test-key-0123456789';
const TOKEN = 'admin-token-0123456789';

/** A request to the admin surface of an in-process handler. */
function admin(path: string, init: RequestInit = {}): Request {
  return new Request(`${ORIGIN}/__mock/${path}`, init);
}

const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('admin surface in-process (handler.admin)', () => {
  test('lists tasks with their status, and advancing the clock moves them PENDING → RUNNING → SUCCEEDED', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-t2v-plus', 'dashscope'));
    const id = body.output.task_id as string;
    expect(mock.handle.admin.tasks()).toEqual([
      expect.objectContaining({ taskId: id, profile: 'dashscope', model: 'wan2.2-t2v-plus', status: 'PENDING' }),
    ]);
    expect(mock.handle.admin.advance(1000).offsetMs).toBe(1000);
    expect(mock.handle.admin.task(id)?.status).toBe('RUNNING');
    mock.handle.admin.advance(2000);
    expect((await mock.poll('dashscope', id)).body.output.task_status).toBe('SUCCEEDED');
    expect(mock.handle.admin.task('no-such-task')).toBeUndefined();
  });

  test('forces each status of the contract, and the task answers it', async () => {
    const mock = mockHarness();
    const submit = async () =>
      (await mock.submit('dashscope', exampleRequest('wan2.2-i2v-flash', 'dashscope'))).body.output.task_id as string;
    const done = await submit();
    expect(mock.handle.admin.forceStatus(done, 'SUCCEEDED')?.status).toBe('SUCCEEDED');
    const succeeded = (await mock.poll('dashscope', done)).body;
    expect(succeeded.output).toMatchObject({ task_status: 'SUCCEEDED', video_url: expect.stringContaining(done) });
    expect(succeeded.usage.video_duration).toBe(5);

    const failed = await submit();
    mock.handle.admin.forceStatus(failed, 'FAILED');
    expect((await mock.poll('dashscope', failed)).body.output).toMatchObject({
      task_status: 'FAILED',
      code: 'InternalError.Algo',
    });

    // RUNNING and SUSPENDED hold the task whatever the clock does, until another status is forced.
    const held = await submit();
    mock.handle.admin.forceStatus(held, 'SUSPENDED');
    mock.handle.admin.advance(60_000);
    expect((await mock.poll('dashscope', held)).body.output.task_status).toBe('SUSPENDED');
    mock.handle.admin.forceStatus(held, 'RUNNING');
    mock.handle.admin.advance(60_000);
    expect((await mock.poll('dashscope', held)).body.output.task_status).toBe('RUNNING');

    const canceled = await submit();
    mock.handle.admin.forceStatus(canceled, 'CANCELED');
    expect((await mock.poll('dashscope', canceled)).body.output.task_status).toBe('CANCELED');

    // UNKNOWN forgets the task, as after its retention.
    const forgotten = await submit();
    expect(mock.handle.admin.forceStatus(forgotten, 'UNKNOWN')).toBeUndefined();
    expect((await mock.poll('dashscope', forgotten)).body.output.task_status).toBe('UNKNOWN');
    expect(mock.handle.admin.task(forgotten)).toBeUndefined();
  });

  test('refuses a status outside the profile, and an unknown task, saying what it expected', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    const id = body.output.task_id as string;
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as MockAdminError;
      }
      throw new Error('not refused');
    };
    const lower = refused(() => mock.handle.admin.forceStatus(id, 'succeeded' as never));
    expect(lower).toBeInstanceOf(MockAdminError);
    expect(lower.message).toMatchInlineSnapshot(
      `"status must be one of PENDING, RUNNING, SUSPENDED, SUCCEEDED, FAILED, CANCELED, UNKNOWN (the crazyrouter profile's statuses, upper case), received "succeeded""`,
    );
    expect(refused(() => mock.handle.admin.forceStatus(id, 42 as never)).received).toBe('42');
    const unknown = refused(() => mock.handle.admin.forceStatus('nope', 'FAILED'));
    expect(unknown.code).toBe('NotFound');
    expect(refused(() => mock.handle.admin.advance(-5)).message).toMatch(
      /^ms must be a number of milliseconds from 0 to \d+ \(the clock only moves forward\), received -5$/,
    );
    expect(mock.handle.admin.task(id)?.status).toBe('PENDING');
  });

  test('reset forgets tasks, logged requests and the clock offset', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    mock.handle.admin.advance(10_000);
    mock.handle.admin.reset();
    expect(mock.handle.admin.tasks()).toEqual([]);
    expect(mock.handle.admin.requests()).toEqual([]);
    expect(mock.handle.admin.clock().offsetMs).toBe(0);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('UNKNOWN');
  });

  test('keeps the last requests with every key redacted, and not its own', async () => {
    const mock = mockHarness({ requestLogSize: 3 });
    const request = exampleRequest('wan2.2-t2v-plus', 'crazyrouter');
    const leaky = { ...request, input: { ...request.input, prompt: `a cat; my key is ${KEY}` } };
    await mock.submit('crazyrouter', leaky, { authorization: `Bearer ${KEY}` });
    await mock.handle(admin('tasks'));
    for (let i = 0; i < 3; i++) await mock.poll('crazyrouter', `t-${i}`, { authorization: `Bearer ${KEY}` });
    const all = mock.handle.admin.requests();
    expect(all.map((r) => r.path)).toEqual([0, 1, 2].map((i) => `/alibailian/api/v1/tasks/t-${i}`));
    expect(JSON.stringify(all)).not.toContain(KEY);
    expect(all[0]?.headers.authorization).toBe('Bearer ***');
    const fresh = mockHarness();
    await fresh.submit('crazyrouter', leaky, { authorization: `Bearer ${KEY}` });
    const [submit] = fresh.handle.admin.requests(1);
    expect(submit).toMatchObject({ method: 'POST', status: 200, headers: { authorization: 'Bearer ***' } });
    expect(submit?.body).toContain('my key is ***');
    expect(submit?.body).not.toContain(KEY);
    expect(submit?.bodyBytes).toBe(JSON.stringify(leaky).length);
  });

  test('answers the same operations over HTTP, with a clear 400 on bad input', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    const id = body.output.task_id as string;
    const listed = await mock.handle(admin('tasks'));
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await listed.json()) as any).tasks[0]).toMatchObject({ taskId: id, status: 'PENDING' });
    const forced = await mock.handle(admin(`tasks/${id}/status`, postJson({ status: 'SUCCEEDED' })));
    expect(((await forced.json()) as any).task.status).toBe('SUCCEEDED');
    expect((await mock.poll('crazyrouter', id)).body.output.task_status).toBe('SUCCEEDED');

    const bad = await mock.handle(admin(`tasks/${id}/status`, postJson({ status: 'succeeded' })));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'InvalidParameter',
      expected: 'PENDING | RUNNING | SUSPENDED | SUCCEEDED | FAILED | CANCELED | UNKNOWN',
      received: '"succeeded"',
    });
    const empty = await mock.handle(admin(`tasks/${id}/status`, { method: 'POST' }));
    expect(((await empty.json()) as any).message).toMatch(/^the body must be \{"status": "…"\}/);
    const notJson = await mock.handle(admin('clock/advance', postJson('{"ms":')));
    expect(notJson.status).toBe(400);
    const advanced = await mock.handle(admin('clock/advance', postJson({ ms: 'soon' })));
    expect(await advanced.json()).toMatchObject({ code: 'InvalidParameter', received: '"soon"' });
    const missing = await mock.handle(admin('tasks/nope'));
    expect(missing.status).toBe(404);
    const wrongMethod = await mock.handle(admin('reset'));
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
    const lost = await mock.handle(admin('nothing-here'));
    expect(((await lost.json()) as any).message).toContain('GET /__mock/tasks');
    const limit = await mock.handle(admin('requests?limit=0'));
    expect(limit.status).toBe(400);
    const reset = await mock.handle(admin('reset', { method: 'POST' }));
    expect(((await reset.json()) as any).reset).toBe(true);
    expect(mock.handle.admin.tasks()).toEqual([]);
  });

  test('refuses a peer that is not loopback, a browser, and a missing or wrong token', async () => {
    const open = mockHarness();
    const far = await open.handle(admin('tasks'), { remoteAddress: '203.0.113.7' });
    expect(far.status).toBe(403);
    expect(((await far.json()) as any).message).toMatch(
      /answers loopback clients only, received a request from 203\.0\.113\.7/,
    );
    expect((await open.handle(admin('tasks'), { remoteAddress: '::ffff:127.0.0.1' })).status).toBe(200);
    const browser = await open.handle(admin('reset', { method: 'POST', headers: { origin: 'https://evil.example' } }));
    expect(browser.status).toBe(403);
    const rebound = await open.handle(admin('tasks', { headers: { host: 'evil.example' } }), {
      remoteAddress: '127.0.0.1',
    });
    expect(rebound.status).toBe(403);

    const guarded = mockHarness({ adminToken: TOKEN });
    const none = await guarded.handle(admin('tasks'));
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).message).toContain('received neither');
    const wrong = await guarded.handle(admin('tasks', { headers: { 'x-mock-admin-token': 'not-the-token' } }));
    expect(((await wrong.json()) as any).message).toContain('received another token');
    expect((await guarded.handle(admin('tasks', { headers: { authorization: `Bearer ${TOKEN}` } }))).status).toBe(200);
    expect((await guarded.handle(admin('tasks', { headers: { 'x-mock-admin-token': TOKEN } }))).status).toBe(200);
    // With a token and adminRemote, other machines may use it.
    const remote = mockHarness({ adminToken: TOKEN, adminRemote: true });
    const far2 = await remote.handle(admin('tasks', { headers: { 'x-mock-admin-token': TOKEN } }), {
      remoteAddress: '203.0.113.7',
    });
    expect(far2.status).toBe(200);
    expect(() => mockHarness({ adminRemote: true })).toThrow(/adminRemote needs an adminToken/);
    expect(() => mockHarness({ adminToken: 'short' })).toThrow(/adminToken must be at least 8 visible ASCII/);
  });
});

describe('CORS and the body limit in-process', () => {
  test('answers a preflight with the methods and headers a browser client needs', async () => {
    const mock = mockHarness();
    const url = submitUrl('dashscope', 'wan2.2-t2v-plus');
    const preflight = await mock.handle(
      new Request(url, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    const allowed = preflight.headers.get('access-control-allow-headers')?.toLowerCase().split(', ');
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-dashscope-async', 'x-mock-scenario']),
    );
    const answered = await mock.submit('dashscope', exampleRequest('wan2.2-t2v-plus', 'dashscope'));
    expect(answered.headers.get('access-control-allow-origin')).toBe('*');
    expect(answered.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const nowhere = await mock.handle(new Request(`${ORIGIN}/nowhere`, { method: 'OPTIONS' }));
    expect(nowhere.status).toBe(404);
  });

  test('answers a body over the limit with 413 and the contract error body', async () => {
    const mock = mockHarness({ maxBodyBytes: 100 });
    const { status, body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    expect(status).toBe(413);
    expect(body).toMatchObject({
      code: 'BadRequest.TooLarge',
      message: 'the request body must be at most 100 bytes',
      request_id: expect.any(String),
    });
  });
});

describe('admin surface over a socket', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, pendingMs: 60_000, runningMs: 60_000, adminToken: TOKEN });
  });
  afterAll(() => server.close());

  test('lists, forces, advances, logs and resets over HTTP on 127.0.0.1', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${server.url}/__mock/${path}`, {
        ...init,
        headers: { ...auth, ...(init.headers as Record<string, string>) },
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const submitted = await fetch(`${server.baseUrls.dashscope}/services/aigc/video-generation/video-synthesis`, {
      method: 'POST',
      headers: submitHeaders({ authorization: `Bearer ${KEY}` }),
      body: JSON.stringify(exampleRequest('wan2.2-i2v-flash', 'dashscope')),
    });
    const id = ((await submitted.json()) as any).output.task_id as string;
    expect((await call('tasks')).body.tasks.map((t: any) => [t.taskId, t.status])).toEqual([[id, 'PENDING']]);
    expect((await call(`tasks/${id}`)).body.task.model).toBe('wan2.2-i2v-flash');
    expect((await call('clock/advance', postJson({ ms: 60_000 }))).body.clock.offsetMs).toBe(60_000);
    expect(server.admin.task(id)?.status).toBe('RUNNING');
    await call(`tasks/${id}/status`, postJson({ status: 'SUCCEEDED' }));
    const polled = await fetch(`${server.baseUrls.dashscope}/tasks/${id}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(((await polled.json()) as any).output.task_status).toBe('SUCCEEDED');
    const { body: log } = await call('requests?limit=2');
    expect(log.requests.map((r: any) => `${r.method} ${r.status}`)).toEqual(['POST 200', 'GET 200']);
    expect(JSON.stringify(log)).not.toContain(KEY);
    expect(JSON.stringify(log)).not.toContain(TOKEN);
    expect((await call('tasks', { headers: { authorization: 'Bearer wrong-token-000' } })).status).toBe(401);
    expect((await call('reset', { method: 'POST' })).body.reset).toBe(true);
    expect(server.admin.tasks()).toEqual([]);
  });

  test('answers a CORS preflight and a body over the limit over the socket', async () => {
    const small = await startMockServer({ port: 0, maxBodyBytes: 64 });
    try {
      const url = `${small.baseUrls.crazyrouter}/tasks/abc`;
      const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
      const big = await fetch(`${small.baseUrls.crazyrouter}${'/services/aigc/video-generation/video-synthesis'}`, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'crazyrouter')),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get('access-control-allow-origin')).toBe('*');
      expect(((await big.json()) as any).code).toBe('BadRequest.TooLarge');
    } finally {
      await small.close();
    }
  });
});

test('PROFILES keep the admin prefix out of every base path', () => {
  for (const profile of Object.values(PROFILES)) expect(profile.basePath.startsWith('/__mock')).toBe(false);
});
