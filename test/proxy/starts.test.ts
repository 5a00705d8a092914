import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLEAN_ENV, ROOT } from '../support/cli.js';

// The built CLI (npm run build): 200 starts from the sources under tsx would cost minutes.
const CLI = join(ROOT, 'dist/cli/main.js');

interface Start {
  readonly listening: boolean;
  readonly code: number | null;
  readonly stderr: string;
}

/** Starts `wan-contract proxy` with both files, waits for its listening line, stops it, and says how it went. */
function startOnce(dir: string, n: number): Promise<Start> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'proxy',
        '--upstream',
        'http://127.0.0.1:9/api/v1',
        '--evidence',
        join(dir, `e-${n}.jsonl`),
        '--violations',
        join(dir, `v-${n}.jsonl`),
      ],
      { env: CLEAN_ENV },
    );
    let stdout = '';
    let stderr = '';
    let listening = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!listening && stdout.includes('listening: ')) {
        listening = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ listening, code, stderr }));
  });
}

describe('wan-contract proxy starts every time', () => {
  test('200 starts with --evidence and --violations, half of them 10 at a time: every one listens and stops cleanly', async () => {
    expect(existsSync(CLI), 'run npm run build first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'wan-starts-'));
    const starts: Start[] = [];
    for (let i = 0; i < 100; i++) starts.push(await startOnce(dir, i));
    for (let batch = 0; batch < 10; batch++)
      starts.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => startOnce(dir, 100 + batch * 10 + j)))));
    const failed = starts.filter((s) => !s.listening || s.code !== 0);
    expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);
    expect(starts).toHaveLength(200);
  }, 600_000);

  test('a file that cannot be written is refused before listening: exit 2 naming the flag, the path and the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-starts-'));
    const missing = join(dir, 'no-such-dir', 'v.jsonl');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          CLI,
          'proxy',
          '--upstream',
          'http://127.0.0.1:9/api/v1',
          '--evidence',
          join(dir, 'e.jsonl'),
          '--violations',
          missing,
        ],
        { env: CLEAN_ENV },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--violations: cannot write ${missing}: ENOENT`);
    expect(readFileSync(join(dir, 'e.jsonl'), 'utf8')).toBe('');
  });
});
