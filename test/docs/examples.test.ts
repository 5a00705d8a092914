import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { embeddedTarget, runConformance, urlTarget } from '../../src/conformance.js';
import { startMockServer, type MockServer } from '../../src/mock.js';
import { startProxy } from '../../src/proxy.js';
import { jsonl, successes, taskRecord } from '../evidence/records.js';

// Every `wan-contract` example in the commands' --help, the README and the docs runs as written and succeeds
// (exit 0), against the embedded mock or a local one. The only rewrites: `npx ` is dropped (the built command is
// on PATH), a live base URL (https://dashscope.aliyuncs.com/api/v1, a gateway, 127.0.0.1:4010) points at a local
// mock with the same base path, and a server's --port becomes 0 (tests never bind a fixed port). Files the
// examples name (request.json, tasks.jsonl, a.json …) are prepared in the working directory first.
// Not run: npm/curl lines (installing, `npm test`, raw HTTP against a mock started by hand).

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli/main.js');
const KEY = 'sk-examples-test-key-0123456789';
const SERVERS = /^wan-contract (mock|proxy)\b/;

interface Example {
  readonly source: string;
  readonly command: string;
}

if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

function helpExamples(): Example[] {
  const help = (args: string[]) =>
    execFileSync(process.execPath, [CLI, ...args, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  const root = help([]);
  const commands = [...(root.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}([a-z][\w-]*)/gm)]
    .map((m) => m[1] as string)
    .filter((name) => name !== 'help');
  return [[], ...commands.map((c) => [c])].flatMap((args) =>
    [...help(args).matchAll(/^ {2}\$ (.+)$/gm)].map((m) => ({
      source: `wan-contract ${args.join(' ')} --help`.replace('  ', ' '),
      command: (m[1] as string).replace(/\s+#.*$/, '').trim(),
    })),
  );
}

function docExamples(file: string): Example[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const blocks = [...text.matchAll(/^```(?:sh|bash|shell|console)\n([\s\S]*?)^```/gm)].map((m) => m[1] as string);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => /(^|\s)(npx )?wan-contract /.test(line))
    .map((line) => ({ source: file, command: line.replace(/(^|\s)npx wan-contract /g, '$1wan-contract ') }));
}

const DOCS = ['README.md', 'conformance/CONFORMANCE.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)];
// client-check runs the reader's own client (make_video.py, client.mjs): its examples name files that are theirs;
// test/client-check runs the command on real clients instead.
const OWN_CLIENT = /^wan-contract client-check\b/;
const EXAMPLES = [...helpExamples(), ...DOCS.filter((f) => f.endsWith('.md')).flatMap(docExamples)].filter(
  (e) => !OWN_CLIENT.test(e.command),
);

let mock: MockServer;
let work = '';
let bin = '';
// The prepared files as they were before any example ran: each command example runs in a copy of its own, so the
// examples run side by side (describe concurrent below) and none reads a file another one is writing.
let pristine = '';
let copies = '';

function localize(command: string): string {
  const origin = mock.url;
  return command
    .replace(/https?:\/\/(?!localhost)[\w.-]+(?::\d+)?((?:\/alibailian)?\/api\/v1)/g, `${origin}$1`)
    .replace(/--port \d+/g, '--port 0');
}

function sh(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(copies, 'run-'));
  cpSync(pristine, cwd, { recursive: true });
  return new Promise((resolve) => {
    // bash, the shell the examples are written for: `<(…)` (process substitution) is no POSIX sh.
    const child = spawn('bash', ['-c', command], {
      cwd,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        WAN_API_KEY: KEY,
        DASHSCOPE_API_KEY: '',
        NO_COLOR: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Served {
  readonly listening: boolean;
  readonly stderr: string;
  readonly exit: string;
}

/**
 * Starts a server example, waits until it says it is listening, and stops it. Once: a start that ends without a word
 * was the proxy waiting on a file's `open` event that had already fired (fixed; test/proxy/starts.test.ts).
 */
function serve(command: string): Promise<Served> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `exec ${command}`], {
      cwd: work,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, WAN_API_KEY: KEY, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/listening: /.test(stdout)) child.kill('SIGTERM');
    });
    child.on('close', (code, signal) =>
      resolve({
        listening: /listening: /.test(stdout),
        stderr,
        exit: `code ${code}, signal ${signal}, stdout ${JSON.stringify(stdout)}`,
      }),
    );
  });
}

