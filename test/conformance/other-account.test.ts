import { describe, expect, test } from 'vitest';
import {
  embeddedTarget,
  handlerTarget,
  runConformance,
  urlTarget,
  type ConformanceReport,
} from '../../src/conformance.js';
import { createMockHandler } from '../../src/mock.js';
import { NO_OTHER_ACCOUNT } from '../../src/conformance/plan/plan.js';
import { KEY2, runAgainst } from './helpers.js';

const CROSS = ['poll-other-account-sees-nothing', 'cancel-other-account-refused'];

const resultsOf = (report: ConformanceReport, id: string) => report.results.filter((r) => r.caseId === id);

describe('cross-account cases', () => {
  test.each(['crazyrouter', 'dashscope'] as const)(
    'pass on the embedded %s mock, which supplies the second key itself',
    async (profile) => {
      const report = await runConformance(embeddedTarget(profile), { models: ['wan2.2-t2v-plus'] });
      const ran = CROSS.flatMap((id) => resultsOf(report, id));
      // cancel is a dashscope operation only.
      expect(ran.map((r) => r.caseId)).toEqual(profile === 'dashscope' ? CROSS : [CROSS[0]]);
      for (const r of ran) expect(r, r.reason).toMatchObject({ outcome: 'pass', level: 'SHOULD' });
      const other = report.exchanges.filter(
        (e) => e.curl.includes('$WAN_API_KEY_2') && (e.operation === 'getTask' || e.operation === 'cancel'),
      );
      expect(other.map((e) => e.response?.status).sort()).toEqual(profile === 'dashscope' ? [200, 400] : [200]);
    },
  );

  test('are not run without a second key, with the reason, and never count as a pass', async () => {
    const handler = createMockHandler({ pendingMs: 0, runningMs: 0, apiKey: 'sk-one' });
    const report = await runConformance(handlerTarget('dashscope', handler, 'sk-one'), {
      models: ['wan2.2-t2v-plus'],
    });
    const notRun = report.results.filter((r) => CROSS.includes(r.caseId));
    expect(notRun.map((r) => [r.caseId, r.outcome, r.reason])).toEqual(
      CROSS.map((id) => [id, 'skip', NO_OTHER_ACCOUNT]),
    );
    expect(report.summary.total.skip).toBeGreaterThanOrEqual(CROSS.length);
    expect(report.exchanges.some((e) => e.curl.includes('$WAN_API_KEY_2'))).toBe(false);
  });

  test('cost nothing: the plan bills the same tasks with and without a second key', async () => {
    const base = { apiKey: 'sk-one', maxCost: '100', profile: 'dashscope' as const };
    const plain = await runConformance(urlTarget('https://gateway.example.com/api/v1', base), { dryRun: true });
    const both = await runConformance(urlTarget('https://gateway.example.com/api/v1', { ...base, apiKey2: 'sk-two' }), {
      dryRun: true,
    });
    expect(both.plan.tasks).toEqual(plain.plan.tasks);
    expect(both.estimate.amount).toBe(plain.estimate.amount);
    expect(both.plan.tasks.some((t) => CROSS.includes(t.caseId))).toBe(false);
    expect(both.plan.cases.map((c) => c.id)).toEqual(expect.arrayContaining(CROSS));
  });

  test('a refused second key is an error that says so, not a failure of the target', async () => {
    const report = await runAgainst('dashscope', undefined, { models: ['wan2.2-t2v-plus'] }, { apiKeys: [] });
    for (const id of CROSS)
      expect(resultsOf(report, id)[0]).toMatchObject({
        outcome: 'error',
        reason: expect.stringMatching(/refused the second account's key \(HTTP 401\): --api-key-2 must be/),
      });
  });

  test('never writes the second key into the report', async () => {
    const report = await runAgainst('dashscope', undefined, { models: ['wan2.2-t2v-plus'] });
    expect(resultsOf(report, CROSS[0]!)[0]?.outcome).toBe('pass');
    expect(JSON.stringify(report)).not.toContain(KEY2);
  });
});
