import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createClient } from '../../src/client.js';
import { exampleRequest } from '../../src/contract/examples.js';
import { modelsOfProfile } from '../../src/contract/models.js';

const MODEL_IDS = modelsOfProfile('dashscope');
import { submitPathOf } from '../../src/contract/operations.js';
import { KEY } from './helpers.js';
import { drivePython, sdkArguments } from './python.js';
import { unavailable } from '../support/python-sdk.js';
import { CLI_COMMAND, ROOT } from '../support/cli.js';

interface Running {
  readonly child: ChildProcess;
  readonly line: string;
  readonly exited: Promise<number | null>;
  readonly output: () => { stdout: string; stderr: string };
}

async function run(args: string[]): Promise<Running> {
  const child = spawn(CLI_COMMAND[0], [...CLI_COMMAND.slice(1), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no first line; stderr: ${stderr}`)), 45_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.split('\n')[0]!);
      }
    });
  });
  return { child, line, exited, output: () => ({ stdout, stderr }) };
}

function runToEnd(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(CLI_COMMAND[0], [...CLI_COMMAND.slice(1), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe('wan-contract proxy', () => {
  test('in front of wan-contract mock: zero violations, one record per task, SIGTERM loses none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-proxy-'));
    const evidence = join(dir, 'e.jsonl');
    const violations = join(dir, 'v.jsonl');
    const mock = await run(['mock', '--port', '0', '--pending-ms', '20', '--running-ms', '20', '--quiet']);
    let proxy: Awaited<ReturnType<typeof run>> | undefined;
    try {
      const upstream = /dashscope=(\S+)/.exec(mock.line)?.[1];
      expect(upstream).toMatch(/\/api\/v1$/);
      proxy = await run([
        'proxy',
        '--upstream',
        upstream!,
        '--evidence',
        evidence,
        '--violations',
        violations,
        '--target',
        'mock',
      ]);
      const base = /listening: (\S+)/.exec(proxy.line)?.[1];
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const client = createClient({ baseUrl: base!, apiKey: KEY, profile: 'dashscope', pollSchedule: 10 });
      for (const model of MODEL_IDS) {
        const { output } = await client.submit(exampleRequest(model, 'dashscope'));
        expect((await client.waitForTask(output.task_id, { timeoutMs: 20_000, model })).output.task_status).toBe(
          'SUCCEEDED',
        );
      }
      // The official Python SDK, when this machine has it, drives every model through the same proxy.
      const python = unavailable() === undefined;
      if (python) {
        // Four SDK processes side by side, each waiting on its tasks with the SDK's own 1 s polls.
        const chunks = [0, 1, 2, 3].map((k) => MODEL_IDS.filter((_, i) => i % 4 === k));
        const runs = await Promise.all(chunks.map((models) => drivePython(base!, models.map(sdkArguments))));
        expect(
          runs.flatMap((run) => run.results.map((r) => r.output?.task_status)),
          runs.map((run) => run.stderr).join('\n'),
        ).toEqual(MODEL_IDS.map(() => 'SUCCEEDED'));
      }
      const finished = MODEL_IDS.length * (python ? 2 : 1);
      // Three tasks still running when the proxy is stopped: each still gets its record, marked unfinished.
      const stuck: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${base}${submitPathOf('dashscope', 'wan2.2-t2v-plus')}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${KEY}`,
            'content-type': 'application/json',
            'x-dashscope-async': 'enable',
            'x-mock-scenario': 'stuck',
          },
          body: JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
        });
        stuck.push(((await res.json()) as { output: { task_id: string } }).output.task_id);
        await client.getTask(stuck[i]!);
      }
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(0);
      expect(proxy.output().stderr).toContain(`${finished + 3} task records`);

      const records = readFileSync(evidence, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, any>);
      expect(records).toHaveLength(finished + 3);
      expect(new Set(records.map((r) => r.task_id)).size).toBe(records.length);
      expect(
        records
          .filter((r) => r.observed.unfinished === 'shutdown')
          .map((r) => r.task_id)
          .sort(),
      ).toEqual(stuck.sort());
      expect(readFileSync(violations, 'utf8')).toBe('');
      expect(readFileSync(evidence, 'utf8')).not.toContain(KEY);

      const report = await runToEnd(['evidence', evidence, '--json']);
      expect(report.code).toBe(0);
      const parsedReport = JSON.parse(report.stdout) as { models: { model: string }[]; violations: { count: number } };
      expect(parsedReport.models.map((m) => m.model)).toEqual(MODEL_IDS);
      expect(parsedReport.violations.count).toBe(0);
    } finally {
      // A failed assertion leaves no server behind: the proxy (if still up) and the mock stop here.
      proxy?.child.kill('SIGTERM');
      mock.child.kill('SIGTERM');
      await Promise.all([proxy?.exited, mock.exited]);
    }
  }, 120_000);
});
