import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonl, taskRecord } from '../evidence/records.js';
import { ROOT, cliSync } from '../support/cli.js';

// Flags mean what they say: a value the command cannot honour is a usage error, never a silently weaker check.

const cli = (args: string[]) => cliSync(args);
const dir = mkdtempSync(join(tmpdir(), 'wan-usage-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const task = JSON.stringify({
  request_id: 'r',
  output: { task_id: 't', task_status: 'SUCCEEDED', video_url: 'https://example.com/v.mp4' },
});

describe('validate --model', () => {
  test('refuses a model the registry does not know, exit 2', () => {
    const run = cli(['validate', file('task.json', task), '--kind', 'task', '--model', 'typo']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^wan-contract: error: --model must be .*wan2\.2-s2v, .*wan2\.7-r2v, received "typo"\nhint: /,
    );
  });

  test('refuses --model with --kind submit, where the body names the model', () => {
    const run = cli(['validate', file('submit.json', '{}'), '--model', 'wan2.2-s2v']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--model applies to --kind task only');
  });
});

describe('evidence', () => {
  test('says a file that is not a task log is not one, exit 1', () => {
    const run = cli(['evidence', join(ROOT, 'package.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(
      /package\.json is not a task log: none of its \d+ non-blank lines is a TaskLogRecord \(line 1: not JSON/,
    );
  });

  test('still reads a log with some bad lines, exit 0', () => {
    const log = file('mixed.jsonl', `${jsonl([taskRecord({ model: 'wan2.2-t2v-plus' })])}not json\n`);
    const run = cli(['evidence', log]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 invalid line');
  });
});
