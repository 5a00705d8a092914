import { describe, expect, test } from 'vitest';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { EvidenceCollector } from '../../src/evidence/collector.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAgainst } from '../conformance/helpers.js';
import { cli } from '../support/cli.js';
import { taskRecord } from './records.js';

/** A record of a 10 s 1080P wan2.5-t2v-preview task whose video header says what `delivered` gives. */
function tenSeconds(delivered: TaskLogRecord['delivered']): TaskLogRecord {
  const base = taskRecord({ model: 'wan2.5-t2v-preview', usageSeconds: 10 });
  const request = base.request as { parameters: Record<string, unknown> };
  return {
    ...base,
    request: { ...request, parameters: { ...request.parameters, duration: 10 } },
    ...(delivered ? { delivered } : {}),
  };
}

function violationsOf(records: readonly TaskLogRecord[]) {
  const collector = new EvidenceCollector();
  records.forEach((record, i) => collector.addRecord(record, i + 1));
  return collector.report().violations.listed;
}

describe('evidence: the delivered view', () => {
  test('a video of the tier and seconds billed is no violation', () => {
    const record = tenSeconds({
      width: 1920,
      height: 1080,
      duration_ms: 10_000,
      frame_ms: 1000 / 24,
      bytes_read: 4096,
    });
    expect(violationsOf([record])).toEqual([]);
  });

  test('names a 5 s video billed as 10 s, with the task id', () => {
    const record = tenSeconds({ width: 1920, height: 1080, duration_ms: 5000, frame_ms: 1000 / 24, bytes_read: 4096 });
    const [v, ...rest] = violationsOf([record]);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ kind: 'billed-length-mismatch', taskId: record.task_id, line: 1 });
    expect(v?.message).toMatchInlineSnapshot(
      `"task task-wan2.5-t2v-preview-0: wan2.5-t2v-preview: billed 10 s (the billed seconds), the video lasts 5 s (one frame is 0.041667 s)"`,
    );
  });

  test('names a 720P video billed as 1080P', () => {
    const record = tenSeconds({ width: 1280, height: 720, duration_ms: 10_000, frame_ms: 40, bytes_read: 4096 });
    const [v] = violationsOf([record]);
    expect(v?.kind).toBe('billed-tier-mismatch');
    expect(v?.message).toMatchInlineSnapshot(
      `"task task-wan2.5-t2v-preview-0: wan2.5-t2v-preview: billed 1080P at 1920×1080, the video is 1280×720 (720P)"`,
    );
  });

  test('allows one frame of difference in length, not more', () => {
    const at = (duration_ms: number) =>
      violationsOf([tenSeconds({ width: 1920, height: 1080, duration_ms, frame_ms: 40, bytes_read: 4096 })]).map(
        (v) => v.kind,
      );
    expect(at(10_040)).toEqual([]);
    expect(at(9_960)).toEqual([]);
    expect(at(10_041)).toEqual(['billed-length-mismatch']);
    expect(at(9_959)).toEqual(['billed-length-mismatch']);
  });

  test.each([
    ['video-wrong-tier', 'billed-tier-mismatch'],
    ['video-short', 'billed-length-mismatch'],
  ] as const)('a conform --evidence log of a %s server names %s with the task id', async (fault, kind) => {
    const records: TaskLogRecord[] = [];
    await runAgainst(
      'crazyrouter',
      undefined,
      { models: ['wan2.5-t2v-preview'], onTaskRecord: (r) => records.push(r) },
      { scenarios: [fault] },
    );
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.delivered !== undefined)).toBe(true);
    const found = violationsOf(records).filter((v) => v.kind === kind);
    expect(found.map((v) => v.taskId).sort()).toEqual(records.map((r) => r.task_id).sort());
  });

  test('wan-contract evidence prints the mismatch with its line and task id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-delivered-'));
    try {
      const log = join(dir, 'tasks.jsonl');
      const record = tenSeconds({ width: 1920, height: 1080, duration_ms: 5000, frame_ms: 40, bytes_read: 4096 });
      writeFileSync(log, `${JSON.stringify(record)}\n`);
      const { code, stdout } = await cli(['evidence', log, '--strict']);
      expect(code).toBe(1);
      expect(stdout).toContain(
        'line 1  wan2.5-t2v-preview on official  billed-length-mismatch: task task-wan2.5-t2v-preview-0: wan2.5-t2v-preview: billed 10 s',
      );
      expect(stdout).toContain('billed-length-mismatch: the delivered video lasts other seconds than billed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
