import { describe, expect, test } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { exitCodeOf } from '../../src/cli/commands/conform.js';
import {
  estimateCost,
  loadCases,
  planRun,
  runConformance,
  toJUnit,
  urlTarget,
  type RunEvent,
} from '../../src/conformance.js';
import { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { PROFILE_IDS } from '../../src/contract/profiles.js';
import { fakeTime, KEY, runAgainst } from './helpers.js';

describe('runConformance against the clean mock', () => {
  test.each(PROFILE_IDS)('passes every MUST and SHOULD case under %s', async (profile) => {
    const report = await runAgainst(profile, undefined, { level: 'may' });
    const broken = report.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip' && r.level !== 'MAY');
    expect(broken).toEqual([]);
    expect(report.results.filter((r) => r.outcome === 'skip').every((r) => (r.reason ?? '').length > 0)).toBe(true);
    expect(report.summary.total.pass).toBeGreaterThan(90);
    // Seven shared tasks, plus the accepted submits of the header and tolerance cases.
    expect(report.summary.tasks).toBe(profile === 'crazyrouter' ? 10 : 9);
    expect(exitCodeOf(report)).toBe(0);
  });

  test('follows tasks through PENDING and RUNNING and cancels a PENDING one under dashscope', async () => {
    const report = await runAgainst(
      'dashscope',
      undefined,
      { level: 'may', models: ['wan2.2-i2v-flash'] },
      { pendingMs: 3_000, runningMs: 10_000 },
    );
    expect(report.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip')).toEqual([]);
    expect(report.results.find((r) => r.caseId === 'cancel-pending-task')?.outcome).toBe('pass');
    const statuses = report.exchanges
      .filter((e) => e.operation === 'getTask')
      .map((e) => (e.response?.body as { output?: { task_status?: string } }).output?.task_status);
    expect(statuses).toEqual(expect.arrayContaining(['PENDING', 'RUNNING', 'SUCCEEDED', 'CANCELED']));
  });

  test('makes one submit and the polls the lifecycle needs per shared task', async () => {
    const report = await runAgainst('crazyrouter', undefined, { level: 'must', models: ['wan2.2-t2v-plus'] });
    const taskId = (
      report.exchanges.find((e) => e.operation === 'submit' && e.response?.status === 200)?.response?.body as {
        output: { task_id: string };
      }
    ).output.task_id;
    const shared = report.exchanges.filter(
      (e) =>
        e.operation === 'getTask' &&
        e.request.url.endsWith(`/tasks/${encodeURIComponent(taskId)}`) &&
        Object.keys(e.request.headers).some((h) => h.toLowerCase() === 'authorization') &&
        e.response?.status !== 401,
    );
    // The key checks query the same task without the key: they are no part of its lifecycle.
    expect(report.exchanges.filter((e) => e.operation === 'getTask' && e.response?.status === 401)).toHaveLength(1);
    // Zero latency: the first poll sees SUCCEEDED, a second one checks that it stays.
    expect(shared).toHaveLength(2);
  });

  test('refers kf2v and s2v submits to createImageToVideoTask under dashscope', async () => {
    const report = await runAgainst('dashscope', undefined, {
      models: ['wan2.2-s2v', 'wan2.2-t2v-plus'],
      level: 'must',
    });
    const refOf = (model: string) =>
      report.results.find((r) => r.caseId === 'submit-accepted' && r.model === model)?.ref.operationId;
    expect(refOf('wan2.2-s2v')).toBe('createImageToVideoTask');
    expect(refOf('wan2.2-t2v-plus')).toBe('createVideoTask');
    expect(report.contract.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('reports events in order: plan first, done last, with task progress', async () => {
    const events: RunEvent['type'][] = [];
    await runAgainst('dashscope', undefined, { models: ['wan2.2-kf2v-flash'], onEvent: (e) => events.push(e.type) });
    expect(events[0]).toBe('plan');
    expect(events.at(-1)).toBe('done');
    expect(events).toContain('task');
    expect(events).toContain('case');
  });

  test('writes task log records that match the TaskLogRecord schema', async () => {
    const records: unknown[] = [];
    await runAgainst('crazyrouter', undefined, {
      models: ['wan2.2-s2v', 'wan2.2-i2v-flash'],
      onTaskRecord: (r) => records.push(r),
    });
    expect(records).toHaveLength(2);
    for (const record of records)
      expect([...Value.Errors(TaskLogRecord, record)].map((e) => `${e.path} ${e.message}`)).toEqual([]);
    expect(records[0]).toMatchObject({ source: 'conformance', target: 'embedded-mock', final: { http_status: 200 } });
  });
});

describe('the money guard', () => {
  const cases = loadCases();

  test('prices the default crazyrouter plan from the registry', () => {
    const { plan } = planRun({ profile: 'crazyrouter', cases });
    expect(estimateCost(plan, '0', true)).toMatchObject({ amount: '30.70', withinBudget: false });
    expect(estimateCost(plan, '30.70', true).withinBudget).toBe(true);
  });

  test('prices a smoke plan at one cheapest task per capability', () => {
    const { plan } = planRun({ profile: 'crazyrouter', cases, smoke: true });
    expect(plan.tasks.map((t) => `${t.model} ${t.resolution} ${t.amount}`)).toEqual([
      'wan2.2-t2v-plus 480P 0.70',
      'wan2.2-i2v-flash 480P 0.50',
      'wan2.2-kf2v-flash 480P 0.50',
      'wan2.2-s2v 480P 10.00',
    ]);
  });

  test('stops a live plan over budget before the first request', async () => {
    let requests = 0;
    const report = await runConformance({
      kind: 'url',
      baseUrl: 'http://127.0.0.1:9/api/v1',
      apiKey: KEY,
      maxCost: '0',
      profile: 'dashscope',
      fetch: (async () => {
        requests++;
        return new Response('{}');
      }) as typeof fetch,
    });
    expect(requests).toBe(0);
    expect(report.sentNothing).toBe(true);
    expect(report.aborted?.reason).toBe('over-budget');
    expect(report.aborted?.message).toContain(`¥${report.estimate.amount}`);
    expect(report.results.every((r) => r.outcome === 'skip')).toBe(true);
  });

  test('ends a run its caller cancels as cancelled, not as a passed deadline', async () => {
    const cancel = new AbortController();
    const report = await runAgainst(
      'crazyrouter',
      (h) => (req) => {
        // Cancel once the first task exists: the run stops sending and says why.
        if (req.method === 'POST') cancel.abort();
        return h(req);
      },
      { signal: cancel.signal, models: ['wan2.2-t2v-plus'] },
    );
    expect(report.aborted).toEqual({ reason: 'cancelled', message: 'the run was cancelled by its caller' });
    expect(report.verdict.pass).toBe(false);
    expect(report.results.some((r) => r.reason === 'not run: the run was cancelled')).toBe(true);
    expect(report.summary.total.timeout).toBe(0);
  });

  test('prices a live plan on a dry run even over budget, and sends nothing', async () => {
    let requests = 0;
    const report = await runConformance(
      urlTarget('http://127.0.0.1:9/api/v1', {
        apiKey: KEY,
        maxCost: '0',
        fetch: (async () => {
          requests++;
          return new Response('{}');
        }) as typeof fetch,
      }),
      { dryRun: true },
    );
    expect(requests).toBe(0);
    expect(report.aborted?.reason).toBe('dry-run');
    expect(report.estimate).toMatchObject({ billable: true, withinBudget: false, maxCost: '0.00' });
  });

  test('sends nothing on a dry run', async () => {
    let requests = 0;
    const report = await runAgainst(
      'crazyrouter',
      (h) => (req) => {
        requests++;
        return h(req);
      },
      { dryRun: true },
    );
    expect(requests).toBe(0);
    expect(report.aborted?.reason).toBe('dry-run');
  });
});

describe('rate limits', () => {
  test('spaces the submits of a model by its official submit RPS', async () => {
    const time = fakeTime();
    const submits: number[] = [];
    const report = await runAgainst(
      'crazyrouter',
      (h) => (req) => {
        if (req.method === 'POST') submits.push(time.now());
        return h(req);
      },
      { models: ['wan2.2-t2v-plus'], level: 'must', respectRateLimits: true, now: time.now, sleep: time.sleep },
    );
    expect(report.summary.mustFailures).toBe(0);
    expect(submits.length).toBeGreaterThan(3);
    const gaps = submits.slice(1).map((t, i) => t - (submits[i] as number));
    // wan2.2-t2v-plus: 2 submits per second.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
  });
});

describe('concurrent tasks', () => {
  test("keeps a model's tasks within its official concurrent-task limit, extras included", async () => {
    const time = fakeTime();
    const alive = new Set<string>();
    let most = 0;
    const watch = (h: (r: Request) => Promise<Response>) => async (req: Request) => {
      const answer = await h(req);
      const body = (await answer
        .clone()
        .json()
        .catch(() => undefined)) as { output?: { task_id?: string; task_status?: string } } | undefined;
      const id = body?.output?.task_id;
      if (req.method === 'POST' && answer.status === 200 && id && !req.url.includes('/cancel')) alive.add(id);
      if (id && ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(body?.output?.task_status ?? '')) alive.delete(id);
      most = Math.max(most, alive.size);
      return answer;
    };
    const report = await runAgainst(
      'crazyrouter',
      watch,
      { models: ['wan2.2-s2v'], respectRateLimits: true, now: time.now, sleep: time.sleep },
      { pendingMs: 3_000, runningMs: 10_000, now: time.now },
    );
    expect(report.summary.mustFailures).toBe(0);
    expect(report.summary.tasks).toBe(3);
    // wan2.2-s2v: one concurrent task (registry), so the extra tasks wait for the shared one.
    expect(most).toBe(1);
  });
});

describe('expected failures', () => {
  test('reports listed failures apart and names entries that now pass', async () => {
    const report = await runAgainst(
      'crazyrouter',
      undefined,
      { expectedFailures: [{ caseId: 'usage-matches-price' }, { caseId: 'submit-accepted', model: 'wan2.2-s2v' }] },
      { scenarios: ['wrong-usage'] },
    );
    expect(report.summary.mustFailures).toBe(0);
    expect(report.summary.expectedFailures).toBeGreaterThan(0);
    expect(report.summary.unexpectedPasses).toEqual(['submit-accepted@wan2.2-s2v']);
    expect(exitCodeOf(report)).toBe(0);
  });
});

describe('secrets', () => {
  test('keeps the key out of the report, JUnit and task logs even when the server echoes it', async () => {
    const records: unknown[] = [];
    const echo = (h: (r: Request) => Promise<Response>) => async (req: Request) => {
      const answer = await h(req);
      const auth = req.headers.get('authorization') ?? '';
      if (answer.status === 200) return answer;
      return new Response(
        JSON.stringify({ request_id: `echo ${auth}`, code: 'InvalidParameter', message: `you sent ${auth}` }),
        { status: answer.status, headers: { 'content-type': 'application/json', 'x-echo': auth } },
      );
    };
    const report = await runAgainst('crazyrouter', echo, { level: 'may', onTaskRecord: (r) => records.push(r) });
    const written = JSON.stringify(report) + toJUnit(report) + JSON.stringify(records);
    expect(written).toContain('Bearer ***');
    expect(written).not.toContain(KEY);
    expect(report.exchanges.every((e) => !e.curl.includes(KEY))).toBe(true);
  });
});
