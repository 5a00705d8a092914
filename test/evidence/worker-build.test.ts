import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeLog } from '../../src/evidence/analyze.js';
import { jsonl, successes, taskRecord } from './records.js';

// Worker threads start only from the compiled package (under a TypeScript loader every worker would compile the
// sources again), so this test reads a log with the built dist/evidence.js — `npm test` builds it before vitest.
const ROOT = new URL('../../', import.meta.url).pathname;
const BUILT = join(ROOT, 'dist/evidence.js');

describe('the built evidence reader with worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-worker-'));
  const file = join(dir, 'log.jsonl');
  let built: { analyzeLog: typeof analyzeLog };

  beforeAll(async () => {
    if (!existsSync(BUILT)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    built = (await import(pathToFileURL(BUILT).href)) as { analyzeLog: typeof analyzeLog };
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
});
