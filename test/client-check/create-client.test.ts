import { describe, expect, test } from 'vitest';
import { CHECKED_FAULTS, runClientCheck } from '../../src/client-check/run.js';
import { createClientUnderCheck } from './create-client.js';

describe('client-check on createClient', () => {
  test('passes every fault, MUST and SHOULD, and reports what it did under each', async () => {
    const report = await runClientCheck({ client: createClientUnderCheck, deadlineMs: 15_000 });
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
    const report = await runClientCheck({ client: naive, faults: ['throttle', 'lowercase-status'], deadlineMs: 2_500 });
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
});
