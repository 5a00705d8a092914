import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { clientCheckJUnit } from '../../src/client-check/report.js';
import { CHECKED_FAULTS, runClientCheck, type ClientTarget } from '../../src/client-check/run.js';
import { FAULTS, type ClientExpectation } from '../../src/mock/faults/table.js';
import { cli } from '../support/cli.js';

/** Submits once, never polls, exits 1: it meets no fault that lives in the task's polls. */
async function lazy({ baseUrl, apiKey, signal }: ClientTarget): Promise<number> {
  await fetch(`${baseUrl}/services/aigc/video-generation/video-synthesis`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'x-dashscope-async': 'enable' },
    body: JSON.stringify({ model: 'wan2.2-i2v-flash', input: { img_url: 'https://example.com/a.png' } }),
    signal,
  }).then((r) => r.arrayBuffer());
  return 1;
}

describe('client-check counts only the faults a client met', () => {
  test('states for every checked fault what the client must have been shown', () => {
    for (const name of CHECKED_FAULTS)
      expect((FAULTS[name] as { check: ClientExpectation }).check.shown?.what, name).toBeTruthy();
  });

  test('fails the lazy client on every MUST fault it never reached, saying what was missing', async () => {
    const faults = [
      'fail',
      'stuck',
      'never-finish',
      'poll-404',
      'lowercase-status',
      'no-video-url',
      'server-error',
      'moderation',
      'drop',
    ] as const;
    const report = await runClientCheck({ client: lazy, faults, deadlineMs: 5_000 });
    const by = Object.fromEntries(report.verdicts.map((v) => [v.fault, v]));
    for (const fault of ['fail', 'stuck', 'never-finish', 'poll-404', 'lowercase-status', 'no-video-url', 'drop'])
      expect(by[fault]!.outcome, fault).toBe('not-exercised');
    expect(by.fail!.reasons[0]).toBe('0 polls: the client never saw the FAILED status');
    expect(by['poll-404']!.reasons[0]).toBe('0 polls: the client never saw the 404 answer to a poll');
    expect(by['never-finish']!.reasons[0]).toBe(
      '0 polls: the client never saw the task still PENDING on a second poll, so its deadline was never tested',
    );
    // It did meet these: the refused submit was answered, and it gave up as a correct client does.
    expect(by['server-error']!.outcome).toBe('pass');
    expect(by.moderation!.outcome).toBe('pass');
    expect(report.summary).toMatchObject({ pass: 2, fail: 0, notExercised: 7, mustFailures: 6 });
    const junit = clientCheckJUnit(report);
    expect(junit).toContain('failures="6" errors="0" skipped="1"');
    expect(junit).toContain('<skipped message="0 polls: the client never saw the reset poll;');
  }, 120_000);

  test('refuses an empty or repeated selection, a reserved variable and an unwritable output before the client runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-client-check-'));
    const marker = join(dir, 'ran');
    const client = ['--', 'touch', marker];
    const runs = await Promise.all([
      cli(['client-check', '--faults', '', ...client]),
      cli(['client-check', '--faults', 'fail,fail', ...client]),
      cli(['client-check', '--faults', 'fail', '--base-url-env', 'PATH', ...client]),
      cli(['client-check', '--faults', 'fail', '--json', join(dir, 'missing', 'v.json'), ...client]),
      cli(['client-check', '--faults', 'fail', '--junit', dir, ...client]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[0]!.stderr).toContain('--faults must name at least one fault, received ""');
    expect(runs[1]!.stderr).toContain('--faults names fail twice');
    expect(runs[2]!.stderr).toContain('--base-url-env PATH would overwrite a variable the client needs');
    expect(runs[3]!.stderr).toContain('cannot be written: ENOENT');
    expect(runs[4]!.stderr).toContain('is a directory');
    expect(existsSync(marker)).toBe(false);
    expect(() => readFileSync(join(dir, 'missing', 'v.json'))).toThrow();
  }, 120_000);
});
