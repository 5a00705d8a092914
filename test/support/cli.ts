import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * One way for tests to run `wan-contract` from its sources (tsx, no build): with the account keys emptied so a
 * developer's own key never reaches a test, and NO_COLOR so output compares as plain text.
 */

export const ROOT = new URL('../../', import.meta.url).pathname;
export const TSX = join(ROOT, 'node_modules/.bin/tsx');
export const MAIN = join(ROOT, 'src/cli/main.ts');

/** The environment a command runs with: no account key, no colour. */
export const CLEAN_ENV: NodeJS.ProcessEnv = { ...process.env, WAN_API_KEY: '', DASHSCOPE_API_KEY: '', NO_COLOR: '1' };

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The whole environment; CLEAN_ENV unless given. */
  readonly env?: NodeJS.ProcessEnv;
  /** What goes to the command's stdin. */
  readonly input?: string;
}

/** Runs the command to its end. */
export function cli(args: readonly string[], { env = CLEAN_ENV, input }: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [MAIN, ...args], { env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The same, blocking: for tests that check many small commands in a row. */
export function cliSync(args: readonly string[], { env = CLEAN_ENV, input }: CliOptions = {}): CliRun {
  const run = spawnSync(TSX, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', input, env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
