import { Readable } from 'node:stream';
import { createAlibaba } from '@ai-sdk/alibaba';
import { experimental_generateVideo as generateVideo } from 'ai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createClient } from '../../src/client.js';
import { exampleRequest } from '../../src/contract/examples.js';
import { modelsOfProfile } from '../../src/contract/models.js';
import { PROFILE_IDS } from '../../src/contract/profiles.js';
import { analyzeLog } from '../../src/evidence.js';
import { KEY, parsed, rig, type Rig } from './helpers.js';

describe.each(PROFILE_IDS)('proxy in front of the mock (%s)', (profile) => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(profile, { target: 'mock' });
  });
  afterAll(() => r.close());

  test('createClient runs every model through it with zero violations and one record per task', async () => {
    const client = createClient({ baseUrl: r.proxy.baseUrl, apiKey: KEY, profile, pollSchedule: 5 });
    const ids: string[] = [];
    for (const model of modelsOfProfile(profile)) {
      const { output } = await client.submit(exampleRequest(model, profile));
      ids.push(output.task_id);
      const task = await client.waitForTask(output.task_id, { timeoutMs: 10_000, model });
      expect(task.output.task_status).toBe('SUCCEEDED');
      // A poll after the end is judged too (terminal-status-stays).
      await client.getTask(output.task_id);
    }
    expect(r.violations).toEqual([]);
    const records = parsed(r.records);
    expect(records.map((x) => x.task_id).sort()).toEqual([...ids].sort());
    expect(records.every((x) => x.source === 'production' && x.target === 'mock' && x.profile === profile)).toBe(true);
    const report = await analyzeLog(Readable.from(r.records.map((l) => `${l}\n`)));
    expect(report.invalidLines.count).toBe(0);
    expect(report.violations.count).toBe(0);
    expect(report.models.map((m) => m.model)).toEqual(modelsOfProfile(profile));
    expect(report.models.every((m) => m.total.succeeded === 1)).toBe(true);
    expect(JSON.stringify(r.records)).not.toContain(KEY);
  });

  test('the Vercel AI SDK generates a video through it with zero violations and one record', async () => {
    const before = r.records.length;
    // videoBaseURL is the part before /api/v1: the proxy's origin for dashscope, /alibailian for the page's gateway.
    const alibaba = createAlibaba({
      apiKey: KEY,
      videoBaseURL: `${r.proxy.url}${profile === 'crazyrouter' ? '/alibailian' : ''}`,
    });
    const result = await generateVideo({
      model: alibaba.video('wan2.2-t2v-plus'),
      prompt: 'A paper boat drifts down a rain-soaked street',
      resolution: '1920x1080',
      duration: 5,
      providerOptions: { alibaba: { pollIntervalMs: 10, pollTimeoutMs: 10_000 } },
      // The SDK's own download refuses loopback hosts; the video itself is not what is judged here.
      download: async () => ({ data: new Uint8Array([0]), mediaType: 'video/mp4' }),
    });
    expect(result.providerMetadata.alibaba).toMatchObject({ taskId: expect.any(String) });
    expect(r.violations).toEqual([]);
    const added = parsed(r.records.slice(before));
    expect(added.map((x) => x.task_id)).toEqual([result.providerMetadata.alibaba!.taskId]);
    expect(added[0]!.model).toBe('wan2.2-t2v-plus');
  });

  test('every answer carries the violation count header', async () => {
    const res = await fetch(`${r.proxy.baseUrl}/tasks/no-such-task`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-contract-violations')).toBe('0');
  });
});
