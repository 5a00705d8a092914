import { describe, expect, test } from 'vitest';
import {
  buildMatrix,
  checkCoverage,
  coverageOfReport,
  coverageUniverse,
  parseCoverageThreshold,
  renderMatrixMarkdown,
  type Coverage,
} from '../../src/conformance.js';
import { CoverageLogCollector } from '../../src/evidence/coverage-log.js';
import { buildCoverage } from '../../src/coverage/coverage.js';
import { PRESCRIBED_ERRORS } from '../../src/contract/answers.js';
import { modelsOfProfile, resolutionsOf } from '../../src/contract/models.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { statusesOf } from '../../src/contract/statuses.js';
import { USAGE_FIELDS } from '../../src/contract/usage.js';
import { runAgainst } from '../conformance/helpers.js';

const axis = (c: Coverage, name: string) => c.axes.find((a) => a.axis === name)!;

describe('coverageUniverse', () => {
  test('derives every axis from the contract, per profile', () => {
    const crazy = coverageUniverse('crazyrouter');
    expect(crazy.models).toHaveLength(modelsOfProfile('crazyrouter').reduce((n, m) => n + resolutionsOf(m).length, 0));
    expect(crazy.statuses).toEqual([...statusesOf('crazyrouter')]);
    expect(crazy.usage).toEqual(USAGE_FIELDS);
    expect(crazy.locations).toEqual(['output.video_url']);
    expect(coverageUniverse('dashscope').locations).toEqual(['output.video_url', 'output.results.video_url']);
    // The page's profile has one submit path of its own; the official image2video path is only an alias there.
    expect(crazy.answers).toEqual([
      'createVideoTask 200',
      'createVideoTask 400 InvalidParameter',
      'createVideoTask 401 InvalidApiKey',
      'getTask 200',
      'getTask 401 InvalidApiKey',
    ]);
    const official = coverageUniverse('dashscope').answers;
    expect(official).toContain('createImageToVideoTask 403 AccessDenied');
    expect(official).toContain('cancelTask 400 UnsupportedOperation');
    expect(official).toHaveLength(5 + Object.values(PRESCRIBED_ERRORS).reduce((n, errors) => n + errors.length, 0));
  });
});

describe('parseCoverageThreshold', () => {
  test.each([
    { given: '90', want: { scope: 'overall', tenths: 900 } },
    { given: '92.5', want: { scope: 'overall', tenths: 925 } },
    { given: 'models=100', want: { scope: 'models', tenths: 1000 } },
    { given: 'overall=0', want: { scope: 'overall', tenths: 0 } },
  ])('reads $given', ({ given, want }) => expect(parseCoverageThreshold(given)).toEqual(want));

  test('names what it expected and what arrived', () => {
    expect(() => parseCoverageThreshold('tiers=90')).toThrowErrorMatchingInlineSnapshot(
      `[CoverageThresholdError: --min-coverage: the axis must be overall, answers, statuses, models, usage, locations, received "tiers"]`,
    );
    expect(() => parseCoverageThreshold('101')).toThrowErrorMatchingInlineSnapshot(
      `[CoverageThresholdError: --min-coverage: the threshold must be a percentage from 0 to 100 with at most one decimal (90, 92.5, models=100), received "101"]`,
    );
    expect(() => parseCoverageThreshold('90%')).toThrow(/received "90%"/);
  });
});

describe('checkCoverage', () => {
  const seen = (cells: string[]) => ({ answers: [], statuses: cells, models: [], usage: [], locations: [] });
  test('compares exactly: 6 of 7 statuses pass 85.7 and fail 85.8', () => {
    const statuses = statusesOf('crazyrouter').slice(0, 6);
    const c = buildCoverage({ profile: 'crazyrouter', target: 't', source: 'log', reached: seen([...statuses]) });
    expect(checkCoverage(c, [parseCoverageThreshold('statuses=85.7')])).toEqual([]);
    const [short] = checkCoverage(c, [parseCoverageThreshold('statuses=85.8')]);
    expect(short).toMatchObject({
      scope: 'statuses',
      percent: 85.7,
      missing: [{ axis: 'statuses', cells: ['UNKNOWN'] }],
    });
  });

  test('fails a gate whose base is empty: it proves nothing', () => {
    const c = buildCoverage({
      profile: 'crazyrouter',
      target: 't',
      source: 'run',
      reached: seen([]),
      gateBase: { answers: new Set(), statuses: new Set(), models: new Set(), usage: new Set(), locations: new Set() },
    });
    expect(checkCoverage(c, [parseCoverageThreshold('0')])).toHaveLength(1);
  });
});

