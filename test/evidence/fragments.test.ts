import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TaskLogFragment, TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { EvidenceCollector, analyzeLog, analyzeLogs } from '../../src/evidence/index.js';
import { jsonl, taskRecord } from './records.js';
import { CLI_COMMAND } from '../support/cli.js';

function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      CLI_COMMAND[0],
      [...CLI_COMMAND.slice(1), ...args],
      { env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

const MODEL = 'wan2.2-t2v-plus';
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + s * 1000).toISOString();

/** What the proxy that saw the submit wrote: PENDING, then RUNNING, then it shut down. */
function submitted(index: number, observations: TaskLogRecord['observations']): TaskLogRecord {
  const { final: _final, ...record } = taskRecord({ model: MODEL, outcome: 'unfinished', index });
  return {
    ...record,
    observations,
    observed: { submitted_at: at(index), polls: observations?.length ?? 0, unfinished: 'shutdown' },
  };
}

/** What another proxy saw of the same task: the given queries, the last one the final answer. */
function fragment(index: number, observations: TaskLogFragment['observations']): TaskLogFragment {
  const done = taskRecord({ model: MODEL, index });
  const last = observations[observations.length - 1]!;
  return {
    log_version: 1,
    fragment: true,
    source: 'production',
    target: 'official',
    profile: 'crazyrouter',
    task_id: done.task_id!,
    observations,
    ...(last.task_status === 'SUCCEEDED' ? { final: done.final! } : {}),
    observed: { first_seen_at: observations[0]!.at, last_seen_at: last.at, polls: observations.length },
  };
}

function files(lines: Record<string, readonly (TaskLogRecord | TaskLogFragment | string)[]>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wan-merge-'));
  return Object.entries(lines).map(([name, list]) => {
    const file = join(dir, name);
    writeFileSync(file, jsonl(list as (TaskLogRecord | string)[]));
    return file;
  });
}

