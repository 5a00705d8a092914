/**
 * One probe per fault of the mock's table: what a client sees under it, asserted the same way in process (faults
 * named per request with X-Mock-Scenario) and over a socket (faults set for the whole server).
 */
import { expect } from 'vitest';
import { PROFILES, type ProfileId } from '../../src/contract/profiles.js';
import type { ModelId } from '../../src/contract/models.js';
import { validateErrorBody } from '../../src/validate/task.js';
import { readMp4Facts } from '../../src/media/mp4.js';
import type { FaultName } from '../../src/mock.js';
import { exampleRequest, submitHeaders, submitUrl } from './helpers.js';

/** How a probe reaches the mock: a fetch to the mock's origin, with the fault named (or set server-wide). */
export interface ProbeTarget {
  readonly origin: string;
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** Headers that select the fault on every request (empty when the server injects it everywhere). */
  readonly faultHeaders: Record<string, string>;
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function read(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

function api(target: ProbeTarget, profile: ProfileId = 'dashscope', model: ModelId = 'wan2.2-i2v-flash') {
  const base = `${target.origin}${PROFILES[profile].basePath}`;
  return {
    request: exampleRequest(model, profile),
    submit: async (body: unknown = exampleRequest(model, profile), headers: Record<string, string> = {}) =>
      read(
        await target.fetch(submitUrl(profile, model, target.origin), {
          method: 'POST',
          headers: submitHeaders({ ...target.faultHeaders, ...headers }),
          body: JSON.stringify(body),
        }),
      ),
    poll: async (id: string) =>
      read(
        await target.fetch(`${base}/tasks/${encodeURIComponent(id)}`, {
          headers: { authorization: 'Bearer test-key', ...target.faultHeaders },
        }),
      ),
    get: async (url: string) => target.fetch(url, { headers: target.faultHeaders }),
    /** Submits until the submit is accepted (at most 3 tries, for `throttle`) and returns the task id. */
    async task(): Promise<string> {
      for (let i = 0; i < 3; i++) {
        const answer = await this.submit();
        if (answer.status === 200) return answer.body.output.task_id as string;
      }
      throw new Error('no submit was accepted');
    },
  };
}

const statuses = async (poll: (id: string) => Promise<Reply>, id: string, n: number) => {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) seen.push((await poll(id)).body?.output?.task_status ?? 'none');
  return seen;
};

/** Each fault's probe; a Record over every name, so a fault without a probe does not compile. */
export const PROBES: Record<FaultName, (target: ProbeTarget) => Promise<void>> = {
  async fail(target) {
    const c = api(target);
    const polled = await c.poll(await c.task());
    expect(polled.body.output).toMatchObject({ task_status: 'FAILED', code: 'InternalError.Algo' });
  },
  async stuck(target) {
    const c = api(target);
    expect(await statuses(c.poll, await c.task(), 3)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
  },
  async 'never-finish'(target) {
    const c = api(target);
    expect(await statuses(c.poll, await c.task(), 3)).toEqual(['PENDING', 'PENDING', 'PENDING']);
  },
  async throttle(target) {
    const c = api(target);
    const first = await c.submit();
    expect(first.status).toBe(429);
    expect(first.body.code).toBe('Throttling');
    expect(first.headers.get('retry-after')).toBe('1');
    expect(validateErrorBody(first.body).ok).toBe(true);
    const second = await c.submit();
    expect(second.status).toBe(200);
    const polls = [await c.poll(second.body.output.task_id), await c.poll(second.body.output.task_id)];
    expect(polls.map((p) => p.status)).toEqual([429, 200]);
  },
  async moderation(target) {
    const answers = [await api(target).submit(), await api(target).submit()];
    for (const answer of answers) expect(answer).toMatchObject({ status: 400, body: { code: 'DataInspectionFailed' } });
  },
  async 'server-error'(target) {
    const answers = [await api(target).submit(), await api(target).submit()];
    for (const answer of answers) expect(answer).toMatchObject({ status: 500, body: { code: 'InternalError' } });
  },
  async unavailable(target) {
    const c = api(target);
    const id = await c.task();
    const polls = [await c.poll(id), await c.poll(id), await c.poll(id)];
    expect(polls.map((p) => p.status)).toEqual([503, 503, 200]);
    expect(polls[0]?.headers.get('retry-after')).toBe('1');
    expect(polls[0]?.body.code).toBe('ModelUnavailable');
    expect(polls[2]?.body.output.task_status).toBe('SUCCEEDED');
  },
  async slow(target) {
    const c = api(target);
    const started = performance.now();
    const id = await c.task();
    // A lower bound only: the answer cannot come before the delay.
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect((await c.poll(id)).body.output.task_status).toBe('SUCCEEDED');
  },
  async drop(target) {
    const c = api(target);
    const id = await c.task();
    await expect(c.poll(id)).rejects.toThrow(/fetch failed/);
    expect((await c.poll(id)).body.output.task_status).toBe('SUCCEEDED');
  },
  async 'poll-404'(target) {
    const c = api(target);
    const id = await c.task();
    for (const answer of [await c.poll(id), await c.poll(id)])
      expect(answer).toMatchObject({ status: 404, body: { code: 'NotFound' } });
  },
  async 'lowercase-status'(target) {
    const c = api(target);
    expect(await statuses(c.poll, await c.task(), 2)).toEqual(['succeeded', 'succeeded']);
  },
  async 'no-video-url'(target) {
    const c = api(target);
    const { output } = (await c.poll(await c.task())).body;
    expect(output.task_status).toBe('SUCCEEDED');
    expect(output.video_url).toBeUndefined();
    expect(output.results).toBeUndefined();
  },
  async 'html-poll'(target) {
    const c = api(target);
    const id = await c.task();
    const polls = [await c.poll(id), await c.poll(id), await c.poll(id)];
    expect(polls.map((p) => p.status)).toEqual([502, 502, 200]);
    expect(polls[0]?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(polls[0]?.text).toContain('502 Bad Gateway');
    expect(polls[2]?.body.output.task_status).toBe('SUCCEEDED');
  },
  async suspended(target) {
    const c = api(target);
    expect(await statuses(c.poll, await c.task(), 5)).toEqual([
      'RUNNING',
      'SUSPENDED',
      'SUSPENDED',
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
  },
  async expire(target) {
    const c = api(target);
    const id = await c.task();
    const first = await c.poll(id);
    expect(first.body.output.task_status).toBe('SUCCEEDED');
    expect((await c.poll(id)).body.output.task_status).toBe('UNKNOWN');
    expect((await c.get(first.body.output.video_url)).status).toBe(200);
  },
  async 'result-elsewhere'(target) {
    const s2v = api(target, 'dashscope', 'wan2.2-s2v');
    const moved = (await s2v.poll(await s2v.task())).body.output;
    expect(moved.results).toBeUndefined();
    expect(moved.video_url).toMatch(/\.mp4$/);
    const flash = api(target, 'dashscope', 'wan2.2-i2v-flash');
    const nested = (await flash.poll(await flash.task())).body.output;
    expect(nested.video_url).toBeUndefined();
    expect(nested.results.video_url).toMatch(/\.mp4$/);
  },
  async 'status-backwards'(target) {
    const c = api(target);
    expect(await statuses(c.poll, await c.task(), 3)).toEqual(['RUNNING', 'PENDING', 'SUCCEEDED']);
  },
  async 'changing-task-id'(target) {
    const c = api(target);
    const id = await c.task();
    expect([(await c.poll(id)).body.output.task_id, (await c.poll(id)).body.output.task_id]).toEqual([
      `${id}-1`,
      `${id}-2`,
    ]);
  },
  async 'wrong-usage'(target) {
    const c = api(target);
    const { usage } = (await c.poll(await c.task())).body;
    expect(usage.video_duration).toBe(2 * (c.request.parameters as { duration: number }).duration);
  },
  async 'video-wrong-tier'(target) {
    // A 1080P task of the default size gets the 720P default size.
    const c = api(target, 'crazyrouter', 'wan2.5-t2v-preview');
    expect((c.request.parameters as { resolution: string }).resolution).toBe('1080P');
    const { output } = (await c.poll(await c.task())).body;
    const facts = readMp4Facts(new Uint8Array(await (await c.get(output.video_url)).arrayBuffer()));
    const seconds = (c.request.parameters as { duration?: number }).duration ?? 5;
    expect([facts.width, facts.height, facts.durationSeconds]).toEqual([1280, 720, seconds]);
  },
  async 'video-short'(target) {
    // A 10 s task gets the 5 s file; usage still bills 10 s.
    const c = api(target, 'crazyrouter', 'wan2.5-t2v-preview');
    const asked = { ...c.request, parameters: { ...(c.request.parameters as object), duration: 10 } };
    const submitted = await c.submit(asked);
    expect(submitted.status).toBe(200);
    const { output, usage } = (await c.poll(submitted.body.output.task_id)).body;
    expect(usage.video_duration).toBe(10);
    const facts = readMp4Facts(new Uint8Array(await (await c.get(output.video_url)).arrayBuffer()));
    expect([facts.width, facts.height, facts.durationSeconds]).toEqual([1920, 1080, 5]);
  },
  async 'unknown-500'(target) {
    const answer = await api(target).poll('no-such-task');
    expect(answer).toMatchObject({ status: 500, body: { code: 'InternalError' } });
  },
  async 'no-request-id'(target) {
    const answer = await api(target).submit();
    expect(answer.status).toBe(200);
    expect(answer.body.request_id).toBeUndefined();
    expect(answer.headers.get('x-request-id')).toBeNull();
  },
  async 'foreign-error-shape'(target) {
    const c = api(target);
    const answer = await c.submit({ model: c.request.model, parameters: {} });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { type: 'BadRequest.EmptyInput', detail: expect.any(String) } });
  },
  async 'no-auth'(target) {
    const c = api(target);
    const answer = await c.submit(c.request, { authorization: '' });
    expect(answer.status).toBe(200);
  },
  async 'poll-no-auth'(target) {
    const c = api(target);
    const id = await c.task();
    const url = `${target.origin}${PROFILES.dashscope.basePath}/tasks/${encodeURIComponent(id)}`;
    const answer = await read(await target.fetch(url, { headers: { ...target.faultHeaders } }));
    expect(answer.status).toBe(200);
    expect(answer.body.output.task_id).toBe(id);
  },
  async 'poll-any-key'(target) {
    const c = api(target);
    const id = await c.task();
    const url = `${target.origin}${PROFILES.dashscope.basePath}/tasks/${encodeURIComponent(id)}`;
    const wrong = await read(
      await target.fetch(url, { headers: { authorization: 'Bearer sk-wrong', ...target.faultHeaders } }),
    );
    expect(wrong.status).toBe(200);
    const none = await read(await target.fetch(url, { headers: { ...target.faultHeaders } }));
    expect(none.status).toBe(401);
  },
  async 'cancel-any-key'(target) {
    const c = api(target);
    const id = await c.task();
    const url = `${target.origin}${PROFILES.dashscope.basePath}/tasks/${encodeURIComponent(id)}/cancel`;
    const answer = await read(
      await target.fetch(url, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-wrong', ...target.faultHeaders },
      }),
    );
    expect(answer.status).not.toBe(401);
  },
  async 'tenant-leak-poll'(target) {
    const c = api(target);
    const id = await c.task();
    const url = `${target.origin}${PROFILES.dashscope.basePath}/tasks/${encodeURIComponent(id)}`;
    const other = await read(
      await target.fetch(url, { headers: { authorization: 'Bearer another-account-key', ...target.faultHeaders } }),
    );
    expect(other.status).toBe(200);
    expect(other.body.output).toMatchObject({ task_id: id, task_status: 'SUCCEEDED' });
  },
  async 'tenant-leak-cancel'(target) {
    const c = api(target);
    const id = await c.task();
    const url = `${target.origin}${PROFILES.dashscope.basePath}/tasks/${encodeURIComponent(id)}/cancel`;
    const other = await read(
      await target.fetch(url, {
        method: 'POST',
        headers: { authorization: 'Bearer another-account-key', ...target.faultHeaders },
      }),
    );
    // The task has left PENDING (zero latency): the answer names its status instead of denying it exists.
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ code: 'UnsupportedOperation' });
    expect(other.body.message).toContain(id);
  },
  async 'odd-id-500'(target) {
    const c = api(target);
    expect(await c.poll('a/b')).toMatchObject({ status: 500, body: { code: 'InternalError' } });
    expect(await c.poll('plain-id')).toMatchObject({ status: 200, body: { output: { task_status: 'UNKNOWN' } } });
  },
  async 'accept-any-resolution'(target) {
    const c = api(target, 'crazyrouter', 'wan2.2-t2v-plus');
    const answer = await c.submit({ ...c.request, parameters: { resolution: '720P', duration: 5 } });
    expect(answer.status).toBe(200);
    expect((await c.poll(answer.body.output.task_id)).body.usage.SR).toBe(1080);
  },
  async html(target) {
    const answer = await api(target).submit();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.body).toBeUndefined();
  },
  async down(target) {
    await expect(api(target).submit()).rejects.toThrow(/fetch failed/);
  },
};

/** The fault named by a probe, with the argument the probes expect (`slow` is probed at 50 ms). */
export const probeScenario = (name: FaultName): string => (name === 'slow' ? 'slow:50' : name);
