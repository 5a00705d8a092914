import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/*
 * The official DashScope Python SDK, unchanged, for the tests that drive it (against the mock, through the proxy,
 * under client-check). It needs python3 with requests, aiohttp, websocket-client and certifi (Debian:
 * python3-requests python3-aiohttp python3-websocket python3-certifi) and the SDK sources
 * (../shared/clients/dashscope-sdk-python, or WAN_DASHSCOPE_SDK). `.ci/run` installs the packages and sets
 * WAN_REQUIRE_PYTHON=1, so in CI a missing piece fails; elsewhere the tests are skipped with the reason.
 */
export const SDK = process.env.WAN_DASHSCOPE_SDK ?? join(ROOT, '../shared/clients/dashscope-sdk-python');
// Debian's interpreter first: a pyenv or venv python3 on PATH does not see the Debian packages.
export const PYTHON = process.env.WAN_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
export const REQUIRE_PYTHON = process.env.WAN_REQUIRE_PYTHON === '1';
const DRIVER = join(ROOT, 'test/support/python/drive_video_synthesis.py');

/** Why the SDK cannot run here, or undefined when it can. */
export function unavailable(): string | undefined {
  if (!existsSync(join(SDK, 'dashscope', 'aigc', 'video_synthesis.py')))
    return `the DashScope Python SDK is not at ${SDK} (set WAN_DASHSCOPE_SDK)`;
  const probe = spawnSync(PYTHON, ['-c', 'import requests, aiohttp, websocket, certifi, dashscope'], {
    env: { ...process.env, PYTHONPATH: SDK },
    encoding: 'utf8',
  });
  if (probe.error) return `${PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) return `${PYTHON} cannot import the SDK: ${probe.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

/** Which SDK class: `VideoSynthesis` (requests) or `AioVideoSynthesis` (aiohttp). */
export type PythonApi = 'sync' | 'aio';
/** The entry points of both classes. */
export type PythonEntry = 'call' | 'async_call' | 'fetch' | 'wait' | 'cancel' | 'list';

/** One call of the plan: which API and entry point, against which base URL, with which keyword arguments. */
export interface DriverStep {
  readonly id: string;
  readonly api: PythonApi;
  readonly entry: PythonEntry;
  readonly base_url: string;
  readonly kwargs?: Record<string, unknown>;
  /** The id of an earlier step whose task this step takes (fetch, wait, cancel). */
  readonly task_from?: string;
}

/** What the driver printed for one step: the SDK's response, or the exception it raised. */
export interface PythonResult {
  readonly id: string;
  readonly status_code?: number;
  readonly code?: string | null;
  readonly message?: string | null;
  readonly request_id?: string | null;
  readonly output?: Record<string, any> | null;
  readonly usage?: Record<string, any> | null;
  readonly exception?: string;
}

/** Runs the plan through the SDK, one step after another, with `key` as DASHSCOPE_API_KEY. */
export function runPythonPlan(
  steps: readonly DriverStep[],
  key: string,
): Promise<{ results: PythonResult[]; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [DRIVER], {
      env: { ...process.env, PYTHONPATH: SDK, DASHSCOPE_API_KEY: key, DASHSCOPE_LOGGING_LEVEL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        results: stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as PythonResult),
        stderr,
        code,
      }),
    );
    child.stdin.end(JSON.stringify({ steps }));
  });
}
