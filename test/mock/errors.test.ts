import { describe, expect, test } from 'vitest';
import { PROFILES } from '../../src/contract/profiles.js';
import { createMockHandler } from '../../src/mock.js';
import { validateErrorBody } from '../../src/validate/task.js';
import { exampleRequest, mockHarness, ORIGIN, submitHeaders, submitUrl } from './helpers.js';

const handle = createMockHandler({ pendingMs: 0, runningMs: 0, maxBodyBytes: 4096 });
const submit = submitUrl('crazyrouter', 'wan2.2-t2v-plus');
const valid = JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'crazyrouter'));

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as { request_id: string; code: string; message: string };
  expect(validateErrorBody(body).ok).toBe(true);
  expect(response.headers.get('x-request-id')).toBe(body.request_id);
  return { status: response.status, code: body.code, message: body.message, allow: response.headers.get('allow') };
}

describe('error answers', () => {
  test('answers 401 InvalidApiKey without a key', async () => {
    const res = await handle(
      new Request(submit, { method: 'POST', headers: { 'content-type': 'application/json' }, body: valid }),
    );
    expect(await errorOf(res)).toMatchObject({ status: 401, code: 'InvalidApiKey', message: 'No API-key provided.' });
  });

  test('answers 401 InvalidApiKey for an empty bearer key', async () => {
    const res = await handle(new Request(`${ORIGIN}/api/v1/tasks/x`, { headers: { authorization: 'Bearer   ' } }));
    expect(await errorOf(res)).toMatchObject({ status: 401, code: 'InvalidApiKey' });
  });

  test('accepts only the configured key when apiKey is set', async () => {
    const strict = createMockHandler({ apiKey: 'sk-right' });
    const wrong = await strict(
      new Request(`${ORIGIN}/api/v1/tasks/x`, { headers: { authorization: 'Bearer sk-wrong' } }),
    );
    expect(await errorOf(wrong)).toMatchObject({
      status: 401,
      code: 'InvalidApiKey',
      message: 'Invalid API-key provided.',
    });
    const right = await strict(
      new Request(`${ORIGIN}/api/v1/tasks/x`, { headers: { authorization: 'Bearer sk-right' } }),
    );
    expect(right.status).toBe(200);
  });

  test('answers 404 for a path outside the contract', async () => {
    for (const path of [
      '/',
      '/api/v2/tasks/x',
      '/alibailian/api/v1/tasks/',
      '/alibailian/api/v1/tasks/a/b',
      '/api/v1/services/aigc/text2video/video-synthesis',
    ]) {
      const res = await handle(new Request(`${ORIGIN}${path}`, { headers: { authorization: 'Bearer k' } }));
      expect(await errorOf(res)).toMatchObject({ status: 404, code: 'NotFound' });
    }
  });

  test('answers 405 with Allow for a wrong method', async () => {
    const onSubmit = await handle(new Request(submit, { headers: { authorization: 'Bearer k' } }));
    expect(await errorOf(onSubmit)).toMatchObject({ status: 405, code: 'MethodNotAllowed', allow: 'POST' });
    const onTask = await handle(
      new Request(`${ORIGIN}/alibailian/api/v1/tasks/x`, { method: 'DELETE', headers: { authorization: 'Bearer k' } }),
    );
    expect(await errorOf(onTask)).toMatchObject({ status: 405, allow: 'GET' });
  });

  test('answers 413 BadRequest.TooLarge above the body limit, declared or streamed', async () => {
    const big = JSON.stringify({ model: 'wan2.2-t2v-plus', input: { prompt: 'x'.repeat(5000) } });
    const declared = await handle(new Request(submit, { method: 'POST', headers: submitHeaders(), body: big }));
    expect(await errorOf(declared)).toMatchObject({ status: 413, code: 'BadRequest.TooLarge' });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.close();
      },
    });
    const streamed = await handle(
      new Request(submit, { method: 'POST', headers: submitHeaders(), body: stream, duplex: 'half' } as RequestInit),
    );
    expect(await errorOf(streamed)).toMatchObject({ status: 413, code: 'BadRequest.TooLarge' });
  });

  test('answers 415 for a body that is not declared JSON', async () => {
    const res = await handle(
      new Request(submit, {
        method: 'POST',
        headers: submitHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: valid,
      }),
    );
    expect(await errorOf(res)).toMatchObject({ status: 415, code: 'UnsupportedMediaType' });
  });

  test('answers 400 InvalidParameter for malformed JSON, an empty body and invalid UTF-8', async () => {
    for (const body of ['{"model":', '', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]) {
      const res = await handle(new Request(submit, { method: 'POST', headers: submitHeaders(), body }));
      expect(await errorOf(res)).toMatchObject({ status: 400, code: 'InvalidParameter' });
    }
  });

  test('answers 400 InvalidParameter naming the field and the allowed values', async () => {
    const body = JSON.stringify({ ...JSON.parse(valid), parameters: { resolution: '720P' } });
    const res = await handle(new Request(submit, { method: 'POST', headers: submitHeaders(), body }));
    expect(await errorOf(res)).toMatchInlineSnapshot(`
      {
        "allow": null,
        "code": "InvalidParameter",
        "message": "wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P"",
        "status": 400,
      }
    `);
  });

  test('answers 400 InvalidParameter for an unknown model, naming the models', async () => {
    const res = await handle(
      new Request(submit, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify({ model: 'wan9-t2v', input: { prompt: 'x' } }),
      }),
    );
    const error = await errorOf(res);
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(error.message).toContain('wan2.2-t2v-plus');
  });

  test('answers BadRequest.EmptyModel and BadRequest.EmptyInput for a missing model or input', async () => {
    const noModel = await handle(
      new Request(submit, { method: 'POST', headers: submitHeaders(), body: '{"input":{"prompt":"x"}}' }),
    );
    expect(await errorOf(noModel)).toMatchObject({ status: 400, code: 'BadRequest.EmptyModel' });
    const noInput = await handle(
      new Request(submit, { method: 'POST', headers: submitHeaders(), body: '{"model":"wan2.2-t2v-plus"}' }),
    );
    expect(await errorOf(noInput)).toMatchObject({ status: 400, code: 'BadRequest.EmptyInput' });
  });

  test('dashscope: answers 403 AccessDenied to a submit without X-DashScope-Async', async () => {
    const headers = submitHeaders();
    delete headers['X-DashScope-Async'];
    const res = await handle(
      new Request(submitUrl('dashscope', 'wan2.2-t2v-plus'), {
        method: 'POST',
        headers,
        body: JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
      }),
    );
    expect(await errorOf(res)).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: expect.stringContaining('does not support synchronous calls'),
    });
  });

  test('crazyrouter: accepts a submit without X-DashScope-Async', async () => {
    const headers = submitHeaders();
    delete headers['X-DashScope-Async'];
    const res = await handle(new Request(submit, { method: 'POST', headers, body: valid }));
    expect(res.status).toBe(200);
  });

  test('dashscope: answers 400 naming the right path for a model submitted at another model’s path', async () => {
    const mock = mockHarness();
    const res = await mock.handle(
      new Request(`${ORIGIN}${PROFILES.dashscope.basePath}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-kf2v-flash', 'dashscope')),
      }),
    );
    expect(await errorOf(res)).toMatchObject({
      status: 400,
      code: 'InvalidParameter',
      message: expect.stringContaining('/api/v1/services/aigc/image2video/video-synthesis'),
    });
  });

  test('gives every answer a distinct request_id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++)
      ids.add((await handle(new Request(`${ORIGIN}/nope`))).headers.get('x-request-id') ?? '');
    expect(ids.size).toBe(5);
  });
});
