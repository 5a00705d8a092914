import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createClient } from '../../src/client.js';
import { exampleRequest } from '../../src/contract/examples.js';
import { analyzeLogs } from '../../src/evidence.js';
import { manualClock } from '../../src/mock/clock.js';
import { startMockServer } from '../../src/mock.js';
import { quoteRequest, type PricedRequest } from '../../src/pricing/bill.js';
import { startProxy, type ProxyServer } from '../../src/proxy.js';
import { KEY, parsed } from './helpers.js';

const MODEL = 'wan2.2-t2v-plus';

/**
 * Two proxies (A and B, as behind a load balancer) in front of one mock on a fake clock: the client submits
 * through A and its polls alternate A, B, A, B … (`firstPollVia` picks who gets the first). Returns each proxy's
 * log lines once both have shut down (and written what they still followed).
 */
async function twoProxies(firstPollVia: 'A' | 'B') {
  const clock = manualClock(Date.parse('2026-12-01T10:00:00.000Z'));
  const mock = await startMockServer({ pendingMs: 1_000, runningMs: 2_000, now: clock.now });
  const logs = { A: [] as string[], B: [] as string[] };
  const violations: string[] = [];
  const start = (name: 'A' | 'B') =>
    startProxy({
      upstream: mock.baseUrls.dashscope,
      target: 'mock',
      now: clock.now,
      onRecord: (line) => logs[name].push(line),
      onViolation: (line) => violations.push(line),
    });
  const proxies: Record<'A' | 'B', ProxyServer> = { A: await start('A'), B: await start('B') };
  const seen: string[] = [];
  let polls = 0;
  // The load balancer: the submit reaches A; each task query goes to the next proxy in turn.
  const balancer: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    let via: 'A' | 'B' = 'A';
    if (url.pathname.includes('/tasks/')) {
      via = (polls % 2 === 0) === (firstPollVia === 'A') ? 'A' : 'B';
      polls += 1;
    }
    seen.push(via);
    const target = new URL(proxies[via].baseUrl);
    url.host = target.host;
    return fetch(url, init);
  };
  const client = createClient({
    baseUrl: proxies.A.baseUrl,
    apiKey: KEY,
    profile: 'dashscope',
    fetch: balancer,
    pollSchedule: 600,
    now: clock.now,
    sleep: async (ms) => clock.advance(ms),
  });
  const request = exampleRequest(MODEL, 'dashscope');
  const { output } = await client.submit(request);
  const task = await client.waitForTask(output.task_id, { timeoutMs: 60_000, model: MODEL });
  expect(task.output.task_status).toBe('SUCCEEDED');
  await proxies.A.close();
  await proxies.B.close();
  await mock.close();
  return { logs, violations, seen, taskId: output.task_id, request };
}

function write(lines: readonly string[], name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wan-fragments-'));
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

describe('two proxies behind a load balancer', () => {
  test.each(['A', 'B'] as const)(
    'evidence merges what each saw of one task into one lifecycle (first poll via %s)',
    async (firstPollVia) => {
      const { logs, violations, seen, taskId, request } = await twoProxies(firstPollVia);
      expect(violations).toEqual([]);
      expect(seen.filter((v) => v === 'B').length).toBeGreaterThan(0);
      // A saw the submit: one record; B saw only polls: fragments of the same task, no request.
      const a = parsed(logs.A);
      const b = parsed(logs.B);
      expect(a.filter((x) => !x.fragment).map((x) => x.task_id)).toEqual([taskId]);
      expect(b.length).toBeGreaterThan(0);
      expect(b.every((x) => x.fragment === true && x.task_id === taskId && x.request === undefined)).toBe(true);
      // The proxy of the last poll saw the final answer: B in one run, A in the other.
      const finalSeenByB = b.some((x) => x.final?.body?.output?.task_status === 'SUCCEEDED');
      expect(finalSeenByB).toBe(firstPollVia === 'A');
      expect(seen[seen.length - 1]).toBe(firstPollVia === 'A' ? 'B' : 'A');

      const report = await analyzeLogs([write(logs.A, 'a.jsonl'), write(logs.B, 'b.jsonl')]);
      expect(report.invalidLines.count).toBe(0);
      expect(report.records).toBe(1);
      expect(report.fragments.lines).toBe(b.length);
      expect(report.fragments.mergedTasks).toBe(1);
      expect(report.fragments.unsubmitted.count).toBe(0);
      expect(report.violations.listed).toEqual([]);
      expect(report.models.map((m) => [m.model, m.total.tasks, m.total.succeeded, m.total.unfinished])).toEqual([
        [MODEL, 1, 1, 0],
      ]);
      expect(report.models[0]!.total.amount).toBe(
        quoteRequest(request as unknown as PricedRequest, { profile: 'dashscope' }).amount,
      );
      expect(JSON.stringify(logs)).not.toContain(KEY);
    },
    30_000,
  );
});
