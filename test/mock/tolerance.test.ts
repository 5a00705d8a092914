import { describe, expect, test } from 'vitest';
import { validateTaskResponse } from '../../src/validate/task.js';
import { exampleRequest, mockHarness } from './helpers.js';

describe('tolerance of real clients', () => {
  test('polls with a trailing slash and a query string, as the Python SDK does', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-i2v-plus', 'dashscope'));
    for (const suffix of ['/', '/?', '?a=1', '/?x=1&y=2', '//']) {
      const polled = await mock.poll('dashscope', body.output.task_id, {}, suffix);
      expect(polled.body.output.task_status).toBe('SUCCEEDED');
    }
  });

  test('accepts the extra fields official SDKs send', async () => {
    const mock = mockHarness();
    const request = exampleRequest('wan2.2-i2v-flash', 'dashscope');
    const withExtras = {
      ...request,
      input: { ...request.input, extend_prompt: true, function: 'image2video' },
      parameters: { ...request.parameters, with_audio: false, shot_type: 'single' },
    };
    expect((await mock.submit('dashscope', withExtras)).status).toBe(200);
  });

  test('ignores Content-Type, X-DashScope-Async and idempotency-key on a poll', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-i2v-flash', 'dashscope'));
    const polled = await mock.poll('dashscope', body.output.task_id, {
      'content-type': 'application/json',
      'X-DashScope-Async': 'enable',
      'idempotency-key': 'abc-123',
    });
    expect(polled.status).toBe(200);
    expect(validateTaskResponse(polled.body, { profile: 'dashscope' }).ok).toBe(true);
  });

  test('accepts X-DashScope-Async and a charset on crazyrouter submits', async () => {
    const mock = mockHarness();
    const sent = await mock.submit('crazyrouter', exampleRequest('wan2.5-t2v-preview', 'crazyrouter'), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(sent.status).toBe(200);
  });

  test('writes the publicBaseUrl into video_url', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0, publicBaseUrl: 'http://localhost:4010/' });
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    const polled = await mock.poll('crazyrouter', body.output.task_id);
    expect(polled.body.output.video_url).toBe(`http://localhost:4010/mock-artifacts/${body.output.task_id}.mp4`);
  });
});
