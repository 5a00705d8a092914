import { describe, expect, test } from 'vitest';
import { handlerTarget, runConformance, urlTarget, type ConformanceReport } from '../../src/conformance.js';
import { handlerFetch } from '../../src/conformance/plan/embedded.js';
import { TASK_QUERY_RPS } from '../../src/contract/limits.js';
import { createMockHandler } from '../../src/mock.js';
import { fakeTime, KEY, runAgainst } from './helpers.js';

/** Requests the run spent on each task it followed to SUCCEEDED: its submit and its own queries of the task. */
function requestsPerTask(report: ConformanceReport): number[] {
  const tasks = new Map<string, number>();
  const succeeded = new Set<string>();
  for (const e of report.exchanges) {
    const output = (e.response?.body as { output?: { task_id?: string; task_status?: string } } | undefined)?.output;
    if (e.operation === 'submit' && e.response?.status === 200 && output?.task_id) tasks.set(output.task_id, 1);
    if (e.operation === 'getTask' && output?.task_status === 'SUCCEEDED' && output.task_id)
      succeeded.add(output.task_id);
  }
  for (const e of report.exchanges) {
    const id = /\/tasks\/([^/?]+)$/.exec(e.request.url)?.[1];
    // Only the run's own polls: the auth cases query the same task with no key or a wrong one (and get a 401),
    // and a second account's query (poll-other-account-sees-nothing) is not this account's polling.
    if (e.curl.includes('$WAN_API_KEY_2')) continue;
    if (e.operation === 'getTask' && e.response?.status === 200 && id && tasks.has(id))
      tasks.set(id, tasks.get(id)! + 1);
  }
  return [...tasks].filter(([id]) => succeeded.has(id)).map(([, n]) => n);
}

describe('the runner polls toward one query per status change', () => {
  // The floor is 4: the submit, one poll that sees RUNNING, one that sees SUCCEEDED, the repoll of the end.
  // With the official 1, 1, 2, 2, 2, 4 … 5 s schedule the runner used before, the same tasks took 6, 20 and 61.
  test.each([
    { pendingMs: 1_000, runningMs: 3_000, atMost: 4 },
    { pendingMs: 5_000, runningMs: 60_000, atMost: 14 },
    { pendingMs: 30_000, runningMs: 240_000, atMost: 24 },
  ])(
    'spends at most $atMost requests on a task $pendingMs ms PENDING and $runningMs ms RUNNING',
    async ({ pendingMs, runningMs, atMost }) => {
      const report = await runAgainst('dashscope', (h) => h, {}, { pendingMs, runningMs });
      expect(report.verdict.status).toBe('pass');
      const counts = requestsPerTask(report);
      expect(counts.length).toBeGreaterThan(0);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(4);
      expect(Math.max(...counts)).toBeLessThanOrEqual(atMost);
    },
    60_000,
  );
});

describe('the runner keeps the account-wide task query rate per key', () => {
  /** The most task queries with the run's key the server saw in any one second, running a target at a URL. */
  async function busiestSecond(queryRps?: number): Promise<number> {
    const time = fakeTime();
    const mock = createMockHandler({ pendingMs: 20_000, runningMs: 0, apiKey: KEY, now: time.now });
    const queries: number[] = [];
    const counting = async (req: Request) => {
      // Queries with another key (or none: the auth cases) count against another account, or none.
      if (
        req.method === 'GET' &&
        new URL(req.url).pathname.includes('/tasks/') &&
        req.headers.get('authorization') === `Bearer ${KEY}`
      )
        queries.push(time.now());
      return mock(req);
    };
    const base = handlerTarget('dashscope', counting, KEY).baseUrl;
    const target = urlTarget(base, {
      apiKey: KEY,
      maxCost: '100',
      profile: 'dashscope',
      fetch: handlerFetch(counting),
    });
    // Polling every 10 ms, the tasks of every model would query far faster than the account may.
    await runConformance(target, {
      sleep: time.sleep,
      now: time.now,
      pollIntervalMs: 10,
      level: 'must',
      ...(queryRps === undefined ? {} : { queryRps }),
    });
    let most = 0;
    for (const [i, t] of queries.entries()) {
      let n = 0;
      for (let j = i; j < queries.length && queries[j]! < t + 1_000; j += 1) n += 1;
      most = Math.max(most, n);
    }
    return most;
  }

  test(`keeps ${TASK_QUERY_RPS} a second by default, the rate asked for, and none with 0`, async () => {
    const [byDefault, five, none] = await Promise.all([busiestSecond(), busiestSecond(5), busiestSecond(0)]);
    expect(byDefault).toBeLessThanOrEqual(TASK_QUERY_RPS);
    expect(byDefault).toBeGreaterThan(TASK_QUERY_RPS / 2);
    expect(five).toBeLessThanOrEqual(5);
    expect(none).toBeGreaterThan(TASK_QUERY_RPS);
  }, 120_000);
});
