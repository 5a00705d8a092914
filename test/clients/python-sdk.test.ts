import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProfileId } from '../../src/contract/profiles.js';
import { formatListTime, taskListResponseSchema } from '../../src/contract/schemas/task-list.js';
import { ajv } from '../../src/validate/ajv.js';
import { validateSubmitRequest } from '../../src/validate/submit.js';
import { pythonPlan, type PythonStep } from './python-plan.js';
import { profileOfPath, startRecordingMock, type RecordingMock } from './recorder.js';
import { REQUIRE_PYTHON, runPythonPlan, unavailable, type PythonResult } from '../support/python-sdk.js';

const reason = unavailable();

describe('official DashScope Python SDK (dashscope.VideoSynthesis, AioVideoSynthesis) against the mock', () => {
  if (reason !== undefined) {
    if (REQUIRE_PYTHON) test('runs (WAN_REQUIRE_PYTHON=1)', () => expect.fail(reason));
    else test.skip(`skipped: ${reason}; CI runs it with WAN_REQUIRE_PYTHON=1`, () => undefined);
    return;
  }

  const now = Date.now();
  const steps = pythonPlan({ start: formatListTime(now - 60 * 60 * 1000), end: formatListTime(now + 60 * 60 * 1000) });
  const results = new Map<string, PythonResult>();
  let fast: RecordingMock;
  let slow: RecordingMock;

  beforeAll(async () => {
    fast = await startRecordingMock({ pendingMs: 0, runningMs: 0 });
    slow = await startRecordingMock({ pendingMs: 60 * 60 * 1000, runningMs: 0 });
    const servers = { fast, slow };
    const run = await runPythonPlan(
      steps.map((s) => ({
        id: s.id,
        api: s.api,
        entry: s.entry,
        base_url: servers[s.server].baseUrls[s.profile],
        kwargs: s.kwargs,
        task_from: s.task_from,
      })),
      'sk-contract-test',
    );
    if (run.code !== 0) throw new Error(`the driver exited ${run.code}: ${run.stderr.slice(-2000)}`);
    for (const result of run.results) results.set(result.id, result);
    if (process.env.WAN_PYTHON_SDK_REPORT)
      writeFileSync(process.env.WAN_PYTHON_SDK_REPORT, reportTable(steps, results));
  }, 120_000);

  afterAll(async () => {
    await fast?.close();
    await slow?.close();
  });

  test.each(steps.map((s) => [`${s.api} ${s.entry} ${s.model ?? ''} ${s.profile} (${s.args})`, s] as const))(
    '%s ends as the official service would',
    (_, step) => {
      const result = results.get(step.id);
      expect(result, `no result for ${step.id}`).toBeDefined();
      expect(result!.exception, `${step.id} raised`).toBeUndefined();
      judge(step, result!);
    },
  );

  test('every body the SDK sent is accepted by validateSubmitRequest under its profile', () => {
    const submits = [...fast.requests, ...slow.requests].filter(
      (r) => r.method === 'POST' && r.path.includes('/services/'),
    );
    expect(submits.length).toBe(steps.filter((s) => s.entry === 'call' || s.entry === 'async_call').length);
    for (const request of submits) {
      const profile = profileOfPath(request.path) as ProfileId;
      const result = validateSubmitRequest(JSON.parse(request.body), { profile });
      expect(
        result.ok,
        `${profile} ${request.path}: ${request.body}\n${JSON.stringify(result.ok ? [] : result.errors)}`,
      ).toBe(true);
      expect(request.status, `${request.path} ${request.body}`).toBe(200);
    }
  });
});

function judge(step: PythonStep, result: PythonResult): void {
  const want = step.expect;
  const output = result.output ?? {};
  switch (want.kind) {
    case 'task': {
      expect(result.status_code).toBe(want.status);
      expect(output.task_status).toBe(want.taskStatus);
      if (want.taskStatus === 'FAILED') expect(output.code).toEqual(expect.any(String));
      if (want.videoAt === 'output.video_url')
        expect(output.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mock-artifacts\//);
      if (want.videoAt === 'output.results.video_url') expect(output.results?.video_url).toMatch(/\/mock-artifacts\//);
      return;
    }
    case 'error':
      expect(result.status_code).toBe(want.status);
      expect(result.code).toBe(want.code);
      return;
    case 'canceled':
      // Official: HTTP 200 with only a request_id (manage-asynchronous-tasks, "取消异步任务接口").
      expect(result.status_code).toBe(200);
      expect(result.code ?? null).toBeNull();
      return;
    case 'sdk-timeout':
      expect(result.status_code).toBe(408);
      expect(result.code).toBe('WaitTaskTimeout');
      return;
    case 'list': {
      expect(result.status_code).toBe(200);
      // The SDK moves request_id out of the body; the rest is the official list answer.
      const body = { request_id: result.request_id, ...output };
      const validate = ajv().compile(taskListResponseSchema(step.profile));
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      expect(output.total).toBe(want.total);
      expect(want.total).toBeGreaterThan(0);
      expect(output.total_page).toBe(Math.ceil(want.total / want.pageSize));
      const page = Number((step.kwargs.page_no as number | undefined) ?? 1);
      expect(output.data).toHaveLength(Math.max(0, Math.min(want.pageSize, want.total - (page - 1) * want.pageSize)));
      for (const item of output.data as { model_name: string; status: string; gmt_create: number }[]) {
        if (want.model) expect(item.model_name).toBe(want.model);
        if (want.status) expect(item.status).toBe(want.status);
      }
      const created = (output.data as { gmt_create: number }[]).map((i) => i.gmt_create);
      expect(created).toEqual([...created].sort((a, b) => b - a));
      return;
    }
  }
}

function outcomeOf(result: PythonResult | undefined): string {
  if (!result) return 'no result';
  if (result.exception) return `raised ${result.exception}`;
  const output = result.output ?? {};
  if (result.status_code !== 200) return `${result.status_code} ${result.code ?? ''}`.trim();
  if (typeof output.task_status === 'string')
    return `200 ${output.task_status}${output.code ? ` (${output.code})` : ''}`;
  if (Array.isArray(output.data)) return `200 list of ${output.data.length} (total ${output.total})`;
  return '200';
}

/** The closing note's table: entry point × model × profile → outcome. */
function reportTable(steps: readonly PythonStep[], results: ReadonlyMap<string, PythonResult>): string {
  const rows = steps.map(
    (s) => `| ${s.api} | ${s.entry} | ${s.model ?? ''} | ${s.profile} | ${s.args} | ${outcomeOf(results.get(s.id))} |`,
  );
  return (
    [
      '| api | entry point | model | profile | arguments | outcome |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n') + '\n'
  );
}
