import { describe, expect, test } from 'vitest';
import { MODELS } from '../../src/contract/models.js';
import { billTask } from '../../src/pricing/index.js';
import { validateTaskResponse } from '../../src/validate/task.js';
import { exampleRequest, mockHarness } from './helpers.js';

const request = exampleRequest('wan2.5-i2v-preview', 'dashscope');

describe('scenarios', () => {
  test('fail: the task ends FAILED with a task-level code and message, and costs nothing', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', request, { 'X-Mock-Scenario': 'fail' });
    mock.clock.advance(3000);
    const polled = (await mock.poll('dashscope', body.output.task_id)).body;
    expect(polled.output).toMatchObject({
      task_status: 'FAILED',
      code: 'InternalError.Algo',
      message: expect.stringContaining('fail'),
    });
    expect(validateTaskResponse(polled, { profile: 'dashscope', model: request.model }).ok).toBe(true);
    expect(billTask(request, polled).amount).toBe('0.00');
  });

  test('stuck: the task stays RUNNING until it expires', async () => {
    const mock = mockHarness({ taskTtlMs: 60 * 60 * 1000 });
    const { body } = await mock.submit('dashscope', request, { 'X-Mock-Scenario': 'stuck' });
    mock.clock.advance(60 * 60 * 1000 - 1);
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('RUNNING');
    mock.clock.advance(1);
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('UNKNOWN');
  });

  test('moderation: rejects the submit with 400 DataInspectionFailed', async () => {
    const mock = mockHarness();
    const refused = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'), {
      'X-Mock-Scenario': 'moderation',
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'DataInspectionFailed' } });
  });
});

describe('rate limits', () => {
  test('answers 429 Throttling.RateQuota past the model’s submits per second, then recovers', async () => {
    const mock = mockHarness({ rateLimits: true, pendingMs: 0, runningMs: 0 });
    const model = 'wan2.2-t2v-plus';
    const { submitRps } = MODELS[model].rateLimits;
    const statuses: number[] = [];
    for (let i = 0; i <= submitRps; i++)
      statuses.push((await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'))).status);
    expect(statuses).toEqual([...Array(submitRps).fill(200), 429]);
    const last = await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'));
    expect(last.body.code).toBe('Throttling.RateQuota');
    expect(last.headers.get('retry-after')).toBe('1');
    mock.clock.advance(1000);
    expect((await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'))).status).toBe(200);
  });

  test('answers 429 LimitRequests past the model’s concurrent tasks, until one finishes', async () => {
    const mock = mockHarness({ rateLimits: true, pendingMs: 1000, runningMs: 10_000 });
    const model = 'wan2.2-s2v';
    const { concurrentTasks } = MODELS[model].rateLimits;
    for (let i = 0; i < concurrentTasks; i++)
      expect((await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'))).status).toBe(200);
    mock.clock.advance(2000);
    const refused = await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'));
    expect(refused).toMatchObject({ status: 429, body: { code: 'LimitRequests' } });
    expect(refused.headers.get('retry-after')).toBe('1');
    mock.clock.advance(10_000);
    expect((await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'))).status).toBe(200);
  });

  test('counts limits per API key', async () => {
    const mock = mockHarness({ rateLimits: true });
    const model = 'wan2.2-s2v';
    expect((await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'))).status).toBe(200);
    expect((await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'))).status).toBe(429);
    expect(
      (await mock.submit('crazyrouter', exampleRequest(model, 'crazyrouter'), { authorization: 'Bearer other-key' }))
        .status,
    ).toBe(200);
  });

  test('does not limit without the rateLimits option', async () => {
    const mock = mockHarness();
    for (let i = 0; i < 10; i++)
      expect((await mock.submit('crazyrouter', exampleRequest('wan2.2-s2v', 'crazyrouter'))).status).toBe(200);
  });
});
