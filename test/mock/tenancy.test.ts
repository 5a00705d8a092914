import { describe, expect, test } from 'vitest';
import { PROFILES } from '../../src/contract/profiles.js';
import { startMockServer } from '../../src/mock/index.js';
import { exampleRequest, mockHarness, ORIGIN, submitHeaders, submitUrl } from './helpers.js';

const OTHER = { authorization: 'Bearer another-account-key' };

describe('tasks belong to the key that created them (in process)', () => {
  test('another key polls the task as UNKNOWN, with no result', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    const id = body.output.task_id as string;
    expect((await mock.poll('crazyrouter', id)).body.output.task_status).toBe('SUCCEEDED');
    const other = await mock.poll('crazyrouter', id, OTHER);
    expect(other.status).toBe(200);
    expect(other.body.output).toEqual({ task_id: id, task_status: 'UNKNOWN' });
  });

  test('another key cannot cancel the task: it gets the unknown-task answer and the task stays PENDING', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-t2v-plus', 'dashscope'));
    const id = body.output.task_id as string;
    const other = await mock.handle(
      new Request(`${ORIGIN}${PROFILES.dashscope.basePath}/tasks/${id}/cancel`, { method: 'POST', headers: OTHER }),
    );
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringMatching(/does not exist/),
    });
    expect((await mock.poll('dashscope', id)).body.output.task_status).toBe('PENDING');
    expect((await mock.cancel('dashscope', id)).status).toBe(200);
    expect((await mock.poll('dashscope', id)).body.output.task_status).toBe('CANCELED');
  });

  test('lists each key its own tasks only', async () => {
    const mock = mockHarness();
    await mock.submit('dashscope', exampleRequest('wan2.2-t2v-plus', 'dashscope'));
    const list = async (headers: Record<string, string>) =>
      (await (await mock.handle(new Request(`${ORIGIN}/api/v1/tasks`, { headers }))).json()) as { total: number };
    expect((await list({ authorization: 'Bearer test-key' })).total).toBe(1);
    expect((await list(OTHER)).total).toBe(0);
  });

  test('accepts every key of apiKeys besides apiKey, each an account of its own, and refuses any other', async () => {
    const mock = mockHarness({ apiKey: 'test-key', apiKeys: ['another-account-key'] });
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    const id = body.output.task_id as string;
    expect((await mock.poll('crazyrouter', id)).body.output.task_status).toBe('PENDING');
    expect((await mock.poll('crazyrouter', id, OTHER)).body.output.task_status).toBe('UNKNOWN');
    const stranger = await mock.poll('crazyrouter', id, { authorization: 'Bearer sk-nobody' });
    expect(stranger.status).toBe(401);
    expect(stranger.body.code).toBe('InvalidApiKey');
  });
});

describe('tasks belong to the key that created them (over a socket)', () => {
  test('another key polls UNKNOWN and cannot cancel; the owner still reads the task', async () => {
    const server = await startMockServer({ pendingMs: 60_000, runningMs: 0 });
    try {
      const submitted = await fetch(submitUrl('dashscope', 'wan2.2-t2v-plus', server.url), {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
      });
      const id = ((await submitted.json()) as { output: { task_id: string } }).output.task_id;
      const task = `${server.baseUrls.dashscope}/tasks/${id}`;
      const other = (await (await fetch(task, { headers: OTHER })).json()) as { output: unknown };
      expect(other.output).toEqual({ task_id: id, task_status: 'UNKNOWN' });
      expect((await fetch(`${task}/cancel`, { method: 'POST', headers: OTHER })).status).toBe(400);
      const own = (await (await fetch(task, { headers: { authorization: 'Bearer test-key' } })).json()) as {
        output: { task_status: string };
      };
      expect(own.output.task_status).toBe('PENDING');
    } finally {
      await server.close();
    }
  });
});
