import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { MODELS, modelsOfProfile } from '../../src/contract/models.js';
import { quoteAny } from '../../src/pricing/quote.js';
import type { EvidenceReport } from '../../src/evidence/index.js';
import { jsonl, successes, taskRecord } from './records.js';
import { runAgainst } from '../conformance/helpers.js';
import { ROOT, cli } from '../support/cli.js';

describe.concurrent('wan-contract evidence and matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-evidence-cli-'));
  const log = join(dir, 'e.jsonl');
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  beforeAll(async () => {
    // One report through the command (with --evidence), the other from the library, to keep the test short.
    const [run, dashscope] = await Promise.all([
      cli(['conform', '--evidence', log, '--json', a]),
      runAgainst('dashscope'),
    ]);
    expect(run.code).toBe(0);
    writeFileSync(b, JSON.stringify(dashscope));
  }, 60_000);

  test('reports every model of a conform --evidence log with its tasks and billed amount', async () => {
    const { code, stdout } = await cli(['evidence', log, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as EvidenceReport;
    expect(report.invalidLines.count).toBe(0);
    expect(report.violations.count).toBe(0);
    // conform runs the default profile (crazyrouter): every model its contract lists.
    expect(report.models.map((m) => m.model)).toEqual(modelsOfProfile('crazyrouter'));
    for (const m of report.models) {
      expect(m.total.tasks).toBeGreaterThan(0);
      expect(m.total.succeeded).toBe(m.total.tasks);
      if (MODELS[m.model].duration.mode === 'fixed') {
        const [resolution] = Object.keys(m.resolutions);
        expect(m.total.amount).toBe(quoteAny({ model: m.model, resolution }).amount);
      } else expect(Number(m.total.amountMinor)).toBeGreaterThan(0);
    }
  });

  test('prints the promotion of a qualifying wan2.2-kf2v-flash, the resolution wan2.2-s2v misses, and exits 1 with --strict on problems', async () => {
    const file = join(dir, 'kf2v.jsonl');
    const records = [
      ...successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 3),
      ...successes('wan2.2-s2v', ['480P'], 3),
    ];
    writeFileSync(
      file,
      jsonl([
        ...records,
        'garbage line',
        taskRecord({ model: 'wan2.2-t2v-plus', outcome: 'failed', charged: '3.50', index: 7 }),
      ]),
    );
    const { code, stdout } = await cli([
      'evidence',
      file,
      '--min-successes',
      '3',
      '--min-success-rate',
      '1',
      '--strict',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('wan2.2-kf2v-flash: the evidence closes');
    expect(stdout).toMatch(/^ {4}- {4}status: 'beta',$/m);
    expect(stdout).toMatch(/^ {4}\+ {4}status: 'verified',$/m);
    expect(stdout).toMatch(/wan2\.2-s2v: stays beta\n {4}- 720P: no successes, needs 3/);
    expect(stdout).toContain(`line ${records.length + 1}: not JSON`);
    expect(stdout).toContain('billed a failed task, charged 3.50, price table 0.00 (+3.50)');
  });

  test.each([
    [['evidence', join(tmpdir(), 'wan-no-such.jsonl')], 3, 'cannot read'],
    [['matrix', join(ROOT, 'package.json')], 2, 'is not a conformance report'],
  ])('exits with the documented code: %j', async (args, want, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(want);
    expect(stderr).toContain(message);
  });

  test('writes the Markdown and HTML matrices of two reports', async () => {
    const out = join(dir, 'site');
    const { code, stdout } = await cli(['matrix', a, b, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('embedded-mock (crazyrouter): 8 pass, 0 fail');
    const markdown = readFileSync(join(out, 'compatibility-matrix.md'), 'utf8');
    expect(markdown).toContain('| model | embedded-mock (crazyrouter) | embedded-mock (dashscope) |');
    expect(markdown).toContain('| wan2.2-kf2v-flash | ✅ pass | ✅ pass |');
    const html = readFileSync(join(out, 'compatibility-matrix.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
  });

  test('writes the matrices to the files --markdown-file and --html-file name', async () => {
    const markdownFile = join(dir, 'named', 'MATRIX.md');
    const htmlFile = join(dir, 'named', 'matrix.html');
    const { code } = await cli(['matrix', a, b, '--markdown-file', markdownFile, '--html-file', htmlFile]);
    expect(code).toBe(0);
    expect(readFileSync(markdownFile, 'utf8')).toContain('| wan2.2-kf2v-flash | ✅ pass | ✅ pass |');
    expect(readFileSync(htmlFile, 'utf8')).toMatch(/^<!doctype html>/);
  });
});
