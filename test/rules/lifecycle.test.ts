import { describe, expect, test } from 'vitest';
import { exampleRequest } from '../../src/contract/examples.js';
import type { Exchange } from '../../src/client.js';
import { judgeLifecycle, loadCases, type ObservedTask } from '../../src/conformance.js';

const model = 'wan2.2-t2v-plus' as const;
const request = exampleRequest(model, 'crazyrouter', '1080P') as unknown as Record<string, unknown>;
const ID = 'task-1';

function poll(seq: number, status: string, extra: Record<string, unknown> = {}): Exchange {
  const output: Record<string, unknown> = { task_id: ID, task_status: status, ...extra };
  const succeeded = status === 'SUCCEEDED';
  if (succeeded) output.video_url = 'https://cdn.example/v.mp4';
  const body = {
    request_id: `r${seq}`,
    output,
    ...(succeeded ? { usage: { video_duration: 5, video_ratio: '1920*1080', video_count: 1 } } : {}),
  };
  return {
    seq,
    operation: 'getTask',
    request: { method: 'GET', url: `/tasks/${ID}`, headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body, bytes: 100 },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    curl: '',
  };
}

function task(polls: Exchange[], repoll?: Exchange): ObservedTask {
  const last = polls[polls.length - 1]?.response?.body as { output: { task_status: string } } | undefined;
  const status = last?.output.task_status;
  const finished = status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELED';
  return {
    profile: 'crazyrouter',
    model,
    request,
    taskId: ID,
    polls,
    repoll,
    ...(finished ? { finalStatus: status } : {}),
    end: finished ? { kind: 'finished', status: status as string } : { kind: 'timeout', message: 'no end in time' },
  };
}

const failing = (t: ObservedTask) =>
  judgeLifecycle(loadCases(), t)
    .filter((v) => v.level === 'MUST' && v.outcome !== 'pass' && v.outcome !== 'skip')
    .map((v) => `${v.caseId}:${v.outcome}`);

describe('judgeLifecycle', () => {
  test('passes a task that runs PENDING → RUNNING → SUCCEEDED and stays SUCCEEDED', () => {
    expect(failing(task([poll(1, 'PENDING'), poll(2, 'RUNNING'), poll(3, 'SUCCEEDED')], poll(4, 'SUCCEEDED')))).toEqual(
      [],
    );
  });

  test.each([
    [
      'a status moving back',
      [poll(1, 'RUNNING'), poll(2, 'PENDING'), poll(3, 'SUCCEEDED')],
      undefined,
      'status-moves-forward:fail',
    ],
    [
      'a task id that changes',
      [poll(1, 'RUNNING', { task_id: 'other' }), poll(2, 'SUCCEEDED')],
      undefined,
      'task-id-stable:fail',
    ],
    ['a terminal status that changes', [poll(1, 'SUCCEEDED')], poll(2, 'RUNNING'), 'terminal-status-stays:fail'],
    ['a task that never ends', [poll(1, 'RUNNING')], undefined, 'task-ends-in-time:timeout'],
  ])('names the case of %s', (_name, polls, repoll, want) => {
    expect(failing(task(polls, repoll))).toContain(want);
  });

  test('names usage-matches-price when usage bills other seconds than the request', () => {
    const last = poll(2, 'SUCCEEDED');
    (last.response!.body as { usage: { video_duration: number } }).usage.video_duration = 10;
    expect(failing(task([poll(1, 'RUNNING'), last]))).toContain('usage-matches-price:fail');
  });

  test('an unpriced model makes usage-matches-price unverifiable (skip with the reason), never a failure', () => {
    const unpriced = 'wan2.6-t2v' as const;
    const last = poll(2, 'SUCCEEDED');
    (last.response!.body as { usage: unknown }).usage = { duration: 5, size: '1280*720', SR: 720, video_count: 1 };
    const observed: ObservedTask = {
      ...task([poll(1, 'RUNNING'), last]),
      profile: 'dashscope',
      model: unpriced,
      request: exampleRequest(unpriced, 'dashscope') as unknown as Record<string, unknown>,
    };
    const verdict = judgeLifecycle(loadCases(), observed).find((v) => v.caseId === 'usage-matches-price');
    expect(verdict).toMatchObject({
      outcome: 'skip',
      message: expect.stringMatching(/not verifiable: .*price is not published/),
    });
  });
});
