import { describe, expect, test } from 'vitest';
import { MODELS, modelsOfProfile } from '../../src/contract/models.js';
import { PROFILE_IDS, resultLocationOf } from '../../src/contract/profiles.js';
import { videoUrlOf } from '../../src/contract/schemas/task.js';
import { billTask, quoteAny, quoteRequest, requestedResolution } from '../../src/pricing/index.js';
import { validateSubmitResponse, validateTaskResponse } from '../../src/validate/task.js';
import { exampleRequest, mockHarness } from './helpers.js';

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

describe('task lifecycle', () => {
  for (const profile of PROFILE_IDS) {
    for (const model of modelsOfProfile(profile)) {
      test(`${profile}: ${model} moves PENDING → RUNNING → SUCCEEDED with a valid body at every step`, async () => {
        const mock = mockHarness();
        const request = exampleRequest(model, profile);
        const submitted = await mock.submit(profile, request);
        expect(submitted.status).toBe(200);
        expect(validateSubmitResponse(submitted.body).ok).toBe(true);
        const id = submitted.body.output.task_id as string;
        const seen: string[] = [];
        // pendingMs 1000, runningMs 2000: polls at 0, 1000 and 3000 ms.
        for (const advance of [0, 1000, 2000]) {
          mock.clock.advance(advance);
          const polled = await mock.poll(profile, id);
          expect(polled.status).toBe(200);
          const checked = validateTaskResponse(polled.body, { profile, model });
          expect(checked.ok ? [] : checked.errors).toEqual([]);
          seen.push(polled.body.output.task_status);
        }
        expect(seen).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
        const done = await mock.poll(profile, id);
        const found = videoUrlOf(done.body.output);
        expect(found?.at).toBe(resultLocationOf(profile, MODELS[model].capability));
        expect(found?.url).toBe(`http://mock.test/mock-artifacts/${id}.mp4`);
        for (const field of ['submit_time', 'scheduled_time', 'end_time'])
          expect(done.body.output[field]).toMatch(TIME);
      });
    }
  }

  // Unpriced models are quoted only through a price overlay (test/contract/wan26-27.test.ts).
  test('bills a SUCCEEDED task exactly what its request quotes, for every priced fixed-length model and profile', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    for (const profile of PROFILE_IDS) {
      const priced = modelsOfProfile(profile).filter((m) => MODELS[m].unpriced === null);
      for (const model of priced.filter((m) => MODELS[m].duration.mode === 'fixed')) {
        const request = exampleRequest(model, profile);
        const { body } = await mock.submit(profile, request);
        const task = (await mock.poll(profile, body.output.task_id)).body;
        expect(billTask(request, task, { profile })).toMatchObject({
          amount: quoteRequest(request, { profile }).amount,
          secondsSource: `usage.${MODELS[model].usage.billedField}`,
        });
      }
    }
  });

  test('reports the requested s2v duration under crazyrouter and bills it', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const request = { ...exampleRequest('wan2.2-s2v', 'crazyrouter'), parameters: { resolution: '720P', duration: 5 } };
    const { body } = await mock.submit('crazyrouter', request);
    const task = (await mock.poll('crazyrouter', body.output.task_id)).body;
    expect(task.usage).toEqual({ duration: 5, video_count: 1, SR: 720 });
    expect(billTask(request, task).amount).toBe(quoteRequest(request, { audioSeconds: 5 }).amount);
  });

  test('reports and bills an s2v duration finer than a millisecond exactly', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const request = {
      ...exampleRequest('wan2.2-s2v', 'crazyrouter'),
      parameters: { resolution: '480P', duration: 5.12345 },
    };
    const { body } = await mock.submit('crazyrouter', request);
    const task = (await mock.poll('crazyrouter', body.output.task_id)).body;
    expect(task.usage.duration).toBe(5.12345);
    expect([billTask(request, task).seconds, billTask(request, task).amount]).toEqual(['5.12345', '2.56']);
  });

  test('derives a stable fractional s2v length under 20 s from the audio under dashscope', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const request = exampleRequest('wan2.2-s2v', 'dashscope');
    const lengths: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await mock.submit('dashscope', request);
      const task = (await mock.poll('dashscope', body.output.task_id)).body;
      lengths.push(task.usage.duration);
      const bill = billTask(request, task);
      expect(bill.amount).toBe(
        quoteAny({ model: request.model, resolution: requestedResolution(request), duration: task.usage.duration })
          .amount,
      );
      expect(bill.secondsSource).toBe('usage.duration');
    }
    expect(lengths[0]).toBe(lengths[1]);
    expect(lengths[0]).toBeGreaterThan(0);
    expect(lengths[0]).toBeLessThan(20);
    expect(Number.isInteger(lengths[0])).toBe(false);
  });

  test('keeps a terminal status when the clock moves on, and even when it goes back', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));
    mock.clock.advance(3000);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('SUCCEEDED');
    mock.clock.advance(-3000);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('SUCCEEDED');
    mock.clock.advance(60 * 60 * 1000);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('SUCCEEDED');
  });

  test('writes orig_prompt and actual_prompt, and no actual_prompt when prompt_extend is false', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const extended = exampleRequest('wan2.2-t2v-plus', 'crazyrouter');
    const plain = { ...extended, parameters: { ...extended.parameters, prompt_extend: false } };
    const a = (await mock.poll('crazyrouter', (await mock.submit('crazyrouter', extended)).body.output.task_id)).body
      .output;
    const b = (await mock.poll('crazyrouter', (await mock.submit('crazyrouter', plain)).body.output.task_id)).body
      .output;
    expect(a.orig_prompt).toBe(extended.input.prompt);
    expect(a.actual_prompt).toContain(extended.input.prompt);
    expect(b.orig_prompt).toBe(extended.input.prompt);
    expect(b).not.toHaveProperty('actual_prompt');
  });

  test('answers UNKNOWN with HTTP 200 for an unknown id and for another profile’s task', async () => {
    const mock = mockHarness();
    const unknown = await mock.poll('dashscope', 'no-such-task');
    expect(unknown.status).toBe(200);
    expect(unknown.body.output).toEqual({ task_id: 'no-such-task', task_status: 'UNKNOWN' });
    expect(validateTaskResponse(unknown.body, { profile: 'dashscope' }).ok).toBe(true);
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('UNKNOWN');
  });

  test('expires a task after its time to live', async () => {
    const mock = mockHarness({ taskTtlMs: 10_000 });
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    mock.clock.advance(9_999);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('SUCCEEDED');
    mock.clock.advance(1);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('UNKNOWN');
  });

  test('expires tasks after 24 hours by default', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-i2v-flash', 'dashscope'));
    mock.clock.advance(24 * 60 * 60 * 1000 - 1);
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('SUCCEEDED');
    mock.clock.advance(1);
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('UNKNOWN');
  });
});

