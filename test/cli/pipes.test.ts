import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonl, taskRecord } from '../evidence/records.js';
import { CLI_COMMAND, ROOT } from '../support/cli.js';

// `wan-contract models | head -1`: when the reader closes the pipe, every command ends quietly, with the exit
// code its work earns and no stack trace. The reader here closes its end before the command writes a byte.

const dir = mkdtempSync(join(tmpdir(), 'wan-pipes-'));
const log = join(dir, 'tasks.jsonl');
writeFileSync(log, jsonl([taskRecord({ model: 'wan2.2-t2v-plus' }), taskRecord({ model: 'wan2.2-s2v' })]));
const request = join(dir, 'request.json');
writeFileSync(request, JSON.stringify({ model: 'wan2.2-t2v-plus', input: { prompt: 'a cat' } }));

function closedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(CLI_COMMAND[0], [...CLI_COMMAND.slice(1), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', WAN_API_KEY: '', DASHSCOPE_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed pipe', { timeout: 120_000 }, () => {
  test.each([
    [['models']],
    [['models', '--json']],
    [['--help']],
    [['quote', 'wan2.2-t2v-plus']],
    [['validate', request]],
    [['cases', '--markdown']],
    [['evidence', log]],
    [['spec', '--check']],
    [['conform', '--level', 'must', '--models', 'wan2.2-t2v-plus']],
  ])('ends %j quietly with exit code 0', async (args) => {
    const run = await closedPipe(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