// The same command in several places (`wan-contract conform` in the root --help, conform --help and the getting
// started guide) runs once, in a fresh copy of the prepared files, and each place's test reads that one run.
const runs = new Map<string, Promise<unknown>>();
function once<T>(command: string, start: () => Promise<T>): Promise<T> {
  if (!runs.has(command)) runs.set(command, start());
  return runs.get(command) as Promise<T>;
}

// Server examples may bind the same port (a mock with no --port takes its default): they run one at a time, beside
// the command examples.
let serverTurn: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(start: () => Promise<T>): Promise<T> {
  const turn = serverTurn.then(start);
  serverTurn = turn.catch(() => undefined);
  return turn;
}

/**
 * The same traffic logged twice, for `evidence --compare proxy.jsonl conform.jsonl`: a conformance run (MUST cases)
 * through a proxy in front of the mock, the proxy's records in proxy.jsonl and the runner's in conform.jsonl.
 */
async function proxyAndConformLogs(write: (name: string, lines: readonly string[]) => void): Promise<void> {
  const proxied: string[] = [];
  const conformed: string[] = [];
  const proxy = await startProxy({ upstream: mock.baseUrls.crazyrouter, onRecord: (line) => proxied.push(line) });
  try {
    await runConformance(urlTarget(proxy.baseUrl, { apiKey: KEY, maxCost: '100', profile: 'crazyrouter' }), {
      level: 'must',
      onTaskRecord: (record) => conformed.push(JSON.stringify(record)),
    });
  } finally {
    await proxy.close();
  }
  // --compare of two empty logs would agree on nothing: the example compares real tasks.
  expect(proxied.length).toBeGreaterThan(0);
  write('proxy.jsonl', proxied);
  write('conform.jsonl', conformed);
}

