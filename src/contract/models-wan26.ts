import { OFFICIAL_PRICES } from './price-source.js';

/**
 * Why no wan2.6 or wan2.7 model carries a price: the official per-second prices live on the model-pricing page,
 * which no stored copy of the official documentation holds; only third-party figures were found (reference
 * wan-2.6-2.7.md §6.2, §9.1). The package never guesses a price: load a price overlay (`--prices FILE`).
 */
export const UNPUBLISHED_PRICE =
  'the official per-second price is not published in any official source at hand (help.aliyun.com/zh/model-studio/model-pricing could not be read; only third-party figures exist); load a price overlay (--prices FILE)';

const DASHSCOPE_ONLY = ['dashscope'] as const;
const HD_TIERS = ['720P', '1080P'] as const;
// Official rate limits (S9, "万相系列"): 5 submits per second and 5 concurrent tasks for every wan2.6/wan2.7 model.
const RATE_LIMITS = { submitRps: 5, concurrentTasks: 5 } as const;
const NO_PAGE_EXTRAS = { input: [], parameters: [] } as const;
// S1/S2: "wan2.6-t2v：取值为[2, 15]之间的整数。默认值为5".
const TWO_TO_FIFTEEN = { mode: 'range', min: 2, max: 15, default: 5 } as const;

const COMMON = {
  status: 'beta',
  profiles: DASHSCOPE_ONLY,
  protocol: 'legacy',
  prices: {},
  unpriced: UNPUBLISHED_PRICE,
  tiers: HD_TIERS,
  // "默认值为 1920*1080（1080P）" (t2v, r2v) and "默认值为1080P" (i2v).
  defaultResolution: '1080P',
  pageOnly: NO_PAGE_EXTRAS,
  // "wan2.6和wan2.5系列模型：不超过1500个字符".
  promptMaxLength: 1500,
  officialSubmitOperation: 'createVideoTask',
  rateLimits: RATE_LIMITS,
  priceSource: OFFICIAL_PRICES,
} as const;

// S1: t2v renders from `size`; shot_type "仅当 prompt_extend: true 时生效". Usage (S1 example) carries size.
const T2V = {
  ...COMMON,
  capability: 'text-to-video',
  inputs: { required: ['prompt'], optional: ['negative_prompt', 'audio_url'] },
  request: { style: 'size', shotType: 'with-prompt-extend', promptExtend: true, inputBilling: 'none' },
  usage: {
    billedField: 'duration',
    secondsFields: ['duration'],
    actualPrompt: false,
    fields: ['duration', 'size', 'input_video_duration', 'output_video_duration', 'video_count', 'SR'],
  },
  audio: 'built-in',
} as const;

// S2: i2v renders from `resolution`; the aspect follows the image; usage has no size.
const I2V = {
  ...COMMON,
  capability: 'image-to-video',
  inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt', 'audio_url'] },
  request: { style: 'resolution', shotType: 'with-prompt-extend', promptExtend: true, inputBilling: 'none' },
  usage: {
    billedField: 'duration',
    secondsFields: ['duration'],
    actualPrompt: false,
    fields: ['duration', 'input_video_duration', 'output_video_duration', 'video_count', 'SR'],
  },
  audio: 'built-in',
} as const;

// S4/S5: r2v renders from `size`, takes reference_urls, bills reference-video seconds; prompt_extend is not listed.
const R2V = {
  ...COMMON,
  capability: 'reference-to-video',
  duration: { mode: 'range', min: 2, max: 10, default: 5 },
  inputs: { required: ['prompt', 'reference_urls'], optional: ['negative_prompt', 'reference_video_urls'] },
  request: { style: 'size', shotType: 'free', promptExtend: false, inputBilling: 'reference-video-capped' },
  usage: {
    billedField: 'duration',
    secondsFields: ['duration'],
    actualPrompt: false,
    fields: ['duration', 'size', 'input_video_duration', 'output_video_duration', 'video_count', 'SR'],
  },
  audio: 'built-in',
} as const;

/**
 * The wan2.6 generation (legacy protocol), dashscope profile only, all Beta until live evidence closes them. Beijing
 * and Singapore serve the first five; Virginia (its own host) serves the -us models (regions.ts).
 */
export const WAN26_MODELS = {
  'wan2.6-t2v': { ...T2V, duration: TWO_TO_FIFTEEN },
  'wan2.6-i2v': { ...I2V, duration: TWO_TO_FIFTEEN },
  'wan2.6-i2v-flash': {
    ...I2V,
    duration: TWO_TO_FIFTEEN,
    // "audio：支持模型：wan2.6-i2v-flash … false 时 … 计费按无声视频计算"; usage echoes audio (S2).
    audio: 'switchable',
    usage: {
      billedField: 'duration',
      secondsFields: ['duration'],
      actualPrompt: false,
      fields: [...I2V.usage.fields, 'audio'],
    },
  },
  'wan2.6-r2v': R2V,
  // "支持模型：wan2.6-r2v-flash … true：默认值" (S5); an audio echo in usage is not documented (§9.4).
  'wan2.6-r2v-flash': { ...R2V, audio: 'switchable' },
  'wan2.6-t2v-us': {
    ...T2V,
    duration: { mode: 'fixed', allowed: [5, 10], default: 5 },
    notes: [
      'Durations follow the t2v API reference (S1: "wan2.6-t2v-us：可选值为5、10"); the video-generation overview (S10) lists 5, 10 and 15 s.',
    ],
  },
  // S2: "wan2.6-i2v-us：可选值为5、10、15。默认值为5".
  'wan2.6-i2v-us': { ...I2V, duration: { mode: 'fixed', allowed: [5, 10, 15], default: 5 } },
} as const;
