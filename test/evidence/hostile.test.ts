import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MODEL_IDS } from '../../src/contract/models.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { EvidenceCollector, Tally, analyzeLog, type TaskFacts } from '../../src/evidence/index.js';
import { priceSeconds } from '../../src/pricing/quote.js';
import { cli } from '../support/cli.js';
import { jsonl, taskRecord } from './records.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'wan-hostile-'));

function withUsage(record: TaskLogRecord, seconds: number): TaskLogRecord {
  const body = structuredClone(record.final!.body) as { usage: Record<string, unknown> };
  body.usage.video_duration = seconds;
  return { ...record, final: { ...record.final!, body } };
}

describe('hostile values', () => {
  test('reports a 1e308-second usage as a violation and keeps every other record', async () => {
    const bad = withUsage(taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', charged: '3.50' }), 1e308);
    const good = taskRecord({ model: 'wan2.2-t2v-plus', resolution: '1080P', index: 1 });
    const path = join(dir, 'e308.jsonl');
    writeFileSync(path, jsonl([bad, good]));
    const report = await analyzeLog(path);
    expect(report.models[0]!.total).toMatchObject({ tasks: 2, succeeded: 2, amount: '3.50' });
    expect(report.violations.listed[0]).toMatchObject({
      kind: 'unbillable',
      message: 'wan2.2-t2v-plus: usage.video_duration must be at most 86400 seconds (a day of video), received 1e+308',
    });
    expect(report.billing.totals[0]).toMatchObject({ unverifiable: '3.50', billed: '0.00', charged: '3.50' });
    const run = await cli(['evidence', path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  test('adds amounts exactly past 2^53 fen', () => {
    const bill = priceSeconds('wan2.2-t2v-plus', '1080P', '0.70', '10000000000000000000000');
    const tally = new Tally();
    tally.add({ model: 'wan2.2-t2v-plus', outcome: 'succeeded', violations: [], bill } as unknown as TaskFacts);
    expect(tally.snapshot().amount).toBe('7000000000000000000000.00');
  });

  test.each([
    ['observed.polls', (r: TaskLogRecord) => ({ ...r, observed: { ...r.observed, polls: 1e300 } })],
    [
      'observed.submitted_at',
      (r: TaskLogRecord) => ({ ...r, observed: { ...r.observed, submitted_at: '2026-13-45T99:99:99Z' } }),
    ],
    [
      'delivered.duration_ms',
      (r: TaskLogRecord) => ({
        ...r,
        delivered: { width: 1920, height: 1080, duration_ms: 1e308, frame_ms: 40, bytes_read: 100 },
      }),
    ],
  ])('reads an absurd %s as an invalid line naming the field', (field, change) => {
    const collector = new EvidenceCollector();
    collector.addLine(JSON.stringify(change(taskRecord({ model: 'wan2.2-t2v-plus' }))), 1);
    const report = collector.report();
    expect(report.records).toBe(0);
    expect(report.invalidLines.listed[0]!.reason).toMatch(
      new RegExp(`^not usable: ${field.replace('.', '\\.')} must be`),
    );
  });
});

/** Every path of a JSON value: where a generated value replaces what was there. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  const here = prefix.length === 0 ? [] : [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    // An earlier change may have replaced a parent with a value that has no such child: nothing to replace.
    if (at[key] === null || typeof at[key] !== 'object') return copy;
    at = at[key] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]!] = by;
  return copy;
}

describe('the collector on arbitrary values', () => {
  const bases = MODEL_IDS.map((model, i) => {
    const record = taskRecord({ model, index: i, charged: '1.00' });
    return {
      ...record,
      observations: [{ at: record.observed.submitted_at, http_status: 200, task_status: 'RUNNING' }],
      delivered: { width: 1280, height: 720, duration_ms: 5000, frame_ms: 40, bytes_read: 4096 },
    };
  });
  const hostileNumber = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(1e308, -1, 1e22, 0.1, 86_400.001, 2 ** 53 + 1, 5e-324, -0),
    },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.integer() },
  );
  /** One change of a record: a hostile number where money and statistics read one, where any number was, or any JSON anywhere. */
  const change = (base: unknown) => {
    const paths = pathsOf(base);
    const numeric = paths.filter(
      (p) => typeof p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], base) === 'number',
    );
    const money = numeric.filter((p) => ['usage', 'delivered', 'parameters', 'observed'].includes(String(p.at(-2))));
    return fc.oneof(
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...money), hostileNumber) },
      fc.tuple(fc.constantFrom(...numeric), hostileNumber),
      fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), hostileNumber)),
    );
  };
  const line = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .nat(bases.length - 1)
        .chain((i) =>
          fc
            .array(change(bases[i]), { minLength: 1, maxLength: 3 })
            .map((changes) => JSON.stringify(changes.reduce<unknown>((v, [p, by]) => replaced(v, p, by), bases[i]))),
        ),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? '') },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', JSON.stringify(bases[0]), '{"log_version":1,"fragment":true}') },
  );

  test('never throws, and every line is a record, an invalid line, a blank line or a fragment', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const collector = new EvidenceCollector();
        lines.forEach((text, i) => collector.addLine(text, i + 1));
        const report = collector.report();
        expect(report.records + report.invalidLines.count + report.blankLines + report.fragments.lines).toBe(
          lines.length,
        );
        expect(report.lines).toBe(lines.length);
        JSON.stringify(report);
      }),
      { numRuns: 300 },
    );
  });
});
