import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareLogs } from '../../src/evidence/compare.js';
import { analyzeLog } from '../../src/evidence.js';
import { rig } from './helpers.js';
import { cli } from '../support/cli.js';

const KEY = 'sk-same-verdict-first-0123456789';
const KEY_2 = 'sk-same-verdict-second-0123456789';

/**
 * `conform --api-key-2` (every case) through the proxy in front of a correct server: the proxy blames the upstream
 * for nothing, and the proxy's log and the runner's own --evidence describe the same tasks alike.
 */
describe.concurrent.each(['dashscope', 'crazyrouter'] as const)('conform through the proxy (%s)', (profile) => {
  test('zero upstream violations; both logs give the same verdicts; --compare finds no disagreement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-same-'));
    const proxyLog = join(dir, 'proxy.jsonl');
    const conformLog = join(dir, 'conform.jsonl');
    const { proxy, records, violations, close } = await rig(
      profile,
      {},
      { pendingMs: 50, runningMs: 50, apiKeys: [KEY, KEY_2] },
    );
    let run;
    try {
      run = await cli([
        'conform',
        '--base-url',
        proxy.baseUrl,
        '--level',
        'may',
        '--api-key',
        KEY,
        '--api-key-2',
        KEY_2,
        '--evidence',
        conformLog,
        '--poll-interval-ms',
        '50',
        '--query-rps',
        '0',
        '--max-cost',
        '100',
      ]);
    } finally {
      await close();
    }
    writeFileSync(proxyLog, records.map((l) => `${l}\n`).join(''));
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).not.toContain(KEY);
    const upstream = violations.map((l) => JSON.parse(l) as { party: string; case_id: string; message: string });
    expect(upstream.filter((v) => v.party === 'upstream')).toEqual([]);
    const comparison = await compareLogs(proxyLog, conformLog);
    expect(comparison.disagreements).toEqual([]);
    expect(comparison.shared, `${run.stdout}\n${run.stderr}\n${records.length}`).toBeGreaterThan(0);
    const [fromProxy, fromConform] = await Promise.all([analyzeLog(proxyLog), analyzeLog(conformLog)]);
    expect(fromProxy.promotions).toEqual(fromConform.promotions);
    expect(readFileSync(proxyLog, 'utf8')).not.toContain(KEY_2);
  }, 240_000);
});
