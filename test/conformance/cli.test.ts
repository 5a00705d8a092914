import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ConformanceReport } from '../../src/conformance.js';
import { modelsOfProfile } from '../../src/contract/models.js';
import { createMockHandler, startMockServer } from '../../src/mock.js';
import { KEY } from './helpers.js';
import { CLEAN_ENV, CLI_COMMAND, ROOT, cli } from '../support/cli.js';

/** Serves a Web handler on 127.0.0.1:0, counting requests. */
async function serve(
  handler: (req: Request) => Promise<Response>,
): Promise<{ url: string; count: () => number; close: () => Promise<void>; server: Server }> {
  let requests = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const answer = await handler(
      new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        ...(body && req.method !== 'GET' ? { body } : {}),
      }),
    );
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => requests,
    server,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// The tests run side by side (vitest's default, five at a time): each conform run mostly waits on the contract's
// rate limits (about 1 s of CPU in 5 s), and each has its own files and, where it needs one, its own server.
describe('wan-contract conform', { timeout: 90_000, concurrent: true }, () => {
  let mock: ChildProcess;
  let baseUrl = '';
  const dir = mkdtempSync(join(tmpdir(), 'wan-conform-'));

  beforeAll(async () => {
    mock = spawn(
      CLI_COMMAND[0],
      [
        ...CLI_COMMAND.slice(1),
        'mock',
        '--port',
        '0',
        '--pending-ms',
        '0',
        '--running-ms',
        '0',
        '--quiet',
        '--api-key',
        KEY,
      ],
      { cwd: ROOT, env: CLEAN_ENV },
    );
    baseUrl = await new Promise<string>((resolve, reject) => {
      let text = '';
      mock.stdout?.on('data', (d) => {
        text += d;
        const match = /crazyrouter=(\S+)/.exec(text);
        if (match?.[1]) resolve(match[1]);
      });
      mock.on('exit', (code) => reject(new Error(`mock exited ${code}`)));
    });
  });

  afterAll(() => {
    mock?.kill('SIGTERM');
  });

  test('--api-key-2 runs the cross-account cases against a live target and never writes the second key', async () => {
    // A mock that accepts any key: each key is an account of its own.
    const server = await startMockServer({ pendingMs: 0, runningMs: 0 });
    const second = 'sk-second-account-key-91c4';
    try {
      const json = join(dir, 'other.json');
      const run = await cli(
        ['conform', '--base-url', server.baseUrls.dashscope, '--max-cost', '100', '--models', 'wan2.2-t2v-plus'].concat(
          ['--json', json, '--api-key-2', second],
        ),
        { env: { ...CLEAN_ENV, WAN_API_KEY: KEY } },
      );
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(second);
      const text = readFileSync(json, 'utf8');
      expect(text).not.toContain(second);
      const report = JSON.parse(text) as ConformanceReport;
      const cross = report.results.filter((r) => r.caseId.includes('other-account'));
      expect(cross.map((r) => [r.caseId, r.outcome])).toEqual([
        ['poll-other-account-sees-nothing', 'pass'],
        ['cancel-other-account-refused', 'pass'],
      ]);
    } finally {
      await server.close();
    }
  });

  test('passes against a separately started mock and writes a valid JUnit file, never the key', async () => {
    const json = join(dir, 'r.json');
    const junit = join(dir, 'r.xml');
    const evidence = join(dir, 'e.jsonl');
    const run = await cli(
      ['conform', '--base-url', baseUrl, '--max-cost', '100', '--json', json, '--junit', junit, '--evidence', evidence],
      { env: { ...CLEAN_ENV, WAN_API_KEY: KEY } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/MUST \d+ pass/);
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      testsuites: { '@_tests': string; testsuite: { testcase: unknown[] }[] };
    };
    const report = JSON.parse(readFileSync(json, 'utf8')) as ConformanceReport;
    expect(Number(parsed.testsuites['@_tests'])).toBe(report.results.length);
    expect(report.summary.mustFailures).toBe(0);
    expect(report.target).toMatchObject({ kind: 'url', baseUrl });
    const lines = readFileSync(evidence, 'utf8').trim().split('\n');
    // One record per task the run created: the shared task of each model, and the tasks of the cases that submit
    // their own (accepted by the mock, so each reaches an end and is billed). A record is appended when its task
    // ends, and the models' tasks run side by side: the order is the order they ended in, so the test sorts.
    const records = lines.map((l) => JSON.parse(l) as { case_id: string; model: string });
    expect(
      records
        .filter((r) => r.case_id === 'submit-accepted')
        .map((r) => r.model)
        .sort(),
    ).toEqual([...modelsOfProfile('crazyrouter')].sort());
    expect(
      records
        .filter((r) => r.case_id !== 'submit-accepted')
        .map((r) => r.case_id)
        .sort(),
    ).toEqual(['accepts-sdk-extra-fields', 'accepts-t2v-size', 'async-header-accepted']);
    for (const text of [run.stdout, run.stderr, xml, readFileSync(json, 'utf8'), lines.join('\n')])
      expect(text).not.toContain(KEY);
  });

  test('runs against the embedded mock without --base-url (npm start) and exits 0', async () => {
    const run = await cli(['conform', '--level', 'must']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('submit-accepted');
    expect(run.stdout).toMatch(/MUST \d+ pass/);
  });

  test('stops a live plan with --max-cost 0 before sending anything and prints its cost', async () => {
    const target = await serve(createMockHandler({ pendingMs: 0, runningMs: 0 }));
    try {
      const run = await cli(['conform', '--base-url', `${target.url}/alibailian/api/v1`, '--max-cost', '0'], {
        env: { ...CLEAN_ENV, WAN_API_KEY: KEY },
      });
      expect(run.code).toBe(2);
      expect(target.count()).toBe(0);
      expect(run.stderr).toContain('estimated cost ¥30.70 CNY');
      expect(run.stderr).toContain('--smoke');
    } finally {
      await target.close();
    }
  });

  test('exits 1 against a broken server and names the case that caught it', async () => {
    const target = await serve(createMockHandler({ pendingMs: 0, runningMs: 0, scenarios: ['unknown-500'] }));
    try {
      const run = await cli(
        [
          'conform',
          '--base-url',
          `${target.url}/alibailian/api/v1`,
          '--max-cost',
          '100',
          '--models',
          'wan2.5-t2v-preview',
          '--level',
          'must',
        ],
        { env: { ...CLEAN_ENV, WAN_API_KEY: KEY } },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAIL MUST unknown-task-no-server-error/);
      expect(run.stdout).toContain('reproduce: curl');
    } finally {
      await target.close();
    }
  });

  test('exits 3 when the target is unreachable', async () => {
    const run = await cli(['conform', '--base-url', 'http://127.0.0.1:1/api/v1', '--max-cost', '100', '--smoke'], {
      env: { ...CLEAN_ENV, WAN_API_KEY: KEY },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('no request got an answer');
  });

  test('exits 2 on a usage error and says what was expected', async () => {
    const run = await cli(['conform', '--level', 'sometimes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--level must be must, should or may, received "sometimes"');
  });

  test('writes the JUnit file it was asked for on a dry run, which needs no key', async () => {
    const junit = join(dir, 'dry.xml');
    const run = await cli(['conform', '--dry-run', '--junit', junit]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dry run: nothing was sent');
    expect(readFileSync(junit, 'utf8')).toContain('<skipped message="dry run: nothing was sent"/>');
    // A live target's dry run sends nothing either, so it runs without a key; over budget, it says so.
    const live = await cli(['conform', '--base-url', 'https://dashscope.aliyuncs.com/api/v1', '--dry-run']);
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('estimated cost ¥');
    expect(live.stderr).toMatch(/over the budget of ¥0\.00; nothing was sent \(dry run\)/);
    expect(live.stderr).toMatch(/hint: make it cheaper with .*--models without wan2\.2-s2v/);
  });

  test('exits 2 on an empty selection and still writes the JUnit file it was asked for', async () => {
    const junit = join(dir, 'empty.xml');
    writeFileSync(junit, '<stale/>');
    const run = await cli(['conform', '--models', 'wan2.2-t2v-plus', '--resolutions', '720P', '--junit', junit]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the selection matches no case');
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<failure type="empty"');
  });

  test('exits 2 before sending anything when --json cannot be written', async () => {
    const target = await serve(createMockHandler({ pendingMs: 0, runningMs: 0 }));
    try {
      const run = await cli(
        [
          'conform',
          '--base-url',
          `${target.url}/alibailian/api/v1`,
          '--max-cost',
          '100',
          '--json',
          join(dir, 'no-such-dir', 'r.json'),
        ],
        { env: { ...CLEAN_ENV, WAN_API_KEY: KEY } },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--json: cannot write');
      expect(target.count()).toBe(0);
    } finally {
      await target.close();
    }
  });
});
