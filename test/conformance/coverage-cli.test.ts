import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ConformanceReport, Coverage } from '../../src/conformance.js';

import { CLI_COMMAND, ROOT } from '../support/cli.js';

const ENV = { ...process.env, WAN_API_KEY: '', DASHSCOPE_API_KEY: '', NO_COLOR: '1' };

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(CLI_COMMAND[0], [...CLI_COMMAND.slice(1), ...args], { env: ENV, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each test spawns the CLI; on a loaded 2-core machine one conform run has taken 40 s.
describe.concurrent('wan-contract conform --min-coverage and wan-contract coverage', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-coverage-cli-'));
  const file = (name: string, text?: string) => {
    const path = join(dir, name);
    if (text !== undefined) writeFileSync(path, text);
    return path;
  };
  const report = file('r.json');
  const log = file('e.jsonl');
  let passing: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    passing = await cli(['conform', '--level', 'may', '--min-coverage', '90', '--json', report, '--evidence', log]);
  }, 120_000);

  test('passes --min-coverage 90 on the embedded mock at level may, with a coverage table in the closing note', () => {
    expect(passing.code, passing.stderr).toBe(0);
    expect(passing.stdout).toMatch(/^Coverage of embedded-mock \(crazyrouter profile, from a run\)$/m);
    expect(passing.stdout).toMatch(/^model × tier\s+18\s+7\s+7\s+38\.8%\s+7\/7 100\.0%$/m);
    expect(passing.stdout).toMatch(/^overall\s+\d+/m);
    const written = JSON.parse(readFileSync(report, 'utf8')) as ConformanceReport;
    expect(written.coverage?.overall.gate.percent).toBeGreaterThanOrEqual(90);
  });

  test('exits 1 when --models narrows the run, naming the missing model × tier cells', async () => {
    const run = await cli(['conform', '--level', 'may', '--min-coverage', '90', '--models', 'wan2.2-t2v-plus']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^verdict: pass$/m);
    expect(run.stderr).toMatch(
      /below --min-coverage: embedded-mock: overall coverage [\d.]+% of \d+ cells is below 90%/,
    );
    expect(run.stderr).toContain('models: wan2.5-t2v-preview 1080P, wan2.5-i2v-preview 1080P, wan2.2-i2v-plus 1080P');
    expect(run.stderr).not.toContain('wan2.2-t2v-plus 1080P');
  });

  test('reads the report back, and gates one axis', async () => {
    const json = await cli(['coverage', report, '--json']);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { coverages: Coverage[]; failures: string[] };
    const written = JSON.parse(readFileSync(report, 'utf8')) as ConformanceReport;
    expect(out.coverages[0]!.overall).toEqual(written.coverage!.overall);
    const strict = await cli(['coverage', report, '--min-coverage', 'statuses=100']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('statuses coverage 75% of 4 cells is below 100%; missing statuses: RUNNING');
  });

  test('reads a conform --evidence log against the whole contract and names the tiers it never ran', async () => {
    const run = await cli(['coverage', log, '--min-coverage', 'models=100']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^model × tier\s+18\s+—\s+7\s+38\.8%\s+7\/18 38\.8%$/m);
    expect(run.stderr).toContain(
      'models coverage 38.8% of 18 cells is below 100%; missing models: wan2.5-t2v-preview 480P',
    );
  });

  test('refuses input that is neither a report nor a task log, saying what it expected and what arrived', async () => {
    const cases = [
      {
        args: [file('notes.txt', 'hello\n')],
        want: 'is neither a conformance report nor a task log: expected a JSON object or JSONL records with log_version 1, received "hello"',
      },
      {
        args: [file('other.json', '{"reportVersion": 7}')],
        want: 'is not a conformance report (wan-contract conform --json): reportVersion must be 1, received 7',
      },
      {
        args: [file('failed.json', '{"error": "no answer"}')],
        want: 'is the report of a run that could not be carried out: no answer',
      },
      { args: [join(dir, 'missing.json')], want: 'cannot read' },
      { args: [log, '--min-coverage', 'ninety'], want: 'the threshold must be a percentage from 0 to 100' },
    ];
    const runs = await Promise.all(cases.map(({ args }) => cli(['coverage', ...args])));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]!.args.join(' ')).toBe(2);
      expect(run.stderr).toContain(cases[i]!.want);
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    });
  });
});
