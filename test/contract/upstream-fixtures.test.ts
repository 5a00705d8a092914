import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../src/client.js';
import { judgeLifecycle, loadCases, type ObservedTask } from '../../src/conformance.js';
import { isModelId, type ModelId } from '../../src/contract/models.js';
import { isOfficialErrorCode, statusesOfCode } from '../../src/contract/schemas/error.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../../src/validate/task.js';

// The official upstream's own answers, as its documentation prints them (one file per example, each with its
// source URL). The contract must accept every one under the dashscope profile, and a lifecycle assembled from
// them must pass the conformance judges: where a documented answer fails, the schema is wrong.

const DIR = resolve(import.meta.dirname, '../fixtures/upstream');

interface UpstreamFixture {
  readonly name: string;
  readonly source: readonly string[];
  readonly section: string;
  readonly operation: 'createVideoTask' | 'getTask';
  readonly http_status: number;
  readonly model?: string;
  readonly request?: Record<string, unknown>;
  readonly constructed?: boolean;
  readonly body: Record<string, any>;
}

const FIXTURES: UpstreamFixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(DIR, f), 'utf8')) }));
const byName = (name: string): UpstreamFixture => {
  const found = FIXTURES.find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
};

const cases = loadCases();
const TASK_ID = '0385dc79-5ff8-4d82-bcb6-xxxxxx';
const HOUR = 3_600_000;

/** One exchange carrying a fixture's body; the task id is the sequence's own, as one task would answer. */
function exchange(seq: number, fixture: UpstreamFixture, at: number): Exchange {
  const body = structuredClone(fixture.body);
  if (body.output && fixture.operation === 'getTask') body.output.task_id = TASK_ID;
  return {
    seq,
    operation: fixture.operation === 'getTask' ? 'getTask' : 'submit',
    request: { method: fixture.operation === 'getTask' ? 'GET' : 'POST', url: `/api/v1/x`, headers: {} },
    response: {
      status: fixture.http_status,
      headers: { 'content-type': 'application/json' },
      body,
      bytes: JSON.stringify(body).length,
    },
    startedAt: new Date(at).toISOString(),
    durationMs: 1,
    curl: '',
  };
}

/** A task observed through documented answers: submit, the polls, and a later re-poll. */
function lifecycle(
  model: ModelId,
  request: Record<string, unknown>,
  polls: readonly UpstreamFixture[],
  repoll?: { fixture: UpstreamFixture; afterMs: number },
): ObservedTask {
  const t0 = Date.UTC(2025, 8, 29, 6, 18, 52);
  const exchanges = polls.map((f, i) => exchange(i + 2, f, t0 + (i + 1) * 15_000));
  const final = polls[polls.length - 1]?.body.output.task_status as string;
  return {
    profile: 'dashscope',
    model,
    request,
    taskId: TASK_ID,
    submit: exchange(1, byName('submit-pending'), t0),
    polls: exchanges,
    ...(repoll
      ? { repoll: exchange(polls.length + 2, repoll.fixture, t0 + polls.length * 15_000 + repoll.afterMs) }
      : {}),
    finalStatus: final,
    end: { kind: 'finished', status: final },
  };
}

const failures = (task: ObservedTask) =>
  judgeLifecycle(cases, task)
    .filter((v) => v.outcome === 'fail' || v.outcome === 'error')
    .map((v) => `${v.caseId}: ${v.message ?? v.outcome}`);

describe('upstream fixtures', () => {
  test('cover submit, RUNNING, SUCCEEDED per capability, FAILED, UNKNOWN and an error body', () => {
    expect(FIXTURES.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'submit-pending',
        'task-running',
        'task-succeeded-t2v',
        'task-succeeded-i2v',
        'task-succeeded-kf2v',
        'task-succeeded-s2v',
        'task-failed',
        'task-unknown-expired',
        'error-no-api-key',
      ]),
    );
    for (const f of FIXTURES) {
      expect(f.source.length, f.name).toBeGreaterThan(0);
      for (const url of f.source)
        expect(url, f.name).toMatch(/^https:\/\/(help\.aliyun\.com|platform\.qianwenai\.com)\//);
    }
  });

  test.each(FIXTURES.map((f) => [f.name, f] as const))('%s validates under the dashscope profile', (_name, f) => {
    if (f.http_status !== 200) {
      const result = validateErrorBody(f.body);
      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(isOfficialErrorCode(f.body.code)).toBe(true);
      expect(statusesOfCode(f.body.code)).toContain(f.http_status);
      return;
    }
    const result =
      f.operation === 'createVideoTask'
        ? validateSubmitResponse(f.body)
        : validateTaskResponse(f.body, { profile: 'dashscope', ...(f.model ? { model: f.model } : {}) });
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  const succeeded = FIXTURES.filter((f) => f.name.startsWith('task-succeeded-'));
  test.each(succeeded.map((f) => [f.model, f] as const))(
    'the judges pass submit → RUNNING → SUCCEEDED for %s, kept on a re-poll',
    (model, f) => {
      if (!isModelId(model) || !f.request) throw new Error(`${f.name} names no model and request`);
      const task = lifecycle(model, f.request, [byName('task-running'), f], { fixture: f, afterMs: 15_000 });
      expect(failures(task)).toEqual([]);
    },
  );

  test('the judges pass submit → RUNNING → FAILED but for the SHOULD that a valid request succeeds', () => {
    // The documented failure is InvalidParameter: the request it answers was not valid, so task-succeeds (SHOULD:
    // a valid request with reachable inputs ends SUCCEEDED) rightly reports it, and nothing else does.
    const f = byName('task-succeeded-t2v');
    const task = lifecycle('wan2.5-t2v-preview', f.request!, [byName('task-running'), byName('task-failed')], {
      fixture: byName('task-failed'),
      afterMs: 15_000,
    });
    expect(failures(task)).toEqual([expect.stringMatching(/^task-succeeds: .*received "FAILED".*InvalidParameter/)]);
  });

  test('the judges pass a SUCCEEDED task that reads UNKNOWN after its 24 h retention', () => {
    const f = byName('task-succeeded-t2v');
    const task = lifecycle('wan2.5-t2v-preview', f.request!, [byName('task-running'), f], {
      fixture: byName('task-unknown-expired'),
      afterMs: 25 * HOUR,
    });
    expect(failures(task)).toEqual([]);
  });

  test('the judges fail a SUCCEEDED task that reads UNKNOWN within its retention', () => {
    const f = byName('task-succeeded-t2v');
    const task = lifecycle('wan2.5-t2v-preview', f.request!, [byName('task-running'), f], {
      fixture: byName('task-unknown-expired'),
      afterMs: 15_000,
    });
    expect(failures(task)).toEqual([
      expect.stringMatching(/^terminal-status-stays: .*before its 24 h retention lapses/),
    ]);
  });
});