describe('cancel', () => {
  test('dashscope: cancels a PENDING task, which then stays CANCELED', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-i2v-flash', 'dashscope'));
    const canceled = await mock.cancel('dashscope', body.output.task_id);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toEqual({ request_id: expect.any(String) });
    mock.clock.advance(10_000);
    const polled = await mock.poll('dashscope', body.output.task_id);
    expect(polled.body.output.task_status).toBe('CANCELED');
    expect(validateTaskResponse(polled.body, { profile: 'dashscope' }).ok).toBe(true);
  });

  test('dashscope: refuses to cancel a RUNNING task with the official 400 UnsupportedOperation', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('dashscope', exampleRequest('wan2.2-i2v-flash', 'dashscope'));
    mock.clock.advance(1500);
    const refused = await mock.cancel('dashscope', body.output.task_id);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'UnsupportedOperation',
      message: expect.stringMatching(
        /^Failed to cancel the task, please confirm if the task is in PENDING status\..*is RUNNING/,
      ),
    });
    mock.clock.advance(5000);
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('SUCCEEDED');
  });

  test('crazyrouter: has no cancel route (404)', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    const refused = await mock.cancel('crazyrouter', body.output.task_id);
    expect(refused.status).toBe(404);
    expect((await mock.poll('crazyrouter', body.output.task_id)).body.output.task_status).toBe('PENDING');
  });
});
