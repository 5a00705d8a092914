import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * One way for tests to run `wan-contract`: with the account keys emptied so a developer's own key never reaches a
 * test, and NO_COLOR so output compares as plain text. It runs the built CLI when dist/ is newer than every source
 * file (as in `npm test`, whose lint:package builds first), else the sources under tsx (no build needed): the same
 * program, and the built one starts in a third of the CPU time tsx needs to compile the sources on every start.
 */

export const ROOT = new URL('../../', import.meta.url).pathname;
export const TSX = join(ROOT, 'node_modules/.bin/tsx');
export const MAIN = join(ROOT, 'src/cli/main.ts');
const BUILT = join(ROOT, 'dist/cli/main.js');

/** Whether dist/cli/main.js was built after the last change to any file under src/. */
function builtIsFresh(): boolean {
  let built: number;
  try {
    built = statSync(BUILT).mtimeMs;
  } catch {
    return false;
  }
  const src = join(ROOT, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' }).every(
    (file) => statSync(join(src, file)).mtimeMs <= built,
  );
}

/** The program and first arguments that run `wan-contract` (see above): append the command's own arguments. */
export const CLI_COMMAND: readonly [string, ...string[]] = builtIsFresh() ? [process.execPath, BUILT] : [TSX, MAIN];
const [PROGRAM, ...PREFIX] = CLI_COMMAND;

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
    const child = spawn(PROGRAM, [...PREFIX, ...args], { env, cwd: ROOT });
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
  const run = spawnSync(PROGRAM, [...PREFIX, ...args], { cwd: ROOT, encoding: 'utf8', input, env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A command that keeps running (a server): its first line of output, what it printed so far, and a way to stop it. */
export interface RunningCli {
  /** The first line of stdout (a server prints its URL there); rejects after 45 s without one. */
  readonly firstLine: Promise<string>;
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once it matches `pattern` (the event itself, no fixed wait); rejects if the command exits first. */
  stdoutMatching(pattern: RegExp): Promise<string>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a long-running command (`mock`, `proxy`). */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = CLEAN_ENV): RunningCli {
  const child = spawn(PROGRAM, [...PREFIX, ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const watchers = new Set<() => void>();
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no first line within 45 s; stderr: ${stderr}`)), 45_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end !== -1) {
        clearTimeout(timer);
        resolve(stdout.slice(0, end));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before its first line; stderr: ${stderr}`));
    });
  });
  // After the listener above, which adds the chunk to stdout.
  child.stdout.on('data', () => watchers.forEach((check) => check()));
  return {
    firstLine,
    stdout: () => stdout,
    stderr: () => stderr,
    stdoutMatching(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          watchers.delete(check);
          resolve(stdout);
        };
        watchers.add(check);
        check();
        void exited.then((code) => {
          if (!watchers.delete(check)) return;
          reject(new Error(`exited with ${code} before stdout matched ${pattern}; stdout: ${stdout}`));
        });
      });
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
