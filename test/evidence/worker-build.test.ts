import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeLog, analyzeLogs } from '../../src/evidence/analyze.js';
import { jsonl, successes, taskRecord } from './records.js';

// Worker threads start only from the compiled package (under a TypeScript loader every worker would compile the
// sources again), so this test reads a log with the built dist/evidence.js — `npm test` builds it before vitest.
const ROOT = new URL('../../', import.meta.url).pathname;
const BUILT = join(ROOT, 'dist/evidence.js');

describe('the built evidence reader with worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-worker-'));
  const file = join(dir, 'log.jsonl');
  let built: { analyzeLog: typeof analyzeLog; analyzeLogs: typeof analyzeLogs };

  beforeAll(async () => {
    if (!existsSync(BUILT)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    built = (await import(pathToFileURL(BUILT).href)) as typeof built;
    writeFileSync(
      file,
      jsonl([
        ...successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 25),
        'broken {',
        ...successes('wan2.2-s2v', ['480P', '720P'], 12, { profile: 'dashscope', charged: '6.30' }),
        taskRecord({ model: 'wan2.2-t2v-plus', outcome: 'failed', charged: '3.50', index: 900 }),
        ...successes('wan2.5-t2v-preview', ['480P', '720P', '1080P'], 9),
        'also broken',
      ]),
    );
  }, 180_000);

  test('reports in three threads exactly what one thread reports, bad lines by their numbers', async () => {
    const single = await analyzeLog(file);
    const threaded = await built.analyzeLog(file, { threads: 3 });
    expect(threaded.invalidLines.count).toBe(2);
    expect(threaded).toEqual(single);
  });

  test('the bundled command line (dist/cli/main.js, one file) starts its workers from dist/evidence/', async () => {
    const cli = (threads: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [join(ROOT, 'dist/cli/main.js'), 'evidence', file, '--threads', threads, '--json'],
          {
            encoding: 'utf8',
          },
        ),
      ) as unknown;
    const threaded = cli('3');
    expect(threaded).toMatchObject({ invalidLines: { count: 2 } });
    expect(threaded).toEqual(cli('1'));
    const single = await analyzeLog(file);
    expect(threaded).toMatchObject({ lines: single.lines, records: single.records, models: single.models });
  });

  test('merges the fragments in the logs of several proxies in worker threads exactly as in one thread', async () => {
    // Proxy A saw every submit and the first queries; proxy B saw later queries, the end, and (for one task) a
    // status that went back. The tasks are spread so each worker's part holds records whose fragments are elsewhere.
    const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + s * 1000).toISOString();
    const a: string[] = [];
    const b: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const done = taskRecord({ model: 'wan2.2-t2v-plus', index: i });
      const { final: _final, ...submitted } = done;
      a.push(
        JSON.stringify({
          ...submitted,
          observations: [{ at: at(i + 1), http_status: 200, task_status: 'RUNNING' }],
          observed: { submitted_at: at(i), polls: 1, unfinished: 'shutdown' },
        }),
      );
      const back = i === 41 ? [{ at: at(i + 2), http_status: 200, task_status: 'PENDING' }] : [];
      b.push(
        JSON.stringify({
          log_version: 1,
          fragment: true,
          source: 'production',
          target: 'official',
          profile: 'crazyrouter',
          task_id: done.task_id,
          observations: [...back, { at: at(i + 120), http_status: 200, task_status: 'SUCCEEDED' }],
          final: done.final,
          observed: { first_seen_at: at(i + 2), last_seen_at: at(i + 120), polls: 1 + back.length },
        }),
      );
    }
    b.push(b[0]!.replace('task-wan2.2-t2v-plus-0', 'task-nobody-submitted'));
    const fileA = join(dir, 'a.jsonl');
    const fileB = join(dir, 'b.jsonl');
    writeFileSync(fileA, jsonl(a));
    writeFileSync(fileB, jsonl(b));
    const single = await analyzeLogs([fileA, fileB]);
    const threaded = await built.analyzeLogs([fileA, fileB], { threads: 3 });
    expect(single.models[0]!.total).toMatchObject({ tasks: 60, succeeded: 60, violations: 1 });
    expect(single.fragments).toMatchObject({ lines: 61, mergedTasks: 60, unsubmitted: { count: 1 } });
    expect(single.violations.listed[0]!.message).toMatch(/^status-moves-forward: /);
    expect(threaded).toEqual(single);
  });
});
