import { describe, expect, test } from 'vitest';
import { modelsOfProfile, resolutionsOf } from '../../src/contract/models.js';
import { RESOLUTIONS } from '../../src/contract/resolutions.js';
import { PROFILE_IDS } from '../../src/contract/profiles.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { runAgainst } from './helpers.js';
import { useTestPrices } from '../support/prices.js';

// The unpriced models (wan2.6, wan2.7) run too, billed at the test's own overlay prices.
useTestPrices();

describe('result-matches-request', () => {
  test.each(PROFILE_IDS)('passes on the %s mock for every model and tier', async (profile) => {
    const records: TaskLogRecord[] = [];
    // Named, so the unpriced models run too.
    const report = await runAgainst(profile, undefined, {
      models: modelsOfProfile(profile),
      resolutions: RESOLUTIONS,
      onTaskRecord: (record) => records.push(record),
    });
    const runs = report.results.filter((r) => r.caseId === 'result-matches-request');
    const cells = modelsOfProfile(profile).flatMap((model) => resolutionsOf(model).map((tier) => `${model} ${tier}`));
    expect(runs.map((r) => `${r.model} ${r.resolution}`).sort()).toEqual(cells.sort());
    expect(runs.filter((r) => r.outcome !== 'pass').map((r) => `${r.model} ${r.resolution}: ${r.reason}`)).toEqual([]);
    // One read of each video serves both download cases, and every evidence record carries what it found.
    const downloads = report.exchanges.filter((e) => e.operation === 'download');
    expect(downloads).toHaveLength(cells.length);
    expect(downloads.every((e) => e.response?.status === 206)).toBe(true);
    expect(records).toHaveLength(cells.length);
    for (const record of records) {
      expect(record.delivered?.bytes_read).toBeGreaterThan(0);
      expect(record.delivered?.frame_ms).toBeGreaterThan(0);
    }
  });
});

describe('result-matches-request against broken servers', () => {
  test.each([
    [
      'video-wrong-tier',
      'crazyrouter',
      /billed-tier-mismatch: wan2\.5-t2v-preview: billed 1080P at 1920×1080, the video is 1280×720 \(720P\)/,
    ],
    [
      'video-short',
      'dashscope',
      /billed-length-mismatch: wan2\.2-i2v-flash: billed 5 s \(as requested\), the video lasts 2 s/,
    ],
  ] as const)('%s fails it, naming the mismatch', async (fault, profile, reason) => {
    const report = await runAgainst(profile, undefined, {}, { scenarios: [fault] });
    const runs = report.results.filter((r) => r.caseId === 'result-matches-request');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.outcome === 'fail')).toBe(true);
    expect(runs.map((r) => r.reason).join('\n')).toMatch(reason);
    // The video still downloads: only its header shows the fault.
    expect(report.results.filter((r) => r.caseId === 'result-video-downloads').every((r) => r.outcome === 'pass')).toBe(
      true,
    );
  });

  test('a header beyond the byte cap is not determinable: a skip that says so, never a pass', async () => {
    // A server that ignores Range and writes the header after 2 MB of media data.
    const padded = new Uint8Array(2 * 1024 * 1024);
    new DataView(padded.buffer).setUint32(0, padded.byteLength);
    padded.set(
      [...'mdat'].map((c) => c.charCodeAt(0)),
      4,
    );
    const wrap = (handler: (r: Request) => Promise<Response>) => async (request: Request) => {
      const answer = await handler(request);
      if (!(answer.headers.get('content-type') ?? '').startsWith('video/')) return answer;
      const whole = await handler(new Request(request.url));
      const bytes = new Uint8Array(await whole.arrayBuffer());
      const ftypEnd = new DataView(bytes.buffer).getUint32(0);
      const file = new Uint8Array(bytes.byteLength + padded.byteLength);
      file.set(bytes.subarray(0, ftypEnd), 0);
      file.set(padded, ftypEnd);
      file.set(bytes.subarray(ftypEnd), ftypEnd + padded.byteLength);
      return new Response(file, { status: 200, headers: { 'content-type': 'video/mp4' } });
    };
    const report = await runAgainst('crazyrouter', wrap, { models: ['wan2.2-t2v-plus'] });
    const [run] = report.results.filter((r) => r.caseId === 'result-matches-request');
    expect(run?.outcome).toBe('skip');
    expect(run?.reason).toMatch(/^not determinable: the MP4 header is not within the 1048576 bytes/);
    const download = report.exchanges.find((e) => e.operation === 'download');
    expect(download?.response?.bytes).toBe(256 * 1024);
  });
});
