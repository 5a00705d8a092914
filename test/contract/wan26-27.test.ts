import { describe, expect, test } from 'vitest';
import { validateSubmitRequest } from '../../src/validate/submit.js';
import { validateTaskResponse } from '../../src/validate/task.js';
import { billTask, PricingError, quoteAny, quoteRequest, readPriceOverlay } from '../../src/pricing/index.js';

const P = { profile: 'dashscope' } as const;
const IMG = 'https://example.com/a.png';
const VID = 'https://example.com/a.mp4';
const MP3 = 'https://example.com/a.mp3';

// Requests built from the documented parameters of the wan2.6 and wan2.7 references (wan-2.6-2.7.md §2–§7).
const valid: [string, Record<string, unknown>][] = [
  [
    'wan2.6-t2v, size, 2–15 s, shot_type',
    {
      model: 'wan2.6-t2v',
      input: { prompt: 'p', audio_url: MP3 },
      parameters: {
        size: '1920*1080',
        duration: 15,
        prompt_extend: true,
        shot_type: 'multi',
        watermark: false,
        seed: 2147483647,
      },
    },
  ],
  [
    'wan2.6-t2v-us, 10 s',
    { model: 'wan2.6-t2v-us', input: { prompt: 'p' }, parameters: { size: '1280*720', duration: 10 } },
  ],
  [
    'wan2.6-i2v, resolution, no prompt',
    { model: 'wan2.6-i2v', input: { img_url: IMG }, parameters: { resolution: '720P', duration: 2 } },
  ],
  [
    'wan2.6-i2v-flash silent',
    {
      model: 'wan2.6-i2v-flash',
      input: { img_url: IMG, prompt: 'p' },
      parameters: { resolution: '1080P', audio: false },
    },
  ],
  ['wan2.6-i2v-us 15 s', { model: 'wan2.6-i2v-us', input: { img_url: IMG }, parameters: { duration: 15 } }],
  [
    'wan2.6-r2v 2 images 3 videos',
    {
      model: 'wan2.6-r2v',
      input: { prompt: 'character1 and character2', reference_urls: [IMG, VID, VID, VID, IMG] },
      parameters: { size: '1280*720', duration: 10, shot_type: 'multi' },
    },
  ],
  [
    'wan2.6-r2v-flash silent',
    { model: 'wan2.6-r2v-flash', input: { prompt: 'p', reference_urls: [IMG] }, parameters: { audio: false } },
  ],
  [
    'wan2.7-t2v resolution + ratio, 5000-char prompt',
    {
      model: 'wan2.7-t2v',
      input: { prompt: 'x'.repeat(5000) },
      parameters: { resolution: '720P', ratio: '4:3', duration: 15 },
    },
  ],
  ['wan2.7-t2v snapshot', { model: 'wan2.7-t2v-2026-04-25', input: { prompt: 'p' } }],
  [
    'wan2.7-i2v first + last frame + audio',
    {
      model: 'wan2.7-i2v',
      input: {
        prompt: 'p',
        media: [
          { type: 'first_frame', url: IMG },
          { type: 'last_frame', url: IMG },
          { type: 'driving_audio', url: MP3 },
        ],
      },
      parameters: { resolution: '1080P' },
    },
  ],
  [
    'wan2.7-i2v first clip + last frame',
    {
      model: 'wan2.7-i2v',
      input: {
        media: [
          { type: 'first_clip', url: VID },
          { type: 'last_frame', url: IMG },
        ],
      },
    },
  ],
  [
    'wan2.7-r2v images with voices, 15 s',
    {
      model: 'wan2.7-r2v',
      input: {
        prompt: '图1 图2',
        media: [
          { type: 'reference_image', url: IMG, reference_voice: MP3 },
          { type: 'reference_image', url: IMG },
          { type: 'first_frame', url: IMG },
        ],
      },
      parameters: { duration: 15, ratio: '9:16' },
    },
  ],
  [
    'wan2.7-r2v video, 10 s',
    {
      model: 'wan2.7-r2v',
      input: { prompt: '视频1', media: [{ type: 'reference_video', url: VID }] },
      parameters: { duration: 10 },
    },
  ],
];

