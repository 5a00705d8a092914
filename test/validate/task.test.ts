import { describe, expect, test } from 'vitest';
import { TASK_STATUSES } from '../../src/contract/statuses.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../../src/validate/task.js';

const succeeded = (output: Record<string, unknown>) => ({
  request_id: 'r',
  output: { task_id: 't', task_status: 'SUCCEEDED', ...output },
  usage: { video_duration: 5 },
});
const url = 'https://example.com/v.mp4';

describe('validateTaskResponse', () => {
  test('accepts the official SUCCEEDED example with every usage variant', () => {
    const body = {
      request_id: 'r',
      output: {
        task_id: 't',
        task_status: 'SUCCEEDED',
        submit_time: '2025-04-18 10:36:58.394',
        scheduled_time: '2025-04-18 10:37:13.802',
        end_time: '2025-04-18 10:45:23.004',
        video_url: url,
        orig_prompt: 'a',
        actual_prompt: 'b',
      },
      usage: {
        video_duration: 5,
        video_count: 1,
        SR: '480',
        video_ratio: '16:9',
        fps: 24,
        size: '832*480',
        duration: 5,
      },
    };
    expect(validateTaskResponse(body).ok).toBe(true);
  });

  test.each(TASK_STATUSES.filter((s) => s !== 'SUCCEEDED' && s !== 'FAILED'))(
    'accepts a %s task without a result',
    (status) => {
      expect(validateTaskResponse({ request_id: 'r', output: { task_id: 't', task_status: status } }).ok).toBe(true);
    },
  );

  test('rejects a lower-case status, naming the contract values', () => {
    const result = validateTaskResponse({ request_id: 'r', output: { task_id: 't', task_status: 'succeeded' } });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      'output.task_status must be PENDING, RUNNING, SUSPENDED, SUCCEEDED, FAILED, CANCELED or UNKNOWN, received "succeeded"',
    ]);
  });

  test('requires the video URL of a SUCCEEDED task at output.video_url under crazyrouter', () => {
    expect(validateTaskResponse(succeeded({ results: { video_url: url } }), { profile: 'crazyrouter' }).ok).toBe(false);
    expect(
      validateTaskResponse(succeeded({ video_url: url }), { profile: 'crazyrouter', model: 'wan2.2-s2v' }).ok,
    ).toBe(true);
  });

  test('requires the s2v result at output.results.video_url under dashscope', () => {
    const wrong = validateTaskResponse(succeeded({ video_url: url }), { profile: 'dashscope', model: 'wan2.2-s2v' });
    expect(wrong.ok ? null : wrong.errors[0]).toMatchObject({
      code: 'result-location',
      path: 'output.results.video_url',
      received: 'output.video_url',
    });
    expect(
      validateTaskResponse(succeeded({ results: { video_url: url } }), { profile: 'dashscope', model: 'wan2.2-s2v' })
        .ok,
    ).toBe(true);
    expect(
      validateTaskResponse(succeeded({ video_url: url }), { profile: 'dashscope', model: 'wan2.2-t2v-plus' }).ok,
    ).toBe(true);
  });

  test('rejects a SUCCEEDED task without any video URL under dashscope', () => {
    const result = validateTaskResponse(succeeded({}), { profile: 'dashscope' });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['anyOf']);
  });

  test.each([
    { name: 'a relative video URL', body: succeeded({ video_url: '/v.mp4' }), path: 'output.video_url' },
    {
      name: 'a FAILED task without code',
      body: { request_id: 'r', output: { task_id: 't', task_status: 'FAILED', message: 'm' } },
      path: 'output.code',
    },
    { name: 'a missing request_id', body: { output: { task_id: 't', task_status: 'PENDING' } }, path: 'request_id' },
    {
      name: 'a zoned time',
      body: { request_id: 'r', output: { task_id: 't', task_status: 'PENDING', submit_time: '2025-04-18T10:36:58Z' } },
      path: 'output.submit_time',
    },
    {
      name: 'a string video_duration',
      body: { ...succeeded({ video_url: url }), usage: { video_duration: '5' } },
      path: 'usage.video_duration',
    },
  ])('rejects $name at $path', ({ body, path }) => {
    const result = validateTaskResponse(body);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toContain(path);
  });

  test.each([null, 'x', [], 1, { output: null }])('never throws on %j', (body) => {
    expect(validateTaskResponse(body).ok).toBe(false);
  });
});

describe('validateSubmitResponse', () => {
  test('accepts PENDING and refuses a terminal status at submit', () => {
    expect(validateSubmitResponse({ request_id: 'r', output: { task_id: 't', task_status: 'PENDING' } }).ok).toBe(true);
    expect(validateSubmitResponse({ request_id: 'r', output: { task_id: 't', task_status: 'SUCCEEDED' } }).ok).toBe(
      false,
    );
  });
});

describe('validateErrorBody', () => {
  test('requires request_id, code and message', () => {
    expect(validateErrorBody({ request_id: 'r', code: 'InvalidParameter', message: 'm' }).ok).toBe(true);
    const result = validateErrorBody({ error: { message: 'm' } });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['request_id', 'code', 'message']);
  });
});
