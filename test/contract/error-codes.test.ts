import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../src/client.js';
import { judge } from '../../src/rules/judge.js';
import { isOfficialErrorCode, isWellFormedErrorCode, statusesOfCode } from '../../src/contract/schemas/error.js';

// help.aliyun.com/zh/model-studio/error-code: "models may add their own codes", so the list is open.

function answer(status: number, body: unknown): Exchange {
  return {
    seq: 1,
    operation: 'submit',
    request: { method: 'POST', url: '/api/v1/x', headers: {} },
    response: { status, headers: { 'content-type': 'application/json' }, body, bytes: 10 },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    curl: '',
  };
}
const spec = { status: '4xx', body: 'error-body', code: 'official' } as const;
const ctx = { profile: 'dashscope', model: null } as const;

describe('error codes', () => {
  test.each([
    ['UnsupportedOperation', 400],
    ['IPInfringementSuspect', 400],
    ['Workspace.AccessDenied', 403],
    ['CommodityNotPurchased', 429],
    ['PrepaidBillOverdue', 429],
    ['PostpaidBillOverdue', 429],
    ['Throttling.BurstRate', 429],
    ['NOT AUTHORIZED', 401],
  ])('lists the documented %s under HTTP %i', (code, status) => {
    expect(isOfficialErrorCode(code)).toBe(true);
    expect(statusesOfCode(code)).toContain(status);
  });

  test.each([
    ['Wan.VideoTooShort', true],
    ['invalid_api_key', true],
    ['NOT AUTHORIZED', true],
    ['', false],
    ['bad code!', false],
    ['.Leading', false],
    [42, false],
  ])('calls %j well-formed: %s', (code, want) => {
    expect(isWellFormedErrorCode(code)).toBe(want);
  });

  test('passes a known code without a note', () => {
    const body = { request_id: 'r', code: 'InvalidParameter', message: 'm' };
    expect(judge(spec, [answer(400, body)], ctx)).toEqual({ outcome: 'pass' });
  });

  test('passes a well-formed unknown code with a warning, never a failure', () => {
    const body = { request_id: 'r', code: 'Wan.VideoTooShort', message: 'm' };
    expect(judge(spec, [answer(400, body)], ctx)).toEqual({
      outcome: 'pass',
      message: expect.stringMatching(/^warning: .*"Wan\.VideoTooShort" is not on the official list/),
    });
  });

  test('fails a malformed code', () => {
    const body = { request_id: 'r', code: 'bad code!', message: 'm' };
    expect(judge(spec, [answer(400, body)], ctx)).toMatchObject({ outcome: 'fail' });
  });
});
