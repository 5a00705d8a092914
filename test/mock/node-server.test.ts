import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock.js';
import { validateTaskResponse } from '../../src/validate/task.js';
import { exampleRequest, submitHeaders } from './helpers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, pendingMs: 0, runningMs: 0, maxBodyBytes: 64 * 1024 });
});
afterAll(() => server.close());

function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const parts: Buffer[] = [];
        res
          .on('data', (c: Buffer) => parts.push(c))
          .on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }),
          );
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('startMockServer', () => {
  test('binds a free port on 127.0.0.1 and gives each profile its base URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.baseUrls).toEqual({
      crazyrouter: `http://127.0.0.1:${server.port}/alibailian/api/v1`,
      dashscope: `http://127.0.0.1:${server.port}/api/v1`,
    });
  });

  test('runs the page’s image-to-video example to a downloadable MP4 over HTTP', async () => {
    const request = exampleRequest('wan2.5-i2v-preview', 'crazyrouter');
    const submitted = await fetch(`${server.baseUrls.crazyrouter}/services/aigc/video-generation/video-synthesis`, {
      method: 'POST',
      headers: submitHeaders(),
      body: JSON.stringify(request),
    });
    const { output } = (await submitted.json()) as { output: { task_id: string } };
    const polled = await fetch(`${server.baseUrls.crazyrouter}/tasks/${output.task_id}`, {
      headers: { authorization: 'Bearer test-key' },
    });
    const task = (await polled.json()) as { output: { video_url: string } };
    expect(validateTaskResponse(task, { profile: 'crazyrouter', model: request.model }).ok).toBe(true);
    expect(task.output.video_url.startsWith(server.url)).toBe(true);
    const video = await fetch(task.output.video_url);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  test('answers 413 to a chunked body that passes the limit while streaming, and keeps serving', async () => {
    const chunks = Array.from({ length: 100 }, () => Buffer.alloc(1024, 0x20));
    const res = await raw('/alibailian/api/v1/services/aigc/video-generation/video-synthesis', {
      method: 'POST',
      headers: { ...submitHeaders(), 'transfer-encoding': 'chunked' },
      chunks,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'BadRequest.TooLarge' });
    expect((await raw('/api/v1/tasks/x', { headers: { authorization: 'Bearer k' } })).status).toBe(200);
  });

  test('answers 413 at once to a declared length above the limit', async () => {
    const res = await raw('/api/v1/services/aigc/video-generation/video-synthesis', {
      method: 'POST',
      headers: { ...submitHeaders(), 'content-length': String(10 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
  });

  test('writes the Host the client reached into video_url', async () => {
    const request = exampleRequest('wan2.2-i2v-flash', 'dashscope');
    const submitted = JSON.parse(
      (
        await raw('/api/v1/services/aigc/video-generation/video-synthesis', {
          method: 'POST',
          headers: submitHeaders({ host: 'videos.example:8080' }),
          chunks: [Buffer.from(JSON.stringify(request))],
        })
      ).body,
    ) as { output: { task_id: string } };
    const task = JSON.parse(
      (
        await raw(`/api/v1/tasks/${submitted.output.task_id}`, {
          headers: { authorization: 'Bearer test-key', host: 'videos.example:8080' },
        })
      ).body,
    ) as { output: { video_url: string } };
    expect(task.output.video_url).toBe(`http://videos.example:8080/mock-artifacts/${submitted.output.task_id}.mp4`);
    const odd = JSON.parse(
      (
        await raw(`/api/v1/tasks/${submitted.output.task_id}`, {
          headers: { authorization: 'Bearer test-key', host: 'evil host/"' },
        })
      ).body,
    ) as { output: { video_url: string } };
    expect(odd.output.video_url.startsWith(server.url)).toBe(true);
  });

  test('shares its tasks with its Web handler', async () => {
    const before = server.taskCount;
    const res = await server.handler(
      new Request(`${server.baseUrls.dashscope}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
      }),
    );
    expect(res.status).toBe(200);
    expect(server.taskCount).toBe(before + 1);
  });
});