describe('coverageOfReport', () => {
  test('an embedded run at level may reaches 90% of its gate, and every model at its default tier', async () => {
    const report = await runAgainst('crazyrouter', undefined, { level: 'may' });
    const coverage = report.coverage!;
    expect(checkCoverage(coverage, [parseCoverageThreshold('90')])).toEqual([]);
    expect(axis(coverage, 'models').cells.reached).toEqual(modelsOfProfile('crazyrouter').map((m) => expect.stringContaining(m)));
    expect(axis(coverage, 'answers').cells.reached).toEqual(
      expect.arrayContaining(['createVideoTask 200', 'createVideoTask 400 InvalidParameter', 'getTask 200']),
    );
    // Reachable beside reached: tiers other than the defaults are in the contract but not in this plan.
    expect(axis(coverage, 'models').unreachable).toContain('wan2.5-t2v-preview 480P');
    expect(coverage.overall.percent).toBeLessThan(coverage.overall.gate.percent);
  });

  test('narrowing --models fails the gate and names the model × tier cells left out', async () => {
    const report = await runAgainst('crazyrouter', undefined, { level: 'may', models: ['wan2.2-t2v-plus'] });
    const [short] = checkCoverage(report.coverage!, [parseCoverageThreshold('90')]);
    expect(short!.percent).toBeLessThan(90);
    const models = short!.missing.find((m) => m.axis === 'models')!.cells;
    expect(models).toEqual(
      modelsOfProfile('crazyrouter').filter((m) => m !== 'wan2.2-t2v-plus').map((m) => expect.stringMatching(new RegExp(`^${m} `))),
    );
  });

  test('counts RUNNING once a task is seen running, and nothing reachable over budget', async () => {
    const slow = await runAgainst(
      'crazyrouter',
      undefined,
      { level: 'must', models: ['wan2.2-t2v-plus'] },
      {
        pendingMs: 1000,
        runningMs: 5000,
      },
    );
    expect(axis(slow.coverage!, 'statuses').cells.reached).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED', 'UNKNOWN']);
    const over = { ...slow, aborted: { reason: 'over-budget' as const, message: 'over' }, exchanges: [] };
    const c = coverageOfReport(over);
    expect(c.overall).toMatchObject({ reachable: 0, reached: 0 });
    expect(c.overall.gate.base).toBeGreaterThan(0);
  });
});

describe('coverage of task logs', () => {
  const record = (over: Partial<TaskLogRecord>): TaskLogRecord => ({
    log_version: 1,
    source: 'production',
    target: 'gw',
    profile: 'crazyrouter',
    model: 'wan2.2-s2v',
    request: { model: 'wan2.2-s2v', input: {}, parameters: { resolution: '720P' } },
    submit: { http_status: 200, body: { request_id: 'r', output: { task_id: 't1', task_status: 'PENDING' } } },
    final: {
      http_status: 200,
      body: {
        request_id: 'r',
        output: { task_id: 't1', task_status: 'SUCCEEDED', video_url: 'https://x/v.mp4' },
        usage: { duration: 7.5, size: '1280*720', fps: 25 },
      },
    },
    observed: { submitted_at: '2026-11-24T03:41:02.123Z' },
    ...over,
  });

  test('reads answers, statuses, tiers, usage and locations per target, and keeps answers beyond the contract', () => {
    const collector = new CoverageLogCollector();
    collector.addLine(JSON.stringify(record({})), 1);
    collector.addLine(
      JSON.stringify(
        record({
          submit: { http_status: 429, body: { request_id: 'r', code: 'Throttling.RateQuota', message: 'slow down' } },
          final: undefined,
        }),
      ),
      2,
    );
    collector.addLine(
      JSON.stringify(
        record({
          target: 'other',
          observations: [
            { at: '2026-11-24T03:41:03.000Z', http_status: 200, task_status: 'RUNNING' },
            { at: '2026-11-24T03:41:09.000Z', http_status: 200, task_status: 'SUCCEEDED' },
          ],
        }),
      ),
      3,
    );
    collector.addLine('not json', 4);
    const { coverages, records, invalidLines } = collector.coverage();
    expect(records).toBe(3);
    expect(invalidLines).toMatchObject({ count: 1, first: [{ line: 4 }] });
    expect(coverages.map((c) => c.target)).toEqual(['gw', 'other']);
    const gw = coverages[0]!;
    expect(axis(gw, 'models').cells.reached).toEqual(['wan2.2-s2v 720P']);
    expect(axis(gw, 'usage').cells.reached).toEqual(['duration', 'size', 'fps']);
    expect(axis(gw, 'statuses').cells.reached).toEqual(['PENDING', 'SUCCEEDED']);
    expect(axis(gw, 'answers').beyond).toEqual(['createVideoTask 429 Throttling.RateQuota']);
    expect(gw.overall.reachable).toBeNull();
    expect(gw.overall.gate.base).toBe(gw.overall.universe);
    // The task queries a logger observed count too: RUNNING is seen only there.
    expect(axis(coverages[1]!, 'statuses').cells.reached).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
  });
});

describe('buildMatrix', () => {
  test('shows coverage per provider next to its verdicts', async () => {
    const [a, b] = await Promise.all([
      runAgainst('crazyrouter'),
      runAgainst('dashscope', undefined, { models: ['wan2.2-s2v'] }),
    ]);
    const matrix = buildMatrix([
      { report: a, source: 'a.json' },
      { report: b, source: 'b.json' },
    ]);
    expect(matrix.columns.map((c) => c.coverage?.overall.percent)).toEqual([
      a.coverage!.overall.percent,
      b.coverage!.overall.percent,
    ]);
    const markdown = renderMatrixMarkdown(matrix);
    expect(markdown).toContain(
      `| *coverage* | ${a.coverage!.overall.percent.toFixed(1)}% of the contract (gate ${a.coverage!.overall.gate.reached}/${a.coverage!.overall.gate.base}`,
    );
    expect(markdown).toMatch(/\| \*model × tier\* \| 7\/18 \(38\.8%\) \| 1\/42 \(2\.3%\) \|/);
  });
});
