import { describe, expect, test } from 'vitest';
import { githubAnnotations, githubSummary } from '../../src/cli/commands/conform-github.js';
import { runAgainst } from './helpers.js';

/** Sends every submit with `X-Mock-Scenario: fail`: each task ends FAILED. */
const failTasks =
  (handler: (r: Request) => Promise<Response>) =>
  (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return handler(request);
    const headers = new Headers(request.headers);
    headers.set('X-Mock-Scenario', 'fail');
    return handler(new Request(request, { headers }));
  };

describe('--format github', () => {
  test('annotates each case run that did not pass and the verdict, escaped as workflow commands', async () => {
    const report = await runAgainst('dashscope', failTasks, { models: ['wan2.2-t2v-plus'] });
    const lines = githubAnnotations(report);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::warning title=SHOULD task-succeeds \[wan2\.2-t2v-plus \d+P\]%3A fail::getTask #\d+: .*InternalError\.Algo/,
      ),
    );
    expect(lines.at(-1)).toMatch(
      /^::error title=conformance run%3A not a pass \(unproven\)::\d+ MUST case runs were skipped/,
    );
    for (const line of lines) expect(line).not.toContain('\n');
  });

  test('writes nothing for a clean run but a passing summary', async () => {
    const report = await runAgainst('crazyrouter', undefined, { level: 'must', models: ['wan2.2-t2v-plus'] });
    expect(githubAnnotations(report)).toEqual([]);
    const summary = githubSummary(report);
    expect(summary).toMatch(/^## Wan video contract conformance: ✅ pass\n/);
    expect(summary).toMatch(/\| MUST \| \d+ \| 0 \| 0 \| 0 \| \d+ \|/);
  });

  test('summarises a run that is not a pass with its reasons and failures', async () => {
    const report = await runAgainst('dashscope', failTasks, { models: ['wan2.2-t2v-plus'] });
    const summary = githubSummary(report);
    expect(summary).toContain('❌ not a pass (unproven)');
    expect(summary).toMatch(/\| fail \| SHOULD \| task-succeeds \[wan2\.2-t2v-plus \d+P\] \|/);
    expect(summary).toContain('MUST case runs without a result: `');
  });
});
