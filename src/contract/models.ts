import type { Capability } from './capabilities.js';
import type { Resolution } from './resolutions.js';
import type { RequestShape, UsageShape } from './request-shapes.js';
import { OFFICIAL_PRICES, type PriceSource } from './price-source.js';
import { WAN26_MODELS } from './models-wan26.js';
import { WAN27_MODELS } from './models-wan27.js';

export type { PriceSource } from './price-source.js';

/** Input fields a request may carry under `input` that hold one text or URL. */
export type InputField =
  'prompt' | 'negative_prompt' | 'img_url' | 'first_frame_url' | 'last_frame_url' | 'image_url' | 'audio_url';

/** Input fields that hold a list: wan2.6 r2v's `reference_urls` (and its deprecated `reference_video_urls`), wan2.7's typed `media`. */
export type ListInputField = 'reference_urls' | 'reference_video_urls' | 'media';

/** Any input field. */
export type AnyInputField = InputField | ListInputField;

/** The profiles a model belongs to (the page's gateway lists only the first batch). */
export type ModelProfile = 'crazyrouter' | 'dashscope';

/** How a model's output duration is chosen. */
export type DurationRule =
  | { readonly mode: 'fixed'; readonly allowed: readonly number[]; readonly default: number }
  | { readonly mode: 'audio'; readonly maxExclusive: number }
  /** Any whole number of seconds from min to max; `maxWithMedia` lowers the max when the request has that media type. */
  | {
      readonly mode: 'range';
      readonly min: number;
      readonly max: number;
      readonly default: number;
      readonly maxWithMedia?: { readonly type: string; readonly max: number };
    };

/** One model of the registry. */
export interface ModelEntry {
  readonly capability: Capability;
  readonly status: 'verified' | 'beta';
  /** The profiles whose contract lists the model. */
  readonly profiles: readonly ModelProfile[];
  /** `legacy` (wan2.6 and earlier) or `wan2.7` (the new protocol: same URL, chosen by the model id; S1). */
  readonly protocol: 'legacy' | 'wan2.7';
  /** Official CNY price per second of output, as an exact decimal string, per resolution tier; empty when unpriced. */
  readonly prices: Readonly<Partial<Record<Resolution, string>>>;
  /** Why the model has no official price here, or null when it has one. */
  readonly unpriced: string | null;
  /** The resolution tiers the model renders, smallest first. */
  readonly tiers: readonly Resolution[];
  readonly defaultResolution: Resolution;
  readonly duration: DurationRule;
  readonly inputs: { readonly required: readonly AnyInputField[]; readonly optional: readonly AnyInputField[] };
  readonly request: RequestShape;
  readonly usage: UsageShape;
  /** Where official sources disagree, and which one the entry follows. */
  readonly notes?: readonly string[];
  /** Fields the page's contract accepts that the official upstream does not define (see the reference). */
  readonly pageOnly: { readonly input: readonly InputField[]; readonly parameters: readonly 'duration'[] };
  /** Official prompt length limit in characters; longer prompts are truncated upstream, not rejected. Null: no prompt. */
  readonly promptMaxLength: number | null;
  /**
   * Audio: wan2.5 models take `input.audio_url` and `parameters.audio` (`generates`); s2v is driven by its audio;
   * `built-in`: the video has sound and no `parameters.audio` switch is defined (wan2.6 t2v/i2v/r2v, wan2.7);
   * `switchable`: `parameters.audio` (default true) turns it off and the silent video has its own price (flash).
   */
  readonly audio: 'generates' | 'driven-by-audio' | 'built-in' | 'switchable' | 'none';
  /**
   * The official (dashscope) submit operation; its path is in the operations. A submit operation id of
   * `operations.ts`, checked there by `submitOperationOf` (this file cannot import it: operations name profiles,
   * profiles name models).
   */
  readonly officialSubmitOperation: string;
  readonly rateLimits: { readonly submitRps: number; readonly concurrentTasks: number };
  readonly priceSource: PriceSource;
}

const NO_PAGE_EXTRAS = { input: [], parameters: [] } as const;
const BOTH_PROFILES = ['crazyrouter', 'dashscope'] as const;
const FIRST_BATCH_SHAPE = { style: 'tier', shotType: 'none', promptExtend: true, inputBilling: 'none' } as const;
// The first batch reports its output seconds in usage.video_duration (t2v and i2v references).
const FIRST_BATCH_USAGE = {
  billedField: 'video_duration',
  secondsFields: ['video_duration', 'duration'],
  actualPrompt: true,
  fields: ['video_duration', 'video_count', 'SR'],
} as const;

/**
 * The seven first-batch Wan models of the page, with the official facts behind each.
 * This object is the only place a model, a price or a limit is written down.
 */
