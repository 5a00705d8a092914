import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { coverageOfLogs } from '../../src/evidence/coverage-log.js';
import { jsonl, successes, taskRecord } from './records.js';

// Worker threads start only from the compiled package, so this reads a log with the built dist/conformance.js
// (`npm test` builds it before vitest), as test/evidence/worker-build.test.ts does for the evidence reader.
const ROOT = new URL('../../', import.meta.url).pathname;
const BUILT = join(ROOT, 'dist/conformance.js');

describe('the built coverage reader with worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wan-coverage-worker-'));
  const file = join(dir, 'log.jsonl');
  let built: { coverageOfLogs: typeof coverageOfLogs };

  beforeAll(async () => {
    if (!existsSync(BUILT)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    built = (await import(pathToFileURL(BUILT).href)) as typeof built;
    writeFileSync(
      file,
      jsonl([
        ...successes('wan2.2-kf2v-flash', ['480P', '720P', '1080P'], 20),
        'broken {',
        ...successes('wan2.2-s2v', ['480P', '720P'], 10, { profile: 'dashscope' }),
        taskRecord({ model: 'wan2.2-t2v-plus', outcome: 'failed', index: 900 }),
        'also broken',
      ]),
    );
  }, 180_000);

  test('counts in three threads exactly what one thread counts, bad lines by their numbers', async () => {
    const single = await coverageOfLogs([file]);
    const threaded = await built.coverageOfLogs([file], { threads: 3 });
    expect(threaded.invalidLines.count).toBe(2);
    expect(threaded.coverages.length).toBeGreaterThan(1);
    expect(threaded).toEqual(single);
  });
});
