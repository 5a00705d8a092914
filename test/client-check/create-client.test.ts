import { describe, expect, test } from 'vitest';
import { CHECKED_FAULTS, runClientCheck, type ClientFunction } from '../../src/client-check/run.js';
import { createClientUnderCheck } from './create-client.js';

describe('client-check on createClient', () => {
  test('passes every fault, MUST and SHOULD, and reports what it did under each', async () => {
    // Every fault at once, each against its own mock: the verdicts still come in the order of the faults.
    const report = await runClientCheck({
      client: createClientUnderCheck,
      deadlineMs: 15_000,
      concurrency: CHECKED_FAULTS.length,
    });
    const lines = report.verdicts.map((v) => `${v.fault} ${v.level} ${v.outcome}: ${v.did} ${v.reasons.join('; ')}`);
    expect(report.verdicts.map((v) => v.fault)).toEqual(CHECKED_FAULTS);
    expect(report.summary.mustFailures, lines.join('\n')).toBe(0);
    // The SHOULD faults too: a reset poll, a load balancer's HTML 502 and SUSPENDED are all transient.
    expect(report.summary.fail, lines.join('\n')).toBe(0);
    // And each verdict counts: createClient met every fault it passed.
    expect(report.summary.notExercised, lines.join('\n')).toBe(0);
    for (const verdict of report.verdicts) expect(verdict.timedOut, verdict.fault).toBe(false);
  }, 300_000);

  test('fails a client that polls as fast as it can and ignores Retry-After, and stops it at the deadline', async () => {
    const naive = async ({ baseUrl, apiKey, signal }: { baseUrl: string; apiKey: string; signal: AbortSignal }) => {
      const headers = {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'x-dashscope-async': 'enable',
      };
      const body = JSON.stringify({ model: 'wan2.2-i2v-flash', input: { img_url: 'https://example.com/a.png' } });
      let submitted: any;
      while (!submitted?.output) {
        submitted = await (
          await fetch(`${baseUrl}/services/aigc/video-generation/video-synthesis`, {
            method: 'POST',
            headers,
            body,
            signal,
          })
        ).json();
      }
      for (;;) {
        const task: any = await (
          await fetch(`${baseUrl}/tasks/${submitted.output.task_id}`, { headers, signal })
        ).json();
        if (task.output?.task_status === 'SUCCEEDED') return 0;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const report = await runClientCheck({
      client: naive,
      faults: ['throttle', 'lowercase-status'],
      deadlineMs: 2_500,
      concurrency: 2,
    });
    const [throttle, lowercase] = report.verdicts;
    expect(throttle?.outcome).toBe('fail');
    expect(throttle?.reasons.join('\n')).toMatch(/retried \d+ ms after a 429 that asked Retry-After: 1/);
    expect(throttle?.reasons.join('\n')).toMatch(/polled \d+ times within one second; the official limit is 20/);
    expect(lowercase?.timedOut).toBe(true);
    expect(lowercase?.reasons.join('\n')).toMatch(/still running at the deadline/);
    expect(lowercase?.reasons.join('\n')).toMatch(
      /more times after the status "pending", which the contract does not know/,
    );
    expect(report.summary.mustFailures).toBe(2);
  }, 60_000);

  test("holds a client's slow start against it never: the deadline runs from its first request", async () => {
    const deadlineMs = 4_000;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A correct client that takes three quarters of the deadline to start (an interpreter on a loaded machine) and
    // 1.1 s to exit after its last request: longer than the deadline in all, within it from its first request.
    const slowStart: ClientFunction = async (target) => {
      await sleep(deadlineMs * 0.75);
      const code = await createClientUnderCheck(target);
      await sleep(1_100);
      return code;
    };
    // And one that never makes a request at all: still stopped, one deadline after its start.
    const silent: ClientFunction = ({ signal }) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve(1)));
    const [slow, never] = await Promise.all([
      runClientCheck({ client: slowStart, faults: ['fail'], deadlineMs, pendingMs: 50, runningMs: 50 }),
      runClientCheck({ client: silent, faults: ['fail'], deadlineMs }),
    ]);
    const verdict = slow.verdicts[0]!;
    expect({ outcome: verdict.outcome, timedOut: verdict.timedOut }, verdict.reasons.join('; ')).toEqual({
      outcome: 'pass',
      timedOut: false,
    });
    expect(verdict.durationMs).toBeGreaterThan(deadlineMs);
    expect(never.verdicts[0]!.timedOut).toBe(true);
    expect(never.verdicts[0]!.durationMs).toBeLessThan(2 * deadlineMs);
  }, 60_000);

  test('refuses a concurrency that is not a whole number of at least 1, before it runs anything', async () => {
    let ran = 0;
    const client = async () => {
      ran++;
      return 0;
    };
    for (const concurrency of [0, 1.5, Number.NaN])
      await expect(runClientCheck({ client, concurrency })).rejects.toThrow(
        `concurrency must be a whole number of at least 1, received ${String(concurrency)}`,
      );
    await expect(runClientCheck({ client, faults: ['fail', 'unknown-500'] })).rejects.toThrow(
      /unknown-500 has no client expectation/,
    );
    expect(ran).toBe(0);
  });
});
