import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startProxyCommand, type ProxyFlags } from '../../src/cli/commands/proxy.js';
import { CLEAN_ENV, ROOT } from '../support/cli.js';

// The built CLI (npm run build) for the refused start, which ends the process.
const CLI = join(ROOT, 'dist/cli/main.js');

const FLAGS: ProxyFlags = {
  upstream: 'http://127.0.0.1:9/api/v1',
  host: '127.0.0.1',
  port: '0',
  timeoutMs: '60000',
  maxTasks: '100000',
  maxMemory: '268435456',
  taskDeadlineMs: '600000',
  graceMs: '10000',
};

/** The CLI's start path with both files, in this process: it must reach a listening proxy, then stop. */
async function startOnce(dir: string, n: number): Promise<boolean> {
  const { proxy, evidence, violations } = await startProxyCommand({
    ...FLAGS,
    evidence: join(dir, `e-${n}.jsonl`),
    violations: join(dir, `v-${n}.jsonl`),
  });
  const health = await fetch(`${proxy.url}/__proxy/health`);
  await proxy.close();
  await evidence?.close();
  await violations?.close();
  return health.status === 200;
}

describe('wan-contract proxy starts every time', () => {
  test('200 starts with --evidence and --violations, half of them 10 at a time: every one listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-starts-'));
    const starts: boolean[] = [];
    for (let i = 0; i < 100; i++) starts.push(await startOnce(dir, i));
    for (let batch = 0; batch < 10; batch++)
      starts.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => startOnce(dir, 100 + batch * 10 + j)))));
    expect(starts.filter(Boolean)).toHaveLength(200);
  }, 120_000);

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