export const MODELS = {
  'wan2.5-t2v-preview': {
    capability: 'text-to-video',
    status: 'verified',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.30', '720P': '0.60', '1080P': '1.00' },
    unpriced: null,
    tiers: ['480P', '720P', '1080P'],
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5, 10], default: 5 },
    inputs: { required: ['prompt'], optional: ['negative_prompt', 'audio_url'] },
    pageOnly: NO_PAGE_EXTRAS,
    request: FIRST_BATCH_SHAPE,
    usage: FIRST_BATCH_USAGE,
    promptMaxLength: 1500,
    audio: 'generates',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 5, concurrentTasks: 5 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.5-i2v-preview': {
    capability: 'image-to-video',
    status: 'verified',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.30', '720P': '0.60', '1080P': '1.00' },
    unpriced: null,
    tiers: ['480P', '720P', '1080P'],
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5, 10], default: 5 },
    inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt', 'audio_url'] },
    pageOnly: NO_PAGE_EXTRAS,
    request: FIRST_BATCH_SHAPE,
    usage: FIRST_BATCH_USAGE,
    promptMaxLength: 1500,
    audio: 'generates',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 5, concurrentTasks: 5 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-t2v-plus': {
    capability: 'text-to-video',
    status: 'verified',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.14', '1080P': '0.70' },
    unpriced: null,
    tiers: ['480P', '1080P'],
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    inputs: { required: ['prompt'], optional: ['negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    request: FIRST_BATCH_SHAPE,
    usage: FIRST_BATCH_USAGE,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-i2v-plus': {
    capability: 'image-to-video',
    status: 'verified',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.14', '1080P': '0.70' },
    unpriced: null,
    tiers: ['480P', '1080P'],
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    request: FIRST_BATCH_SHAPE,
    usage: FIRST_BATCH_USAGE,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-i2v-flash': {
    capability: 'image-to-video',
    status: 'verified',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.10', '720P': '0.20', '1080P': '0.48' },
    unpriced: null,
    tiers: ['480P', '720P', '1080P'],
    defaultResolution: '720P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    request: FIRST_BATCH_SHAPE,
    usage: FIRST_BATCH_USAGE,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-kf2v-flash': {
    capability: 'first-last-frame',
    status: 'beta',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.10', '720P': '0.20', '1080P': '0.48' },
    unpriced: null,
    tiers: ['480P', '720P', '1080P'],
    defaultResolution: '720P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    // The page names last_frame_url a key field; officially it is optional, so the contract allows both readings.
    inputs: { required: ['first_frame_url'], optional: ['last_frame_url', 'prompt', 'negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    request: FIRST_BATCH_SHAPE,
    usage: FIRST_BATCH_USAGE,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createImageToVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-s2v': {
    capability: 'subject-reference',
    status: 'beta',
    profiles: BOTH_PROFILES,
    protocol: 'legacy',
    prices: { '480P': '0.50', '720P': '0.90' },
    unpriced: null,
    tiers: ['480P', '720P'],
    defaultResolution: '480P',
    // Officially the video follows the audio (under 20 s); the page's example still sends duration 5.
    duration: { mode: 'audio', maxExclusive: 20 },
    inputs: { required: ['image_url', 'audio_url'], optional: [] },
    pageOnly: { input: ['prompt'], parameters: ['duration'] },
    // The s2v reference defines no prompt_extend, watermark or seed; its usage carries fractional seconds in duration.
    request: { ...FIRST_BATCH_SHAPE, promptExtend: false },
    usage: {
      billedField: 'duration',
      secondsFields: ['video_duration', 'duration'],
      actualPrompt: true,
      fields: ['duration', 'video_count', 'SR'],
    },
    promptMaxLength: null,
    audio: 'driven-by-audio',
    officialSubmitOperation: 'createImageToVideoTask',
    rateLimits: { submitRps: 5, concurrentTasks: 1 },
    priceSource: OFFICIAL_PRICES,
  },
  ...WAN26_MODELS,
  ...WAN27_MODELS,
} as const satisfies Record<string, ModelEntry>;

/** A model id, derived from {@link MODELS}. */
export type ModelId = keyof typeof MODELS;

/** Every model id, in the page's order. */
export const MODEL_IDS = Object.keys(MODELS) as ModelId[];

/** The resolutions a given model supports, derived from its tiers. */
export type ResolutionOf<M extends ModelId> = (typeof MODELS)[M]['tiers'][number];

/** True for a model id of the registry. */
export function isModelId(value: unknown): value is ModelId {
  return typeof value === 'string' && Object.hasOwn(MODELS, value);
}

/** The resolution tiers a model supports, smallest first. */
export function resolutionsOf(id: ModelId): Resolution[] {
  return [...MODELS[id].tiers];
}

/** The models a profile's contract lists, in registry order. */
export function modelsOfProfile(profile: ModelProfile): ModelId[] {
  return MODEL_IDS.filter((id) => (MODELS[id].profiles as readonly ModelProfile[]).includes(profile));
}

/** The models of a capability, in registry order. */
export function modelsOf(capability: Capability): ModelId[] {
  return MODEL_IDS.filter((id) => MODELS[id].capability === capability);
}

/** The whole seconds a duration rule allows (every second of a range), or undefined when the video follows its audio. */
export function allowedSeconds(rule: DurationRule): number[] | undefined {
  if (rule.mode === 'fixed') return [...rule.allowed];
  if (rule.mode === 'range') return Array.from({ length: rule.max - rule.min + 1 }, (_, i) => rule.min + i);
  return undefined;
}

/** A duration rule in words: `5 or 10 (default 5)`, `2 to 15 s (default 5)`, `follows the audio, under 20`. */
export function describeDuration(rule: DurationRule): string {
  if (rule.mode === 'fixed') return `${rule.allowed.join(' or ')} (default ${rule.default})`;
  if (rule.mode === 'audio') return `follows the audio, under ${rule.maxExclusive}`;
  const lowered = rule.maxWithMedia ? `; at most ${rule.maxWithMedia.max} with a ${rule.maxWithMedia.type}` : '';
  return `${rule.min} to ${rule.max}, whole seconds (default ${rule.default})${lowered}`;
}
