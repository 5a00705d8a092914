import { describe, expect, test } from 'vitest';
import { parseLogLine } from '../../src/evidence/index.js';
import { taskRecord } from './records.js';

describe('parseLogLine', () => {
  test('reads a record built from the contract', () => {
    const parsed = parseLogLine(JSON.stringify(taskRecord({ model: 'wan2.2-kf2v-flash' })));
    expect(parsed.kind).toBe('record');
  });

  test.each([
    ['', 'blank'],
    ['   ', 'blank'],
  ])('treats %j as a blank line', (text, kind) => {
    expect(parseLogLine(text).kind).toBe(kind);
  });

  test('names the JSON error of a truncated line', () => {
    const parsed = parseLogLine('{"log_version":1,"sou');
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.reason).toMatch(/^not JSON: /);
  });

  test('says which fields a record misses', () => {
    const { observed: _observed, ...rest } = taskRecord({ model: 'wan2.2-t2v-plus' });
    expect(parseLogLine(JSON.stringify(rest))).toMatchInlineSnapshot(`
      {
        "kind": "invalid",
        "reason": "not a task log record: observed is required",
      }
    `);
  });

  test('rejects a time without a zone and a charge that is not a decimal', () => {
    const record = taskRecord({ model: 'wan2.2-t2v-plus', charged: '3.50' });
    const line = JSON.stringify({
      ...record,
      observed: { submitted_at: '2026-11-24 03:00:00' },
      charged: { amount: '3,50', currency: 'CNY' },
    });
    const parsed = parseLogLine(line);
    expect(parsed.kind === 'invalid' && parsed.reason).toContain('observed.submitted_at must be text matching');
    expect(parsed.kind === 'invalid' && parsed.reason).toContain('charged.amount must be text matching');
  });

  test('rejects a JSON value that is not an object', () => {
    expect(parseLogLine('[1,2]')).toEqual({
      kind: 'invalid',
      reason: 'not a task log record: expected a JSON object, received an array',
    });
  });
});
