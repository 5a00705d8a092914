import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { registerConform } from '../../src/cli/commands/conform.js';
import { CliError } from '../../src/cli/output.js';

/** Parses `conform` flags in process and returns the usage error it throws (the run itself never starts). */
async function usageError(args: string[], env: Record<string, string> = {}): Promise<CliError | undefined> {
  const saved = { WAN_API_KEY: process.env.WAN_API_KEY, DASHSCOPE_API_KEY: process.env.DASHSCOPE_API_KEY };
  process.env.WAN_API_KEY = env.WAN_API_KEY ?? '';
  process.env.DASHSCOPE_API_KEY = env.DASHSCOPE_API_KEY ?? '';
  const program = new Command().exitOverride();
  registerConform(program);
  try {
    await program.parseAsync(['node', 'wan-contract', 'conform', ...args]);
    return undefined;
  } catch (error) {
    return error as CliError;
  } finally {
    Object.assign(process.env, saved);
  }
}

const KNOWN_TYPO = join(mkdtempSync(join(tmpdir(), 'wan-flags-')), 'known.yaml');
writeFileSync(KNOWN_TYPO, '- task-succeeds@wan2.2-s2vv\n');

describe('conform flags', () => {
  test.each([
    [['--level', 'sometimes'], '--level must be must, should or may, received "sometimes"'],
    [['--models', 'wan9'], '--models: model must be'],
    [['--resolutions', '4K'], '--resolutions: resolution must be 480P, 720P or 1080P, received "4K"'],
    [['--profile', 'openai'], '--profile must be crazyrouter or dashscope'],
    [['--max-cost', '1e3'], '--max-cost must be an amount in CNY'],
    [['--concurrency', '0'], '--concurrency must be a whole number of at least 1, received "0"'],
    [['--task-timeout-s', '0'], '--task-timeout-s must be a whole number of at least 1, received "0"'],
    [['--poll-interval-ms', '0'], '--poll-interval-ms must be a whole number of at least 1, received "0"'],
    [['--task-timeout-s', '99999999999999999999'], '--task-timeout-s must be a whole number of at least 1'],
    [['--json', '/nonexistent/dir/r.json'], '--json: cannot write /nonexistent/dir/r.json: ENOENT'],
    [['--junit', '/nonexistent/dir/r.xml'], '--junit: cannot write /nonexistent/dir/r.xml: ENOENT'],
    [['--evidence', '/nonexistent/dir/e.jsonl'], '--evidence: cannot write /nonexistent/dir/e.jsonl: ENOENT'],
    [['--base-url', 'http://127.0.0.1:4010/alibailian/api/v1/tasks'], 'ending in /api/v1'],
    [['--base-url', 'ftp://example.com/api/v1'], '--base-url must be an http(s) URL'],
    [['--base-url', 'http://127.0.0.1:4010/api/v1'], 'a live target needs an API key'],
    [['--expect-failures', '/nonexistent/known.yaml'], '--expect-failures: cannot read'],
    [['--expect-failures', KNOWN_TYPO], 'model must be wan2.5-t2v-preview, '],
    [['--api-key-2', 'sk-two'], '--api-key-2 needs --base-url'],
    [
      ['--base-url', 'http://127.0.0.1:4010/api/v1', '--api-key', 'sk-one', '--api-key-2', 'sk-one'],
      '--api-key-2 must be the key of another account, received the same key as --api-key',
    ],
    [
      ['--base-url', 'http://127.0.0.1:4010/api/v1', '--api-key', 'sk-one', '--api-key-2', ' '],
      '--api-key-2 must be a key',
    ],
  ])('rejects %j with exit code 2', async (args, message) => {
    const error = await usageError(args);
    expect(error).toBeInstanceOf(CliError);
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toContain(message);
  });
});