const rejected: [string, Record<string, unknown>, string][] = [
  ['480P is gone', { model: 'wan2.6-t2v', input: { prompt: 'p' }, parameters: { size: '832*480' } }, 'parameters.size'],
  [
    't2v takes no resolution tier outside 720P/1080P',
    { model: 'wan2.6-i2v', input: { img_url: IMG }, parameters: { resolution: '480P' } },
    'parameters.resolution',
  ],
  [
    'duration over 15',
    { model: 'wan2.6-t2v', input: { prompt: 'p' }, parameters: { duration: 16 } },
    'parameters.duration',
  ],
  [
    'duration under 2',
    { model: 'wan2.6-i2v', input: { img_url: IMG }, parameters: { duration: 1 } },
    'parameters.duration',
  ],
  [
    't2v-us takes 5 or 10',
    { model: 'wan2.6-t2v-us', input: { prompt: 'p' }, parameters: { duration: 15 } },
    'parameters.duration',
  ],
  [
    'i2v-us takes 5, 10 or 15',
    { model: 'wan2.6-i2v-us', input: { img_url: IMG }, parameters: { duration: 7 } },
    'parameters.duration',
  ],
  [
    'r2v at most 10 s',
    { model: 'wan2.6-r2v', input: { prompt: 'p', reference_urls: [IMG] }, parameters: { duration: 11 } },
    'parameters.duration',
  ],
  ['r2v needs reference_urls', { model: 'wan2.6-r2v', input: { prompt: 'p' } }, 'input.reference_urls'],
  [
    'r2v at most 5 references',
    { model: 'wan2.6-r2v', input: { prompt: 'p', reference_urls: [IMG, IMG, IMG, IMG, IMG, IMG] } },
    'input.reference_urls',
  ],
  [
    'r2v at most 3 videos',
    { model: 'wan2.6-r2v', input: { prompt: 'p', reference_urls: [VID, VID, VID, VID] } },
    'input.reference_urls',
  ],
  [
    'shot_type single or multi',
    { model: 'wan2.6-t2v', input: { prompt: 'p' }, parameters: { shot_type: 'triple' } },
    'parameters.shot_type',
  ],
  [
    'seed in range',
    { model: 'wan2.6-t2v', input: { prompt: 'p' }, parameters: { seed: 2147483648 } },
    'parameters.seed',
  ],
  [
    'wan2.7 ratio from the list',
    { model: 'wan2.7-t2v', input: { prompt: 'p' }, parameters: { ratio: '21:9' } },
    'parameters.ratio',
  ],
  [
    'wan2.7-i2v each type once',
    {
      model: 'wan2.7-i2v',
      input: {
        media: [
          { type: 'first_frame', url: IMG },
          { type: 'first_frame', url: IMG },
        ],
      },
    },
    'input.media',
  ],
  [
    'wan2.7-i2v allowed combinations only',
    {
      model: 'wan2.7-i2v',
      input: {
        media: [
          { type: 'first_clip', url: VID },
          { type: 'driving_audio', url: MP3 },
        ],
      },
    },
    'input.media',
  ],
  [
    'wan2.7-i2v unknown type',
    { model: 'wan2.7-i2v', input: { media: [{ type: 'reference_image', url: IMG }] } },
    'input.media.0.type',
  ],
  [
    'wan2.7-r2v at most 5 references',
    {
      model: 'wan2.7-r2v',
      input: { prompt: 'p', media: Array.from({ length: 6 }, () => ({ type: 'reference_image', url: IMG })) },
    },
    'input.media',
  ],
  [
    'wan2.7-r2v one first frame',
    {
      model: 'wan2.7-r2v',
      input: {
        prompt: 'p',
        media: [
          { type: 'reference_image', url: IMG },
          { type: 'first_frame', url: IMG },
          { type: 'first_frame', url: IMG },
        ],
      },
    },
    'input.media',
  ],
  [
    'wan2.7-r2v voice only on references',
    {
      model: 'wan2.7-r2v',
      input: {
        prompt: 'p',
        media: [
          { type: 'reference_image', url: IMG },
          { type: 'first_frame', url: IMG, reference_voice: MP3 },
        ],
      },
    },
    'input.media.1.reference_voice',
  ],
  [
    'wan2.7-r2v 10 s with a reference video',
    {
      model: 'wan2.7-r2v',
      input: { prompt: 'p', media: [{ type: 'reference_video', url: VID }] },
      parameters: { duration: 11 },
    },
    'parameters.duration',
  ],
  ['new models are dashscope-only', { model: 'wan2.6-t2v', input: { prompt: 'p' } }, 'model'],
];