beforeAll(async () => {
  mock = await startMockServer({ port: 0, pendingMs: 0, runningMs: 0 });
  work = mkdtempSync(join(tmpdir(), 'wan-examples-'));
  bin = join(work, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'wan-contract'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'wan-contract'), 0o755);
  cpSync(join(ROOT, 'spec'), join(work, 'spec'), { recursive: true });
  const file = (name: string, text: string | Buffer) => writeFileSync(join(work, name), text);
  file('request.json', JSON.stringify({ model: 'wan2.2-t2v-plus', input: { prompt: 'a cat on a skateboard' } }));
  file(
    'task.json',
    JSON.stringify({
      request_id: 'r-1',
      output: { task_id: 't-1', task_status: 'SUCCEEDED', results: { video_url: 'https://example.com/v.mp4' } },
      usage: { duration: 12.5 },
    }),
  );
  const log = jsonl([...successes('wan2.2-t2v-plus', ['1080P'], 3), taskRecord({ model: 'wan2.2-s2v' })]);
  file('tasks.jsonl', log);
  file('tasks.jsonl.gz', gzipSync(log));
  file('e.jsonl', log);
  // Three proxies behind a load balancer: the first saw the submit, the others some polls (fragments).
  const { final, ...submitted } = taskRecord({ model: 'wan2.2-t2v-plus', index: 9 });
  const fragment = (at: string, status: string, end: boolean) =>
    JSON.stringify({
      log_version: 1,
      fragment: true,
      source: 'production',
      target: 'official',
      profile: 'crazyrouter',
      task_id: submitted.task_id,
      observations: [{ at, http_status: 200, task_status: status }],
      ...(end ? { final } : {}),
      observed: { first_seen_at: at, last_seen_at: at, polls: 1 },
    });
  file('proxy-a.jsonl', jsonl([{ ...submitted, observed: { ...submitted.observed, unfinished: 'shutdown' } }]));
  file('proxy-b.jsonl', `${fragment('2026-11-24T03:00:40Z', 'RUNNING', false)}\n`);
  file('proxy-c.jsonl', `${fragment('2026-11-24T03:02:09Z', 'SUCCEEDED', true)}\n`);
  // Rotated logs: earlier tasks than tasks.jsonl, one gzip file a day.
  file('rotated.jsonl.gz', gzipSync(jsonl(successes('wan2.2-t2v-plus', ['480P'], 3))));
  mkdirSync(join(work, 'logs'));
  for (const [day, resolution] of [
    ['01', '480P'],
    ['02', '720P'],
  ] as const)
    file(`logs/2026-12-${day}.jsonl.gz`, gzipSync(jsonl(successes('wan2.2-t2v-plus', [resolution], 3))));
  // An operator's own prices for a model the official tables do not price yet (spec/price-overlay.schema.json).
  file(
    'overlay.json',
    JSON.stringify({
      $schema: './spec/price-overlay.schema.json',
      region: 'cn-beijing',
      currency: 'CNY',
      prices: {
        'wan2.6-i2v-flash': { '720P': { audio: '0.30', silent: '0.15' }, '1080P': { audio: '0.50', silent: '0.25' } },
      },
    }),
  );
  await proxyAndConformLogs((name, lines) => file(name, lines.map((l) => `${l}\n`).join('')));
  // One run per profile; the files of the same profile get the same report.
  const reports = {
    crazyrouter: await runConformance(embeddedTarget('crazyrouter'), { level: 'must' }),
    dashscope: await runConformance(embeddedTarget('dashscope'), { level: 'must' }),
  };
  for (const [name, profile] of [
    ['a.json', 'crazyrouter'],
    ['b.json', 'dashscope'],
    ['official.json', 'dashscope'],
    ['apipass.json', 'crazyrouter'],
    ['kie.json', 'crazyrouter'],
  ] as const) {
    const report = reports[profile];
    file(name, JSON.stringify(report));
    // A report with a failed run, for --rerun-failed.
    if (name === 'official.json')
      file(
        'r.json',
        JSON.stringify({
          ...report,
          results: report.results.map((r) => (r.caseId === 'unknown-task-status' ? { ...r, outcome: 'fail' } : r)),
        }),
      );
  }
  copies = mkdtempSync(join(tmpdir(), 'wan-examples-copies-'));
  pristine = join(copies, 'pristine');
  cpSync(work, pristine, { recursive: true, filter: (path) => path !== bin });
}, 120_000);

afterAll(async () => {
  await mock?.close();
  if (copies) rmSync(copies, { recursive: true, force: true });
});

describe('the documented examples', { timeout: 120_000, concurrent: true }, () => {
  test('are found in every place', () => {
    const sources = new Set(EXAMPLES.map((e) => e.source.split(' ')[0]));
    expect([...sources]).toEqual(expect.arrayContaining(['wan-contract', 'README.md', 'docs/getting-started.md']));
    expect(EXAMPLES.length).toBeGreaterThan(30);
  });

  test.each(EXAMPLES.map((e) => [e.source, e.command, e] as const))('%s: %s', async (_source, _command, example) => {
    const command = localize(example.command);
    if (SERVERS.test(command)) {
      const run = await once(command, () => oneAtATime(() => serve(command)));
      // A server may say on stderr that it stopped (SIGTERM); nothing else.
      expect(run.stderr.replace(/^wan-contract \w+ stopped.*\n/m, '')).toBe('');
      expect(run.listening, run.exit).toBe(true);
      return;
    }
    const run = await once(command, () => sh(command));
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
