import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock.js';
import { exampleRequest, submitHeaders, submitUrl } from './helpers.js';

describe('task store', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, pendingMs: 0, runningMs: 0, maxTasks: 1000 });
  });
  afterAll(() => server.close());

  const submit = async (headers: Record<string, string> = {}) => {
    const res = await server.handler(
      new Request(submitUrl('crazyrouter', 'wan2.2-i2v-flash', server.url), {
        method: 'POST',
        headers: submitHeaders(headers),
        body: JSON.stringify(exampleRequest('wan2.2-i2v-flash', 'crazyrouter')),
      }),
    );
    return ((await res.json()) as { output: { task_id: string } }).output.task_id;
  };
  const status = async (id: string) =>
    (
      (await (
        await server.handler(
          new Request(`${server.baseUrls.crazyrouter}/tasks/${id}`, { headers: { authorization: 'Bearer test-key' } }),
        )
      ).json()) as { output: { task_status: string } }
    ).output.task_status;

  test('holds 3,000 submitted tasks within its bound of 1,000, keeping the newest', async () => {
    const ids: string[] = [];
    let largest = 0;
    for (let i = 0; i < 3000; i++) {
      ids.push(await submit());
      largest = Math.max(largest, server.taskCount);
    }
    expect(largest).toBe(1000);
    expect(await status(ids[0]!)).toBe('UNKNOWN');
    expect(await status(ids[ids.length - 1]!)).toBe('SUCCEEDED');
    expect(await status(ids[ids.length - 1000]!)).toBe('SUCCEEDED');
  });

  test('drops finished tasks before unfinished ones', async () => {
    const stuck = [await submit({ 'X-Mock-Scenario': 'stuck' }), await submit({ 'X-Mock-Scenario': 'stuck' })];
    for (let i = 0; i < 1500; i++) await submit();
    expect(server.taskCount).toBe(1000);
    for (const id of stuck) expect(await status(id)).toBe('RUNNING');
  });

  test('keeps no request body: 1,000 stored tasks from 40 KB data URIs take no more heap than from tiny ones', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const send = (image: string, i: number) =>
      server.handler(
        new Request(submitUrl('crazyrouter', 'wan2.2-i2v-flash', server.url), {
          method: 'POST',
          headers: submitHeaders(),
          body: JSON.stringify({ model: 'wan2.2-i2v-flash', input: { img_url: `${image}${i}`, prompt: 'x' } }),
        }),
      );
    // The store full of tasks whose requests were tiny, then every one of them replaced by a task whose request
    // carried a 40 KB data URI: a store that kept any part of a body would grow by about 40 MB.
    for (let i = 0; i < 1000; i++) await (await send('data:image/png;base64,AAAA', i)).arrayBuffer();
    gc();
    const before = process.memoryUsage().heapUsed;
    const image = `data:image/png;base64,${'A'.repeat(40 * 1024)}`;
    for (let i = 0; i < 2000; i++) await (await send(image, i)).arrayBuffer();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(server.taskCount).toBe(1000);
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  });
});