describe('validateSubmitRequest: wan2.6 and wan2.7', () => {
  test.each(valid)('accepts %s', (_, body) => {
    const result = validateSubmitRequest(body, P);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
  test.each(rejected)('rejects: %s', (name, body, path) => {
    const result = validateSubmitRequest(body, name.includes('dashscope-only') ? { profile: 'crazyrouter' } : P);
    expect(result.ok).toBe(false);
    if (!result.ok && path !== '') expect(result.errors.map((e) => e.path)).toContain(path);
  });
  test('warns where the docs say a value is ignored', () => {
    const warned = (body: Record<string, unknown>) => {
      const r = validateSubmitRequest(body, P);
      return r.warnings.map((w) => `${w.path} ${w.code}`);
    };
    expect(
      warned({ model: 'wan2.6-t2v', input: { prompt: 'p' }, parameters: { shot_type: 'multi', prompt_extend: false } }),
    ).toEqual(['parameters.shot_type ignored']);
    expect(warned({ model: 'wan2.7-t2v', input: { prompt: 'p' }, parameters: { shot_type: 'multi' } })).toEqual([
      'parameters.shot_type ignored',
    ]);
    expect(
      warned({ model: 'wan2.6-i2v-flash', input: { img_url: IMG, audio_url: MP3 }, parameters: { audio: false } }),
    ).toEqual(['input.audio_url ignored']);
    expect(warned({ model: 'wan2.6-t2v', input: { prompt: 'p' }, parameters: { audio: false } })).toEqual([
      'parameters.audio unknown-field',
    ]);
    expect(warned({ model: 'wan2.6-t2v', input: { prompt: 'x'.repeat(1501) } })).toEqual(['input.prompt truncated']);
    // "wan2.7不再使用 size 字段": an unknown field the service ignores.
    expect(warned({ model: 'wan2.7-t2v', input: { prompt: 'p' }, parameters: { size: '1280*720' } })).toEqual([
      'parameters.size unknown-field',
    ]);
  });
});

const answer = (usage: Record<string, unknown>) => ({
  request_id: 'r',
  output: { task_id: 't', task_status: 'SUCCEEDED', video_url: 'https://example.com/v.mp4' },
  usage,
});

describe('documented answers', () => {
  test.each([
    [
      't2v (S1)',
      { duration: 10, size: '1280*720', input_video_duration: 0, output_video_duration: 10, video_count: 1, SR: 720 },
    ],
    [
      'i2v (S2)',
      { duration: 10, input_video_duration: 0, output_video_duration: 10, video_count: 1, SR: 720, audio: true },
    ],
    [
      'r2v (S4)',
      { duration: 10.0, size: '1280*720', input_video_duration: 5, output_video_duration: 5, video_count: 1, SR: 720 },
    ],
    ['Java SDK, SR as a string', { duration: 10.0, SR: '720', video_duration: 0, video_ratio: '' }],
    [
      'wan2.7 t2v (S6)',
      { duration: 5, input_video_duration: 0, output_video_duration: 5, video_count: 1, ratio: '16:9', SR: 1080 },
    ],
  ])('validates %s', (_, usage) => {
    expect(validateTaskResponse(answer(usage), P).ok).toBe(true);
  });
});

const OVERLAY = readPriceOverlay(
  JSON.stringify({
    region: 'cn-beijing',
    currency: 'CNY',
    prices: {
      'wan2.6-i2v-flash': { '720P': { audio: '0.30', silent: '0.15' }, '1080P': { audio: '0.50', silent: '0.25' } },
      'wan2.6-r2v': { '720P': '0.60', '1080P': '1.00' },
    },
  }),
);

describe('prices of unpriced models', () => {
  test('quote answers unpriced, never an amount', () => {
    const error = (() => {
      try {
        quoteAny({ model: 'wan2.6-i2v-flash' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PricingError);
    expect((error as PricingError).code).toBe('unpriced');
    expect((error as PricingError).message).toMatch(/price is not published/);
  });
  test('an overlay prices audio and silent differently, exactly', () => {
    const q = (audio: boolean) =>
      quoteAny({ model: 'wan2.6-i2v-flash', resolution: '720P', duration: 5, audio, prices: [OVERLAY] });
    expect([q(true).amount, q(true).audio, q(false).amount, q(false).audio]).toEqual([
      '1.50',
      'audio',
      '0.75',
      'silent',
    ]);
  });
  test('bills wan2.6 from usage.duration, ignoring the SDK’s zero video_duration', () => {
    const request = {
      model: 'wan2.6-r2v',
      input: { prompt: 'p', reference_urls: [IMG, VID] },
      parameters: { size: '1280*720', duration: 5 },
    };
    const bill = billTask(
      request,
      answer({
        duration: 7.5,
        video_duration: 0,
        input_video_duration: 2.5,
        output_video_duration: 5,
        SR: 720,
      }) as never,
      { ...P, prices: [OVERLAY] },
    );
    expect([bill.amount, bill.seconds, bill.secondsSource]).toEqual(['4.50', '7.5', 'usage.duration']);
  });
  test('r2v quotes the reference videos under the 5 s cap, split evenly', () => {
    const request = {
      model: 'wan2.6-r2v',
      input: { prompt: 'p', reference_urls: [VID, VID, IMG] },
      parameters: { size: '1280*720', duration: 5 },
    };
    const exact = quoteRequest(request, { ...P, prices: [OVERLAY], referenceVideoSeconds: [10, 1] });
    // 3 references: 1.65 s each at most; 10 s → 1.65, 1 s → 1.
    expect([exact.seconds, exact.amount, exact.basis]).toEqual(['7.65', '4.59', 'exact']);
    const bound = quoteRequest(request, { ...P, prices: [OVERLAY] });
    expect([bound.seconds, bound.basis]).toEqual(['8.3', 'upper-bound']);
  });
  test('an overlay with a float is refused', () => {
    expect(() =>
      readPriceOverlay('{"region":"cn-beijing","currency":"CNY","prices":{"wan2.6-r2v":{"720P":0.6}}}'),
    ).toThrow(/decimal string/);
  });
});
