import { describe, expect, test } from 'vitest';
import { MODELS, modelsOfProfile, resolutionsOf, type ModelId } from '../../src/contract/models.js';
import { acceptsResolutionField, acceptsSizeField, PROFILE_IDS, type ProfileId } from '../../src/contract/profiles.js';
import { defaultSizeOf, dimensionsOf, RESOLUTION_TIERS, type Resolution } from '../../src/contract/resolutions.js';
import { Mp4Error, readMp4Facts } from '../../src/media/mp4.js';
import { mockVideo, VIDEO_SPECS, videoKey } from '../../src/mock/index.js';
import { VIDEO_FILES } from '../../src/mock/video-files.js';
import { exampleRequest, mockHarness, ORIGIN } from './helpers.js';

/** Every (size, tier) a model's request can ask for: each size where `size` is part of the request, else each tier. */
function asks(model: ModelId): { tier: Resolution; size?: string }[] {
  return resolutionsOf(model).flatMap((tier) =>
    acceptsSizeField(MODELS[model].capability)
      ? RESOLUTION_TIERS[tier].sizes.map((size) => ({ tier, size }))
      : [{ tier }],
  );
}

/** Submits, polls to SUCCEEDED, downloads, and reads the MP4's header. */
async function deliver(profile: ProfileId, model: ModelId, parameters: Record<string, unknown>) {
  const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
  const base = exampleRequest(model, profile);
  const submitted = await mock.submit(profile, { ...base, parameters });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const task = (await mock.poll(profile, submitted.body.output.task_id)).body;
  expect(task.output.task_status).toBe('SUCCEEDED');
  const url: string = task.output.video_url ?? task.output.results.video_url;
  const res = await mock.handle(new Request(url));
  expect(res.status).toBe(200);
  return { facts: readMp4Facts(new Uint8Array(await res.arrayBuffer())), usage: task.usage };
}

describe('videos that match the bill', () => {
  test('commits exactly the videos the registry needs, each a small H.264 MP4 whose header says its name', async () => {
    expect(Object.keys(VIDEO_FILES).sort()).toEqual(VIDEO_SPECS.map(videoKey).sort());
    for (const spec of VIDEO_SPECS) {
      const bytes = await mockVideo(spec);
      expect(bytes.byteLength).toBeLessThan(10_000);
      expect(readMp4Facts(bytes)).toMatchObject({
        width: spec.width,
        height: spec.height,
        durationSeconds: spec.seconds,
        codec: expect.stringMatching(/^avc1\./),
        // A still frame at 1 frame per second.
        frames: spec.seconds,
      });
    }
  });

  for (const profile of PROFILE_IDS) {
    for (const model of modelsOfProfile(profile).filter((m) => MODELS[m].duration.mode === 'fixed')) {
      test(`${profile} ${model}: tkhd size and mvhd duration match every size, tier and duration`, async () => {
        const rule = MODELS[model].duration;
        if (rule.mode !== 'fixed') throw new Error('fixed durations only');
        for (const { tier, size } of asks(model)) {
          for (const duration of rule.allowed) {
            const parameters: Record<string, unknown> = { duration };
            if (size !== undefined && !acceptsResolutionField(profile, MODELS[model].capability))
              parameters.size = size;
            else if (size !== undefined && size !== defaultSizeOf(tier)) parameters.size = size;
            else parameters.resolution = tier;
            const { facts, usage } = await deliver(profile, model, parameters);
            const want = dimensionsOf((size ?? defaultSizeOf(tier)) as never);
            expect({ width: facts.width, height: facts.height }, `${tier} ${size ?? ''}`).toEqual(want);
            expect(facts.durationSeconds).toBe(duration);
            expect(usage[MODELS[model].usage.billedField]).toBe(duration);
          }
        }
      });
    }
  }

  test('wan2.2-s2v: the tier’s size, and the nearest whole second of the exact fractional seconds billed', async () => {
    const cases = [
      { profile: 'crazyrouter', parameters: { resolution: '720P', duration: 7.4 } },
      { profile: 'crazyrouter', parameters: { resolution: '480P', duration: 12.5 } },
      { profile: 'crazyrouter', parameters: { resolution: '480P', duration: 19.9 } },
      { profile: 'dashscope', parameters: { resolution: '720P' } },
      { profile: 'dashscope', parameters: { resolution: '480P' } },
    ] as const;
    for (const { profile, parameters } of cases) {
      const { facts, usage } = await deliver(profile, 'wan2.2-s2v', parameters);
      expect({ width: facts.width, height: facts.height }).toEqual(dimensionsOf(defaultSizeOf(parameters.resolution)));
      expect(facts.durationSeconds).toBe(Math.round(usage.duration));
      if ('duration' in parameters) expect(usage.duration).toBe(parameters.duration);
      expect(Math.abs(facts.durationSeconds - usage.duration)).toBeLessThanOrEqual(0.5);
    }
  });

  test('a header that is not an MP4 is an Mp4Error, not a crash', () => {
    expect(() => readMp4Facts(new TextEncoder().encode('<html>502</html>'))).toThrow(Mp4Error);
    expect(() => readMp4Facts(new Uint8Array(0))).toThrow(/no moov box in the first 0 bytes/);
  });
});

describe('video downloads', () => {
  async function videoUrl() {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    const url = (await mock.poll('crazyrouter', body.output.task_id)).body.output.video_url as string;
    const whole = new Uint8Array(await (await mock.handle(new Request(url))).arrayBuffer());
    return { mock, url, whole };
  }

  test('serves the video of a SUCCEEDED task as video/mp4 without a key, and its length on HEAD', async () => {
    const { mock, url, whole } = await videoUrl();
    expect(readMp4Facts(whole)).toMatchObject({ width: 1920, height: 1080, durationSeconds: 5 });
    const head = await mock.handle(new Request(url, { method: 'HEAD' }));
    expect(head.headers.get('content-type')).toBe('video/mp4');
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-length')).toBe(String(whole.byteLength));
  });

  test.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-50', -50, -1],
    ['bytes=10-999999', 10, -1],
  ])('answers Range %s with 206 and the bytes asked for', async (range, from, to) => {
    const { mock, url, whole } = await videoUrl();
    const res = await mock.handle(new Request(url, { headers: { range } }));
    const start = from < 0 ? whole.byteLength + from : from;
    const end = to < 0 ? whole.byteLength - 1 : to;
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${whole.byteLength}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(whole.subarray(start, end + 1));
  });

  test('answers a range past the end with 416, and a multi-range with the whole file', async () => {
    const { mock, url, whole } = await videoUrl();
    const past = await mock.handle(new Request(url, { headers: { range: `bytes=${whole.byteLength}-` } }));
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${whole.byteLength}`);
    const multi = await mock.handle(new Request(url, { headers: { range: 'bytes=0-1,5-6' } }));
    expect(multi.status).toBe(200);
    expect((await multi.arrayBuffer()).byteLength).toBe(whole.byteLength);
  });

  test('answers 404 for the video of an unknown or unfinished task', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    for (const id of ['nope', body.output.task_id]) {
      const res = await mock.handle(new Request(`${ORIGIN}/mock-artifacts/${id}.mp4`));
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'NotFound' });
    }
  });
});
