import { MODELS, allowedSeconds, resolutionsOf, type DurationRule, type ModelId } from '../contract/models.js';
import { PROFILE_IDS, tierFieldsOf } from '../contract/profiles.js';
import { RATIO_SIZES } from '../contract/request-shapes.js';
import { defaultSizeOf, dimensionsOf, RESOLUTION_TIERS, type Size } from '../contract/resolutions.js';

/** One of the MP4s the mock serves: a still frame of this size lasting this many whole seconds. */
export interface VideoSpec {
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
}

/** The name of a video in the set: `1920x1080-5s`. */
export function videoKey(spec: VideoSpec): string {
  return `${spec.width}x${spec.height}-${spec.seconds}s`;
}

/**
 * The sizes a model's tasks can have: every size of its tiers where some profile reads the request's `size`, every
 * ratio's size of its tiers where it takes a ratio (wan2.7), else each tier's default.
 */
function sizesOfModel(model: ModelId): string[] {
  const tiers = resolutionsOf(model);
  if (MODELS[model].request.style === 'resolution-ratio')
    return tiers.flatMap((tier) => Object.values(RATIO_SIZES[tier as keyof typeof RATIO_SIZES] ?? {}));
  const readsSize = PROFILE_IDS.some((p) => tierFieldsOf(p, model).includes('size'));
  return readsSize ? tiers.flatMap((tier) => [...RESOLUTION_TIERS[tier].sizes]) : tiers.map(defaultSizeOf);
}

/** The whole seconds a model's videos can last: its allowed durations, or every second up to the audio limit. */
function secondsOfModel(model: ModelId): number[] {
  const rule: DurationRule = MODELS[model].duration;
  const allowed = allowedSeconds(rule);
  if (allowed || rule.mode !== 'audio') return allowed ?? [];
  // A video that follows its audio lasts under the limit; the nearest whole second can be the limit itself.
  return Array.from({ length: rule.maxExclusive }, (_, i) => i + 1);
}

/**
 * The whole seconds the `video-short` fault serves for a task of this many seconds: half, rounded down, at least 1
 * (a 10 s task gets a 5 s video).
 */
export function shortSecondsOf(seconds: number): number {
  return Math.max(1, Math.floor(Math.max(1, Math.round(seconds)) / 2));
}

/**
 * Every video the mock needs, derived from the registry: each model's sizes × its seconds, and the short lengths
 * the `video-short` fault serves, without repeats.
 */
export const VIDEO_SPECS: readonly VideoSpec[] = (() => {
  const seen = new Map<string, VideoSpec>();
  for (const model of Object.keys(MODELS) as ModelId[]) {
    for (const size of sizesOfModel(model)) {
      for (const seconds of secondsOfModel(model)) {
        for (const length of [seconds, shortSecondsOf(seconds)]) {
          const spec = { ...dimensionsOf(size), seconds: length };
          seen.set(videoKey(spec), spec);
        }
      }
    }
  }
  return [...seen.values()];
})();

/** The video of a task: its size, and its seconds rounded to the nearest whole second (s2v's are fractional). */
export function videoSpecOf(size: Size | string, seconds: number): VideoSpec {
  return { ...dimensionsOf(size), seconds: Math.max(1, Math.round(seconds)) };
}
