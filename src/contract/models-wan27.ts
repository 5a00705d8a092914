import { UNPUBLISHED_PRICE } from './models-wan26.js';
import { OFFICIAL_PRICES } from './price-source.js';
import { I2V_MEDIA, R2V_MEDIA } from './request-shapes.js';

const COMMON = {
  status: 'beta',
  profiles: ['dashscope'],
  protocol: 'wan2.7',
  prices: {},
  unpriced: UNPUBLISHED_PRICE,
  tiers: ['720P', '1080P'],
  // S6–S8: resolution "720P" | "1080P", default "1080P".
  defaultResolution: '1080P',
  pageOnly: { input: [], parameters: [] },
  // S1 FAQ: the prompt limit rises to 5000 characters on wan2.7.
  promptMaxLength: 5000,
  // No parameters.audio switch is documented for wan2.7 (reference §7.6).
  audio: 'built-in',
  officialSubmitOperation: 'createVideoTask',
  rateLimits: { submitRps: 5, concurrentTasks: 5 },
  priceSource: OFFICIAL_PRICES,
} as const;

// S6: resolution + ratio, shot_type "配置也不生效"; usage {duration, input_video_duration: 0, output_video_duration, video_count, ratio, SR}.
const T2V = {
  ...COMMON,
  capability: 'text-to-video',
  duration: { mode: 'range', min: 2, max: 15, default: 5 },
  inputs: { required: ['prompt'], optional: ['negative_prompt', 'audio_url'] },
  request: { style: 'resolution-ratio', shotType: 'ignored', promptExtend: true, inputBilling: 'none' },
  usage: {
    billedField: 'duration',
    secondsFields: ['duration'],
    actualPrompt: false,
    fields: ['duration', 'input_video_duration', 'output_video_duration', 'video_count', 'ratio', 'SR'],
  },
} as const;

// S7: typed media (first frame, first+last frame, driving audio, first clip); the aspect follows the input.
const I2V = {
  ...COMMON,
  capability: 'image-to-video',
  duration: { mode: 'range', min: 2, max: 15, default: 5 },
  inputs: { required: ['media'], optional: ['prompt', 'negative_prompt'] },
  request: { style: 'resolution', shotType: 'ignored', promptExtend: true, media: I2V_MEDIA, inputBilling: 'none' },
  usage: {
    billedField: 'duration',
    secondsFields: ['duration'],
    actualPrompt: false,
    fields: ['duration', 'input_video_duration', 'output_video_duration', 'SR', 'video_count'],
  },
} as const;

/**
 * The wan2.7 generation (new protocol: same URL, the body shape chosen by the model id; S1), dashscope profile
 * only, Beijing and Singapore, Beta. Dated snapshots are the same contract under their own id. wan2.7-videoedit is
 * left out: its request schema was not read from an official source (reference §9.5).
 */
export const WAN27_MODELS = {
  'wan2.7-t2v': T2V,
  'wan2.7-t2v-2026-04-25': T2V,
  'wan2.7-i2v': I2V,
  'wan2.7-i2v-2026-04-25': I2V,
  // S8: reference images/videos with voices; [2,10] s with a reference video, else [2,15]; duration = input + output.
  'wan2.7-r2v': {
    ...COMMON,
    capability: 'reference-to-video',
    duration: { mode: 'range', min: 2, max: 15, default: 5, maxWithMedia: { type: 'reference_video', max: 10 } },
    inputs: { required: ['prompt', 'media'], optional: ['negative_prompt'] },
    request: {
      style: 'resolution-ratio',
      shotType: 'ignored',
      promptExtend: true,
      media: R2V_MEDIA,
      inputBilling: 'reference-video',
    },
    usage: {
      billedField: 'duration',
      secondsFields: ['duration'],
      actualPrompt: false,
      fields: ['duration', 'input_video_duration', 'output_video_duration', 'video_count', 'ratio', 'SR'],
    },
  },
} as const;
