import type { Capability } from './capabilities.js';
import type { Resolution } from './resolutions.js';

/** Where a price comes from: the official source and the date from which this package applies it. */
export interface PriceSource {
  readonly url: string;
  readonly region: string;
  readonly currency: 'CNY';
  readonly unit: 'second';
  /** ISO date from which the price applies in this package (the date the official table was last checked). */
  readonly effectiveDate: string;
}

/** Input fields a request may carry under `input`. */
export type InputField =
  'prompt' | 'negative_prompt' | 'img_url' | 'first_frame_url' | 'last_frame_url' | 'image_url' | 'audio_url';

/** How a model's output duration is chosen. */
export type DurationRule =
  | { readonly mode: 'fixed'; readonly allowed: readonly number[]; readonly default: number }
  | { readonly mode: 'audio'; readonly maxExclusive: number };

/** One model of the registry. */
export interface ModelEntry {
  readonly capability: Capability;
  readonly status: 'verified' | 'beta';
  /** Official CNY price per second of output, as an exact decimal string, per resolution tier. */
  readonly prices: Readonly<Partial<Record<Resolution, string>>>;
  readonly defaultResolution: Resolution;
  readonly duration: DurationRule;
  readonly inputs: { readonly required: readonly InputField[]; readonly optional: readonly InputField[] };
  /** Fields the page's contract accepts that the official upstream does not define (see the reference). */
  readonly pageOnly: { readonly input: readonly InputField[]; readonly parameters: readonly 'duration'[] };
  /** Official prompt length limit in characters; longer prompts are truncated upstream, not rejected. Null: no prompt. */
  readonly promptMaxLength: number | null;
  /** Audio support: wan2.5 models take `input.audio_url` and `parameters.audio`; s2v is driven by its audio. */
  readonly audio: 'generates' | 'driven-by-audio' | 'none';
  /**
   * The official (dashscope) submit operation; its path is in the operations. A submit operation id of
   * `operations.ts`, checked there by `submitOperationOf` (this file cannot import it: operations name profiles,
   * profiles name models).
   */
  readonly officialSubmitOperation: string;
  readonly rateLimits: { readonly submitRps: number; readonly concurrentTasks: number };
  readonly priceSource: PriceSource;
}

/** Official model pricing page, Beijing region; the page's price table equals it. */
const OFFICIAL_PRICES: PriceSource = {
  url: 'https://help.aliyun.com/zh/model-studio/model-pricing',
  region: 'cn-beijing',
  currency: 'CNY',
  unit: 'second',
  effectiveDate: '2026-11-24',
};

const NO_PAGE_EXTRAS = { input: [], parameters: [] } as const;

/**
 * The seven first-batch Wan models of the page, with the official facts behind each.
 * This object is the only place a model, a price or a limit is written down.
 */
export const MODELS = {
  'wan2.5-t2v-preview': {
    capability: 'text-to-video',
    status: 'verified',
    prices: { '480P': '0.30', '720P': '0.60', '1080P': '1.00' },
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5, 10], default: 5 },
    inputs: { required: ['prompt'], optional: ['negative_prompt', 'audio_url'] },
    pageOnly: NO_PAGE_EXTRAS,
    promptMaxLength: 1500,
    audio: 'generates',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 5, concurrentTasks: 5 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.5-i2v-preview': {
    capability: 'image-to-video',
    status: 'verified',
    prices: { '480P': '0.30', '720P': '0.60', '1080P': '1.00' },
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5, 10], default: 5 },
    inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt', 'audio_url'] },
    pageOnly: NO_PAGE_EXTRAS,
    promptMaxLength: 1500,
    audio: 'generates',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 5, concurrentTasks: 5 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-t2v-plus': {
    capability: 'text-to-video',
    status: 'verified',
    prices: { '480P': '0.14', '1080P': '0.70' },
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    inputs: { required: ['prompt'], optional: ['negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-i2v-plus': {
    capability: 'image-to-video',
    status: 'verified',
    prices: { '480P': '0.14', '1080P': '0.70' },
    defaultResolution: '1080P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-i2v-flash': {
    capability: 'image-to-video',
    status: 'verified',
    prices: { '480P': '0.10', '720P': '0.20', '1080P': '0.48' },
    defaultResolution: '720P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    inputs: { required: ['img_url'], optional: ['prompt', 'negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-kf2v-flash': {
    capability: 'first-last-frame',
    status: 'beta',
    prices: { '480P': '0.10', '720P': '0.20', '1080P': '0.48' },
    defaultResolution: '720P',
    duration: { mode: 'fixed', allowed: [5], default: 5 },
    // The page names last_frame_url a key field; officially it is optional, so the contract allows both readings.
    inputs: { required: ['first_frame_url'], optional: ['last_frame_url', 'prompt', 'negative_prompt'] },
    pageOnly: NO_PAGE_EXTRAS,
    promptMaxLength: 800,
    audio: 'none',
    officialSubmitOperation: 'createImageToVideoTask',
    rateLimits: { submitRps: 2, concurrentTasks: 2 },
    priceSource: OFFICIAL_PRICES,
  },
  'wan2.2-s2v': {
    capability: 'subject-reference',
    status: 'beta',
    prices: { '480P': '0.50', '720P': '0.90' },
    defaultResolution: '480P',
    // Officially the video follows the audio (under 20 s); the page's example still sends duration 5.
    duration: { mode: 'audio', maxExclusive: 20 },
    inputs: { required: ['image_url', 'audio_url'], optional: [] },
    pageOnly: { input: ['prompt'], parameters: ['duration'] },
    promptMaxLength: null,
    audio: 'driven-by-audio',
    officialSubmitOperation: 'createImageToVideoTask',
    rateLimits: { submitRps: 5, concurrentTasks: 1 },
    priceSource: OFFICIAL_PRICES,
  },
} as const satisfies Record<string, ModelEntry>;

/** A model id, derived from {@link MODELS}. */
export type ModelId = keyof typeof MODELS;

/** Every model id, in the page's order. */
export const MODEL_IDS = Object.keys(MODELS) as ModelId[];

/** The resolutions a given model supports, derived from its price table. */
export type ResolutionOf<M extends ModelId> = keyof (typeof MODELS)[M]['prices'] & Resolution;

/** True for a model id of the registry. */
export function isModelId(value: unknown): value is ModelId {
  return typeof value === 'string' && Object.hasOwn(MODELS, value);
}

/** The resolution tiers a model supports, smallest first. */
export function resolutionsOf(id: ModelId): Resolution[] {
  return Object.keys(MODELS[id].prices) as Resolution[];
}

/** The models of a capability, in registry order. */
export function modelsOf(capability: Capability): ModelId[] {
  return MODEL_IDS.filter((id) => MODELS[id].capability === capability);
}
