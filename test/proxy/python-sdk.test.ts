import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { modelsOfProfile } from '../../src/contract/models.js';

const MODEL_IDS = modelsOfProfile('dashscope');
import { analyzeLog } from '../../src/evidence.js';
import { KEY, parsed, rig, type Rig } from './helpers.js';
import { drivePython, sdkArguments } from './python.js';
import { REQUIRE_PYTHON, unavailable } from '../support/python-sdk.js';

const missing = unavailable();
if (missing && REQUIRE_PYTHON) throw new Error(missing);

describe.skipIf(missing !== undefined)(`official Python SDK through the proxy${missing ? ` (${missing})` : ''}`, () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig('dashscope', { target: 'mock' });
  });
  afterAll(() => r.close());

  test('VideoSynthesis.call runs every model to SUCCEEDED with zero violations and one record per task', async () => {
    const { results, stderr } = await drivePython(r.proxy.baseUrl, MODEL_IDS.map(sdkArguments));
    expect(results, stderr).toHaveLength(MODEL_IDS.length);
    for (const result of results)
      expect(result, JSON.stringify(result)).toMatchObject({ status_code: 200, output: { task_status: 'SUCCEEDED' } });
    expect(r.violations).toEqual([]);
    const records = parsed(r.records);
    expect(records.map((x) => x.task_id).sort()).toEqual(results.map((x) => x.output?.task_id).sort());
    const report = await analyzeLog(Readable.from(r.records.map((l) => `${l}\n`)));
    expect(report.violations.count).toBe(0);
    expect(report.models.map((m) => m.model)).toEqual(MODEL_IDS);
    expect(r.records.join('\n')).not.toContain(KEY);
  }, 120_000);
});
