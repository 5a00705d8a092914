import { describe, expect, test } from 'vitest';
import { cli, startCli } from '../support/cli.js';
import { exampleRequest, submitHeaders } from './helpers.js';

describe('wan-contract mock', () => {
  test('prints both base URLs, serves a task to SUCCEEDED, logs requests and exits 0 on SIGTERM', async () => {
    const mock = startCli(['mock', '--port', '0', '--pending-ms', '0', '--running-ms', '0']);
    try {
      const line = await mock.firstLine;
      const urls = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
      expect(urls.crazyrouter).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alibailian\/api\/v1$/);
      expect(urls.dashscope).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const submitted = await fetch(`${urls.dashscope}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-i2v-flash', 'dashscope')),
      });
      const { output } = (await submitted.json()) as { output: { task_id: string } };
      const task = (await (
        await fetch(`${urls.dashscope}/tasks/${output.task_id}`, { headers: { authorization: 'Bearer test-key' } })
      ).json()) as { output: { task_status: string } };
      expect(task.output.task_status).toBe('SUCCEEDED');
      // The log line of the poll is the last thing the mock prints for it: wait for that line, not a fixed time.
      await mock.stdoutMatching(new RegExp(`GET /api/v1/tasks/${output.task_id} `));
      expect(mock.stdout()).toMatch(/POST \/api\/v1\/services\/aigc\/video-generation\/video-synthesis 200 [\d.]+ ms/);
      expect(mock.stdout()).toContain(`GET /api/v1/tasks/${output.task_id} 200`);
    } finally {
      expect(await mock.stop()).toBe(0);
    }
  }, 60_000);

  test('--scenario injects a fault into every task of the server', async () => {
    const mock = startCli([
      'mock',
      '--port',
      '0',
      '--pending-ms',
      '0',
      '--running-ms',
      '0',
      '--quiet',
      '--scenario',
      'lowercase-status',
      '--scenario',
      'unavailable',
    ]);
    try {
      const line = await mock.firstLine;
      const dashscope = /dashscope=(\S+)/.exec(line)?.[1];
      const submitted = await fetch(`${dashscope}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify(exampleRequest('wan2.2-i2v-flash', 'dashscope')),
      });
      const { output } = (await submitted.json()) as { output: { task_id: string } };
      const poll = () =>
        fetch(`${dashscope}/tasks/${output.task_id}`, { headers: { authorization: 'Bearer test-key' } });
      expect([(await poll()).status, (await poll()).status]).toEqual([503, 503]);
      const task = (await (await poll()).json()) as { output: { task_status: string } };
      expect(task.output.task_status).toBe('succeeded');
    } finally {
      expect(await mock.stop()).toBe(0);
    }
  }, 60_000);

  test('--scenario with an unknown fault exits 2 naming the known ones', async () => {
    const { code, stderr } = await cli(['mock', '--port', '0', '--scenario', 'explode']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--scenario must name faults among fail, stuck, .* or down \(comma-separated\), received "explode"/,
    );
    expect(stderr).toContain('wan-contract mock --help lists the scenarios');
  }, 60_000);
  test('--body-limit answers 413 past the limit, and --admin-token guards the admin surface', async () => {
    const token = 'cli-admin-token-0123';
    const mock = startCli(['mock', '--port', '0', '--quiet', '--body-limit', '200', '--admin-token', token]);
    try {
      const line = await mock.firstLine;
      const dashscope = /dashscope=(\S+)/.exec(line)?.[1] ?? '';
      const request = exampleRequest('wan2.2-i2v-flash', 'dashscope');
      const big = await fetch(`${dashscope}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: submitHeaders(),
        body: JSON.stringify({ ...request, input: { ...request.input, prompt: 'x'.repeat(300) } }),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({
        code: 'BadRequest.TooLarge',
        message: 'the request body must be at most 200 bytes',
      });
      const origin = new URL(dashscope).origin;
      expect((await fetch(`${origin}/__mock/tasks`)).status).toBe(401);
      const listed = await fetch(`${origin}/__mock/tasks`, { headers: { 'x-mock-admin-token': token } });
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { tasks: unknown[] }).tasks).toEqual([]);
    } finally {
      expect(await mock.stop()).toBe(0);
    }
  }, 60_000);
});