describe('evidence over several logs', () => {
  const ok = (s: number, status: string) => ({ at: at(s), http_status: 200, task_status: status });

  test('merges a record and a fragment of one task into one SUCCEEDED task', async () => {
    const [a, b] = files({
      'a.jsonl': [submitted(1, [ok(2, 'PENDING'), ok(30, 'RUNNING')])],
      'b.jsonl': [fragment(1, [ok(10, 'PENDING'), ok(60, 'RUNNING'), ok(121, 'SUCCEEDED')])],
    });
    const report = await analyzeLogs([a!, b!]);
    expect(report.records).toBe(1);
    expect(report.fragments).toEqual({ lines: 1, mergedTasks: 1, unsubmitted: { count: 0, listed: [] } });
    expect(report.violations.listed).toEqual([]);
    expect(report.models[0]!.total).toMatchObject({ tasks: 1, succeeded: 1, unfinished: 0, amount: '3.50' });
    // Each log alone tells less: the submit without an end, or queries of a task nobody submitted.
    expect((await analyzeLog(a!)).models[0]!.total).toMatchObject({ tasks: 1, succeeded: 0, unfinished: 1 });
    const alone = await analyzeLog(b!);
    expect(alone.models).toEqual([]);
    expect(alone.fragments.unsubmitted.listed).toEqual([
      {
        kind: 'unsubmitted',
        target: 'official',
        taskId: `task-${MODEL}-1`,
        fragments: 1,
        lines: [{ line: 1 }],
        statuses: ['PENDING', 'RUNNING', 'SUCCEEDED'],
        firstSeenAt: at(10),
        lastSeenAt: at(121),
      },
    ]);
  });

  test('reveals a status that goes back across logs, naming the log and line that shows it', async () => {
    const [a, b] = files({
      'a.jsonl': [taskRecord({ model: MODEL, index: 7 }), submitted(1, [ok(2, 'PENDING'), ok(30, 'RUNNING')])],
      'b.jsonl': [fragment(1, [ok(40, 'PENDING'), ok(121, 'SUCCEEDED')])],
    });
    const report = await analyzeLogs([a!, b!]);
    expect(report.violations.count).toBe(1);
    expect(report.violations.listed[0]).toMatchObject({ kind: 'lifecycle', file: a, line: 2, model: MODEL });
    expect(report.violations.listed[0]!.message).toBe(
      `status-moves-forward: getTask #3: task_status moved back from RUNNING to PENDING (${b} line 1, ${at(40)})`,
    );
    expect(report.models[0]!.total).toMatchObject({ tasks: 2, succeeded: 2, violations: 1 });
    // Neither log shows it alone.
    expect((await analyzeLog(a!)).violations.count).toBe(0);
    expect((await analyzeLog(b!)).violations.count).toBe(0);
  });

  test('reports fragments of a task no log saw submitted apart, never as a task', async () => {
    const [b, c] = files({
      'b.jsonl': [fragment(3, [ok(10, 'PENDING')]), taskRecord({ model: MODEL, index: 4 })],
      'c.jsonl': [fragment(3, [ok(20, 'RUNNING'), ok(121, 'SUCCEEDED')])],
    });
    const report = await analyzeLogs([b!, c!]);
    expect(report.models[0]!.total.tasks).toBe(1);
    expect(report.fragments.unsubmitted.count).toBe(1);
    expect(report.fragments.unsubmitted.listed[0]).toMatchObject({
      fragments: 2,
      lines: [
        { file: b, line: 1 },
        { file: c, line: 1 },
      ],
      statuses: ['PENDING', 'RUNNING', 'SUCCEEDED'],
    });
  });

  test('a collector fed line by line without a first pass merges the same way', async () => {
    const lines = {
      'a.jsonl': [submitted(1, [ok(2, 'PENDING'), ok(30, 'RUNNING')])],
      'b.jsonl': [fragment(1, [ok(40, 'PENDING'), ok(121, 'SUCCEEDED')])],
    };
    const collector = new EvidenceCollector();
    let n = 0;
    for (const list of Object.values(lines)) for (const line of list) collector.addLine(JSON.stringify(line), ++n);
    const report = collector.report();
    expect(report.fragments.mergedTasks).toBe(1);
    expect(report.violations.listed.map((v) => v.message.split(':')[0])).toEqual(['status-moves-forward']);
  });

  test('reads a fragment that breaks the schema as an invalid line that says so', async () => {
    const [a] = files({ 'a.jsonl': ['{"log_version":1,"fragment":true,"target":"x"}'] });
    const report = await analyzeLog(a!);
    expect(report.invalidLines.listed[0]!.reason).toMatch(/^not a task log fragment: /);
  });

  test('wan-contract evidence a.jsonl b.jsonl prints the merged task, the log line of the fault and the lone fragments', async () => {
    const [a, b] = files({
      'a.jsonl': [submitted(1, [ok(2, 'PENDING'), ok(30, 'RUNNING')])],
      'b.jsonl': [fragment(1, [ok(40, 'PENDING'), ok(121, 'SUCCEEDED')]), fragment(9, [ok(50, 'RUNNING')])],
    });
    const { code, stdout } = await cli(['evidence', a!, b!]);
    expect(code).toBe(0);
    expect(stdout).toContain(`${a} ${b}: 3 lines, 1 records, 2 fragments, no invalid lines`);
    expect(stdout).toContain(
      `${a} line 1  ${MODEL} on official  lifecycle: status-moves-forward: getTask #3: task_status moved back from RUNNING to PENDING (${b} line 1,`,
    );
    expect(stdout).toContain('Fragments: 2 lines of proxies that saw only some queries of a task; 1 task merged');
    expect(stdout).toContain(`task-${MODEL}-9 on official: RUNNING from ${at(50)} to ${at(50)}, ${b} line 2`);
    expect((await cli(['evidence', a!, b!, '--strict'])).code).toBe(1);
  }, 60_000);
});
