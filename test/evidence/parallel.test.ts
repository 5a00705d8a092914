import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EvidenceCollector, analyzeLog, forEachLine, lineAlignedRanges } from '../../src/evidence/index.js';
import { jsonl, successes, taskRecord } from './records.js';

describe('reading a log in parts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-parts-'));
  const file = join(dir, 'log.jsonl');
  writeFileSync(
    file,
    jsonl([
      ...successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 7),
      'broken {',
      ...successes('wan2.2-s2v', ['480P'], 5, { profile: 'dashscope', charged: '6.30' }),
      taskRecord({ model: 'wan2.2-t2v-plus', outcome: 'failed', charged: '3.50', index: 77 }),
      'also broken',
      taskRecord({ model: 'wan2.2-kf2v-flash', result: 'none', index: 78 }),
    ]),
  );

  test('cuts a file into ranges that cover it and end at line breaks', async () => {
    const bytes = readFileSync(file);
    const ranges = await lineAlignedRanges(file, 3);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]!.start).toBe(0);
    expect(ranges[ranges.length - 1]!.end).toBe(bytes.length - 1);
    for (const [i, range] of ranges.entries()) {
      expect(bytes[range.end]).toBe(0x0a);
      if (i > 0) expect(range.start).toBe(ranges[i - 1]!.end + 1);
    }
  });

  test('merges the parts into the report of the whole log, line numbers included', async () => {
    const whole = await analyzeLog(file, { listLimit: 0 });
    const merged = new EvidenceCollector({ listLimit: 0 });
    for (const range of await lineAlignedRanges(file, 4)) {
      const part = new EvidenceCollector({ listLimit: 0 });
      await forEachLine(file, (text, n) => part.addLine(text, n), range);
      merged.merge(part.state());
    }
    const report = merged.report();
    expect(report).toEqual(whole);
    expect(report.invalidLines.listed.map((l) => l.line)).toEqual([22, 29]);
    expect(report.billing.discrepancyCount).toBe(6);
  });

  test('gives one empty range for an empty file', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await lineAlignedRanges(empty, 2)).toEqual([{ start: 0, end: -1 }]);
    expect((await analyzeLog(empty)).lines).toBe(0);
  });
});
