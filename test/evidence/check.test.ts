import { describe, expect, test } from 'vitest';
import { checkTask, isRegistryRecord, type ViolationKind } from '../../src/evidence/index.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { taskRecord } from './records.js';

function kinds(record: TaskLogRecord): ViolationKind[] {
  if (!isRegistryRecord(record)) throw new Error('not a registry model');
  return checkTask(record).violations.map((v) => v.kind);
}

type Final = {
  http_status: number;
  body: { request_id: string; output: Record<string, unknown>; usage?: Record<string, unknown> };
};
const finalOf = (r: TaskLogRecord) => r.final as Final;

function withFinal(record: TaskLogRecord, change: (final: Final) => Final): TaskLogRecord {
  return { ...record, final: change(structuredClone(finalOf(record))) };
}

describe('checkTask', () => {
  test.each([
    ['succeeded', 'wan2.2-kf2v-flash', 'crazyrouter'],
    ['succeeded', 'wan2.2-s2v', 'dashscope'],
    ['succeeded', 'wan2.5-t2v-preview', 'dashscope'],
    ['failed', 'wan2.2-i2v-flash', 'crazyrouter'],
    ['rejected', 'wan2.2-t2v-plus', 'crazyrouter'],
    ['unfinished', 'wan2.2-i2v-plus', 'dashscope'],
  ] as const)('finds no violation in a %s %s task under %s', (outcome, model, profile) => {
    expect(kinds(taskRecord({ model, outcome, profile }))).toEqual([]);
  });

  test('reads outcome, resolution, code and bill of a task', () => {
    const record = taskRecord({ model: 'wan2.2-kf2v-flash', resolution: '1080P' });
    const facts = isRegistryRecord(record) ? checkTask(record) : undefined;
    expect(facts).toMatchObject({
      outcome: 'succeeded',
      resolution: '1080P',
      resultUrl: true,
      requestValid: true,
      bill: { amount: '2.40', seconds: '5' },
    });
  });

  const broken: [string, () => TaskLogRecord, ViolationKind][] = [
    [
      'a 720P wan2.2-t2v-plus request accepted',
      () => ({
        ...taskRecord({ model: 'wan2.2-t2v-plus' }),
        request: { model: 'wan2.2-t2v-plus', input: { prompt: 'x' }, parameters: { resolution: '720P' } },
      }),
      'accepted-invalid-request',
    ],
    [
      'a submit answer without request_id',
      () => ({
        ...taskRecord({ model: 'wan2.2-i2v-flash' }),
        submit: { http_status: 200, body: { output: { task_id: 't', task_status: 'PENDING' } } },
      }),
      'submit-answer',
    ],
    [
      'an error answer of another shape',
      () => ({
        ...taskRecord({ model: 'wan2.2-i2v-flash', outcome: 'rejected' }),
        submit: { http_status: 400, body: { error: { message: 'bad' } } },
      }),
      'error-body',
    ],
    [
      'a malformed error code',
      () => taskRecord({ model: 'wan2.2-i2v-flash', outcome: 'rejected', failCode: 'bad thing!' }),
      'error-code',
    ],
    [
      'a 500 for a forbidden request',
      () => ({
        ...taskRecord({ model: 'wan2.2-t2v-plus', outcome: 'rejected', failCode: 'InternalError' }),
        request: { model: 'wan2.2-t2v-plus', input: {} },
        submit: { http_status: 500, body: { request_id: 'r', code: 'InternalError', message: 'x' } },
      }),
      'rejection-status',
    ],
    [
      'a task query answering 500',
      () =>
        withFinal(taskRecord({ model: 'wan2.2-i2v-flash' }), () => ({
          http_status: 500,
          body: { request_id: 'r', output: {} },
        })),
      'final-status',
    ],
    [
      'a lower-case succeeded',
      () =>
        withFinal(taskRecord({ model: 'wan2.2-i2v-flash' }), (f) => ({
          ...f,
          body: { ...f.body, output: { ...f.body.output, task_status: 'succeeded' } },
        })),
      'final-answer',
    ],
    [
      'an s2v result at output.video_url under dashscope',
      () =>
        withFinal(taskRecord({ model: 'wan2.2-s2v', profile: 'dashscope' }), (f) => ({
          ...f,
          body: {
            ...f.body,
            output: { ...f.body.output, results: undefined, video_url: 'https://cdn.example.com/v.mp4' },
          },
        })),
      'final-answer',
    ],
    ['SUCCEEDED without a video URL', () => taskRecord({ model: 'wan2.2-kf2v-flash', result: 'none' }), 'final-answer'],
    [
      'a task id that changes',
      () =>
        withFinal(taskRecord({ model: 'wan2.2-i2v-flash' }), (f) => ({
          ...f,
          body: { ...f.body, output: { ...f.body.output, task_id: 'other' } },
        })),
      'task-id-changed',
    ],
    [
      'usage billing ten seconds of a five-second model',
      () => taskRecord({ model: 'wan2.2-kf2v-flash', usageSeconds: 10 }),
      'usage-mismatch',
    ],
    [
      'an s2v success without usage seconds',
      () =>
        withFinal(taskRecord({ model: 'wan2.2-s2v', profile: 'dashscope' }), (f) => ({
          ...f,
          body: { ...f.body, usage: {} },
        })),
      'unbillable',
    ],
  ];
  test.each(broken)('reports %s', (_name, build, kind) => {
    expect(kinds(build())).toContain(kind);
  });

  test('accepts a well-formed code the official list lacks: the list is open, models add their own', () => {
    expect(
      kinds(taskRecord({ model: 'wan2.2-i2v-flash', outcome: 'rejected', failCode: 'Wan.VideoTooShort' })),
    ).toEqual([]);
  });

  test('counts a rejected task by its error code', () => {
    const record = taskRecord({ model: 'wan2.2-t2v-plus', outcome: 'rejected', failCode: 'Throttling' });
    expect(isRegistryRecord(record) && checkTask(record)).toMatchObject({
      outcome: 'rejected',
      code: 'Throttling',
      bill: undefined,
    });
  });

  test('leaves models outside the registry to the caller', () => {
    expect(isRegistryRecord({ ...taskRecord({ model: 'wan2.2-t2v-plus' }), model: 'wan9-unknown' })).toBe(false);
  });
});
