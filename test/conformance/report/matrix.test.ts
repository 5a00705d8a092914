import { describe, expect, test, beforeAll } from 'vitest';
import {
  MatrixInputError,
  asConformanceReport,
  buildMatrix,
  renderMatrixHtml,
  renderMatrixMarkdown,
  type ConformanceReport,
} from '../../../src/conformance.js';
import { runAgainst } from '../helpers.js';

/** A copy of a report as another provider that breaks one case for one model. */
function broken(
  report: ConformanceReport,
  label: string,
  model: string,
  caseId: string,
  reason: string,
): ConformanceReport {
  const copy = structuredClone(report) as { -readonly [K in keyof ConformanceReport]: ConformanceReport[K] } & {
    target: { label: string };
  };
  copy.target = { ...copy.target, label, kind: 'url', baseUrl: 'https://provider.example.com/api/v1' };
  copy.results = copy.results.map((r) =>
    r.model === model && r.caseId === caseId ? { ...r, outcome: 'fail' as const, reason } : r,
  );
  return copy;
}

describe('compatibility matrix', () => {
  let crazyrouter: ConformanceReport;
  let dashscope: ConformanceReport;
  beforeAll(async () => {
    [crazyrouter, dashscope] = await Promise.all([runAgainst('crazyrouter'), runAgainst('dashscope')]);
  });

  test('has a row per model run and one for target-wide cases, a column per report', () => {
    const matrix = buildMatrix([
      { report: crazyrouter, source: 'a.json' },
      { report: dashscope, source: 'b.json' },
    ]);
    expect(matrix.columns.map((c) => c.id)).toEqual(['embedded-mock (crazyrouter)', 'embedded-mock (dashscope)']);
    expect(matrix.rows.map((r) => r.model)).toEqual([
      'wan2.5-t2v-preview',
      'wan2.5-i2v-preview',
      'wan2.2-t2v-plus',
      'wan2.2-i2v-plus',
      'wan2.2-i2v-flash',
      'wan2.2-kf2v-flash',
      'wan2.2-s2v',
      null,
    ]);
    expect(matrix.rows.every((r) => r.cells.every((c) => c.outcome === 'pass'))).toBe(true);
  });

  test('marks a failing case in its cell with the case id', () => {
    const apipass = broken(crazyrouter, 'ApiPass', 'wan2.2-s2v', 'submit-accepted', 'no video URL');
    const matrix = buildMatrix([
      { report: crazyrouter, source: 'a.json' },
      { report: apipass, source: 'apipass.json' },
    ]);
    const s2v = matrix.rows.find((r) => r.model === 'wan2.2-s2v')!;
    expect(s2v.cells.map((c) => c.outcome)).toEqual(['pass', 'fail']);
    expect(s2v.cells[1]!.failing).toEqual([
      { caseId: 'submit-accepted', level: 'MUST', outcome: 'fail', expected: false, reason: 'no video URL' },
    ]);
    expect(renderMatrixMarkdown(matrix)).toContain('| wan2.2-s2v | ✅ pass | ❌ fail: `submit-accepted` |');
  });

  test('tells a runner error from a failure, and a model not run from a pass', () => {
    const errored = structuredClone(crazyrouter) as ConformanceReport & {
      results: ConformanceReport['results'][number][];
    };
    errored.results = errored.results
      .filter((r) => r.model !== 'wan2.2-s2v')
      .map((r) =>
        r.model === 'wan2.2-t2v-plus' && r.caseId === 'submit-accepted' ? { ...r, outcome: 'error' as const } : r,
      );
    const matrix = buildMatrix([
      { report: crazyrouter, source: 'a.json' },
      { report: errored, source: 'b.json' },
    ]);
    const cell = (model: string) => matrix.rows.find((r) => r.model === model)!.cells[1]!.outcome;
    expect([cell('wan2.2-t2v-plus'), cell('wan2.2-s2v'), cell('wan2.2-i2v-plus')]).toEqual(['error', 'skip', 'pass']);
  });

  test('writes a self-contained HTML page with every text escaped', () => {
    const hostile = broken(
      crazyrouter,
      '<script>alert("x")</script>',
      'wan2.2-kf2v-flash',
      'submit-accepted',
      '<img src="https://evil.example/x.png">',
    );
    const html = renderMatrixHtml(buildMatrix([{ report: hostile, source: 'x.json' }]), 'Matrix & "friends"');
    expect(html).not.toMatch(/<script|<img|<link|@import/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('title="&lt;img src=&quot;https://evil.example/x.png&quot;&gt;"');
    expect(html).toContain('<title>Matrix &amp; &quot;friends&quot;</title>');
    expect(html).toContain('<style>');
  });

  test('escapes pipes in Markdown cells', () => {
    const piped = broken(crazyrouter, 'A|B', 'wan2.2-s2v', 'submit-accepted', 'x');
    expect(renderMatrixMarkdown(buildMatrix([{ report: piped, source: 'p.json' }]))).toContain('| model | A\\|B |');
  });

  test.each([
    [[], 'expected a JSON object'],
    [{ reportVersion: 2 }, 'reportVersion must be 1, received 2'],
    [
      {
        reportVersion: 1,
        target: { label: 'x', baseUrl: 'y' },
        contract: { profile: 'dashscope' },
        results: [{ caseId: 'c', model: null, outcome: 'meh' }],
      },
      'results[0].outcome must be one of',
    ],
  ])('refuses a file that is not a report (%j)', (value, message) => {
    expect(() => asConformanceReport(value, 'r.json')).toThrow(MatrixInputError);
    expect(() => asConformanceReport(value, 'r.json')).toThrow(message);
  });
});
