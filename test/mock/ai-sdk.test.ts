import { createAlibaba } from '@ai-sdk/alibaba';
import { experimental_generateVideo as generateVideo } from 'ai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODELS, allowedSeconds, modelsOfProfile, type ModelProfile } from '../../src/contract/models.js';
import { readMp4Facts } from '../../src/media/mp4.js';
import { startMockServer, type MockServer } from '../../src/mock.js';
import { validateSubmitRequest } from '../../src/validate/submit.js';

let server: MockServer;
const seen: string[] = [];
beforeAll(async () => {
  server = await startMockServer({
    port: 0,
    pendingMs: 30,
    runningMs: 30,
    onRequest: (e) => seen.push(`${e.method} ${e.path} ${e.status}`),
  });
});
afterAll(() => server.close());

// The SDK's default download refuses loopback and private hosts (SSRF guard), so the test downloads itself.
const download = async ({ url }: { url: URL }) => {
  const res = await fetch(url);
  return { data: new Uint8Array(await res.arrayBuffer()), mediaType: res.headers.get('content-type') ?? undefined };
};

// videoBaseURL is the part before /api/v1: the server itself for dashscope, /alibailian for the page's gateway.
const PROFILES = [
  { profile: 'dashscope', prefix: '' },
  { profile: 'crazyrouter', prefix: '/alibailian' },
] as const;

describe('Vercel AI SDK (experimental_generateVideo with @ai-sdk/alibaba)', () => {
  for (const { profile, prefix } of PROFILES) {
    test(`${profile}: generates a text-to-video and downloads the MP4 bytes`, async () => {
      const alibaba = createAlibaba({ apiKey: 'sk-test', videoBaseURL: `${server.url}${prefix}` });
      const result = await generateVideo({
        model: alibaba.video('wan2.2-t2v-plus'),
        prompt: 'A paper boat drifts down a rain-soaked street',
        resolution: '1920x1080',
        duration: 5,
        providerOptions: { alibaba: { pollIntervalMs: 20, pollTimeoutMs: 10_000 } },
        download,
      });
      expect(result.video.mediaType).toBe('video/mp4');
      expect(readMp4Facts(result.video.uint8Array)).toMatchObject({ width: 1920, height: 1080, durationSeconds: 5 });
      expect(result.providerMetadata.alibaba).toMatchObject({
        taskId: expect.any(String),
        videoUrl: expect.stringContaining('/mock-artifacts/'),
      });
    });
  }

  test('crazyrouter: generates an image-to-video from a first-frame URL', async () => {
    const alibaba = createAlibaba({ apiKey: 'sk-test', videoBaseURL: `${server.url}/alibailian` });
    const result = await generateVideo({
      model: alibaba.video('wan2.2-i2v-flash'),
      prompt: { image: 'https://example.com/first-frame.png', text: 'Make the subject turn toward the camera' },
      resolution: '1280x720',
      providerOptions: { alibaba: { pollIntervalMs: 20 } },
      download,
    });
    expect(readMp4Facts(result.video.uint8Array)).toMatchObject({ width: 1280, height: 720, durationSeconds: 5 });
    expect(seen.some((line) => /^GET \/alibailian\/api\/v1\/tasks\/\S+ 200$/.test(line))).toBe(true);
  });

  test('dashscope: wan2.7-i2v through the provider is refused, its img_url is not the input.media the model takes', async () => {
    const alibaba = createAlibaba({ apiKey: 'sk-test', videoBaseURL: server.url });
    await expect(
      generateVideo({
        model: alibaba.video('wan2.7-i2v'),
        prompt: { image: 'https://example.com/first-frame.png' },
        providerOptions: { alibaba: { pollIntervalMs: 20 } },
        maxRetries: 0,
        download,
      }),
    ).rejects.toThrow('wan2.7-i2v: input.media is required');
  });

  test('reports a FAILED task as an error naming the task', async () => {
    const alibaba = createAlibaba({ apiKey: 'sk-test', videoBaseURL: server.url });
    await expect(
      generateVideo({
        model: alibaba.video('wan2.2-t2v-plus'),
        prompt: 'A paper boat',
        headers: { 'X-Mock-Scenario': 'fail' },
        providerOptions: { alibaba: { pollIntervalMs: 20 } },
        maxRetries: 0,
        download,
      }),
    ).rejects.toThrow(/Video generation failed/);
  });
});

// The Wan models of a profile the provider drives: it posts every model to the video-generation path and sends
// img_url only for ids with "-i2v" (detectMode in @ai-sdk/alibaba 1.0.61), so kf2v (first_frame_url) and s2v
// (image_url + audio_url) cannot be expressed through it; nor can wan2.7 i2v, whose first frame officially travels
// in input.media (reference §7.4) while the provider still sends img_url for it (it builds media only for r2v).
const supported = (profile: ModelProfile) =>
  modelsOfProfile(profile).filter(
    (m) =>
      MODELS[m].capability === 'text-to-video' ||
      (MODELS[m].capability === 'image-to-video' && MODELS[m].protocol === 'legacy'),
  );

describe('Vercel AI SDK: every supported model of each profile, required and all options', () => {
  const bodies: { profile: 'dashscope' | 'crazyrouter'; body: unknown }[] = [];
  const recording =
    (profile: 'dashscope' | 'crazyrouter'): typeof fetch =>
    async (input, init) => {
      if (init?.method === 'POST' && typeof init.body === 'string')
        bodies.push({ profile, body: JSON.parse(init.body) });
      return fetch(input, init);
    };

  for (const { profile, prefix } of PROFILES) {
    for (const model of supported(profile)) {
      const entry = MODELS[model];
      const image = entry.capability === 'image-to-video';
      for (const all of [false, true]) {
        test(`${profile}: ${model} with ${all ? 'every option' : 'only the required ones'} succeeds`, async () => {
          const alibaba = createAlibaba({
            apiKey: 'sk-test',
            videoBaseURL: `${server.url}${prefix}`,
            fetch: recording(profile),
          });
          const text = 'A paper boat drifts down a rain-soaked street';
          const prompt = image ? { image: 'https://example.com/first-frame.png', ...(all ? { text } : {}) } : text;
          const allowed = allowedSeconds(entry.duration) ?? [];
          const result = await generateVideo({
            model: alibaba.video(model),
            prompt,
            ...(all
              ? {
                  resolution: '1920x1080' as const,
                  duration: allowed[allowed.length - 1],
                  seed: 7,
                  ...(entry.audio === 'generates' ? { generateAudio: true } : {}),
                }
              : {}),
            providerOptions: {
              alibaba: {
                pollIntervalMs: 20,
                pollTimeoutMs: 10_000,
                ...(all
                  ? {
                      negativePrompt: 'blur',
                      promptExtend: false,
                      watermark: true,
                      ...(entry.audio === 'generates' ? { audioUrl: 'https://example.com/voice.mp3' } : {}),
                    }
                  : {}),
              },
            },
            download,
          });
          const seconds = all ? allowed[allowed.length - 1] : 5;
          expect(readMp4Facts(result.video.uint8Array)).toMatchObject({ durationSeconds: seconds });
        });
      }
    }
  }

  test('every body the provider sent is accepted by validateSubmitRequest under its profile', () => {
    expect(bodies).toHaveLength(PROFILES.reduce((n, { profile }) => n + supported(profile).length * 2, 0));
    for (const { profile, body } of bodies) {
      const result = validateSubmitRequest(body, { profile });
      expect(result.ok, `${profile} ${JSON.stringify(body)}: ${JSON.stringify(result.ok ? [] : result.errors)}`).toBe(
        true,
      );
    }
  });
});
