import { MODELS, type ModelId } from '../contract/models.js';
import { DEFAULT_PROFILE, renderedSizeOf } from '../contract/profiles.js';
import {
  dimensionsOf,
  RESOLUTION_TIERS,
  RESOLUTIONS,
  tierOfSize,
  type Resolution,
  type Size,
} from '../contract/resolutions.js';
import type { TaskResponse } from '../contract/schemas/task.js';
import { billTask, quoteRequest, type Bill, type PricedRequest, type PricingOptions } from './bill.js';

/** What the header of a delivered video says (see `readMp4Facts`). */
export interface DeliveredFacts {
  readonly width: number;
  readonly height: number;
  readonly durationSeconds: number;
  /** One frame of the video, in seconds: the tolerance of the length. */
  readonly frameSeconds: number;
}

/** What a task was bought as: the tier and size it must have, and the seconds it must last. */
export interface DeliveryTerms {
  readonly model: ModelId;
  readonly tier: Resolution;
  /** The size the video must have exactly: the request's `size` where the profile reads it, else the tier's default. */
  readonly size: Size;
  /**
   * Whether `size` binds exactly. A request that names only a tier of an image-driven model binds the tier's short
   * edge alone: the video takes the aspect ratio of the input image (image-to-video API reference).
   */
  readonly exact: boolean;
  /** The seconds the video must last, as an exact decimal string. */
  readonly seconds: string;
  /** Where the seconds come from: the request (fixed-length models) or the bill (a video that follows its audio). */
  readonly secondsFrom: 'request' | 'bill';
}

/** A named way a delivered video differs from what was bought. */
export type DeliveryMismatchCode = 'billed-tier-mismatch' | 'billed-length-mismatch';

/** One difference between the delivered video and its terms, with a sentence naming both. */
export interface DeliveryMismatch {
  readonly code: DeliveryMismatchCode;
  readonly message: string;
}

/** Which seconds bind the video: what the request asked for, or what the task is billed. */
export type DeliveryBasis = 'request' | 'bill';

/** Options of {@link deliveryTerms}. */
export interface DeliveryOptions extends PricingOptions {
  /** `request`: the seconds asked for (s2v: the billed ones, its video follows the audio); `bill`: the billed seconds. */
  readonly basis?: DeliveryBasis;
}

// Seconds are measured, not money: a float compare with a margin for the float error of two divisions.
const FLOAT_MARGIN_SECONDS = 1e-6;

function sizeText(width: number, height: number): string {
  return `${width}×${height}`;
}

/** The tier a video of this width and height belongs to: a contract size, else by its short edge. */
export function tierOfDimensions(width: number, height: number): Resolution | undefined {
  const edge = Math.min(width, height);
  return tierOfSize(`${width}*${height}`) ?? RESOLUTIONS.find((tier) => RESOLUTION_TIERS[tier].shortEdge === edge);
}

/**
 * What a finished task must deliver, priced as {@link billTask} prices it: the tier billed, the request's size where
 * the profile reads one (else the tier's default), and the seconds asked for (`basis: 'request'`, default; s2v: the
 * billed seconds) or billed (`basis: 'bill'`). Throws a `PricingError` when the task cannot be billed.
 * @example deliveryTerms(request, task).size // '1920*1080'
 */
export function deliveryTerms(
  request: PricedRequest,
  task: TaskResponse,
  options: DeliveryOptions = {},
): { readonly terms: DeliveryTerms; readonly bill: Bill } {
  const bill = billTask(request, task, options);
  const model = bill.model;
  const tier = bill.resolution as Resolution;
  const capability = MODELS[model].capability;
  const size = renderedSizeOf(options.profile ?? DEFAULT_PROFILE, capability, request.parameters?.size, tier);
  const named = size === request.parameters?.size;
  const followsAudio = MODELS[model].duration.mode === 'audio';
  const fromBill = options.basis === 'bill' || followsAudio;
  const seconds = fromBill ? bill.seconds : quoteRequest(request, options).seconds;
  return {
    bill,
    terms: {
      model,
      tier,
      size,
      exact: named || capability === 'text-to-video',
      seconds,
      secondsFrom: fromBill ? 'bill' : 'request',
    },
  };
}

/**
 * Compares a delivered video with its terms: its width and height with the size (or, where only the tier binds, its
 * short edge with the tier's), and its length with the seconds within one frame. Empty when it is what was bought.
 * @example compareDelivery(terms, { width: 1280, height: 720, durationSeconds: 5, frameSeconds: 1 / 30 })[0].code // 'billed-tier-mismatch'
 */
export function compareDelivery(terms: DeliveryTerms, facts: DeliveredFacts): DeliveryMismatch[] {
  const mismatches: DeliveryMismatch[] = [];
  const want = dimensionsOf(terms.size);
  const got = sizeText(facts.width, facts.height);
  const gotTier = tierOfDimensions(facts.width, facts.height);
  const shown = `${got}${gotTier ? ` (${gotTier})` : ''}`;
  if (terms.exact) {
    if (facts.width !== want.width || facts.height !== want.height)
      mismatches.push({
        code: 'billed-tier-mismatch',
        message: `${terms.model}: billed ${terms.tier} at ${sizeText(want.width, want.height)}, the video is ${shown}`,
      });
  } else {
    const edge = RESOLUTION_TIERS[terms.tier].shortEdge;
    if (Math.min(facts.width, facts.height) !== edge)
      mismatches.push({
        code: 'billed-tier-mismatch',
        message: `${terms.model}: billed ${terms.tier} (short edge ${edge}, e.g. ${sizeText(want.width, want.height)}), the video is ${shown}`,
      });
  }
  const seconds = Number(terms.seconds);
  const off = Math.abs(facts.durationSeconds - seconds);
  if (!(off <= facts.frameSeconds + FLOAT_MARGIN_SECONDS))
    mismatches.push({
      code: 'billed-length-mismatch',
      message: `${terms.model}: billed ${terms.seconds} s (${terms.secondsFrom === 'bill' ? 'the billed seconds' : 'as requested'}), the video lasts ${trimSeconds(facts.durationSeconds)} s (one frame is ${trimSeconds(facts.frameSeconds)} s)`,
    });
  return mismatches;
}

function trimSeconds(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** A bill with what the delivered video shows against it (see {@link billDelivered}). */
export interface DeliveredBill extends Bill {
  readonly delivered: {
    readonly terms: DeliveryTerms;
    readonly facts: DeliveredFacts;
    readonly mismatches: readonly DeliveryMismatch[];
  };
}

/**
 * The delivered view of {@link billTask}: the bill, and how the delivered video (its header's facts) differs from the
 * tier and seconds billed: `billed-tier-mismatch`, `billed-length-mismatch`. Throws what `billTask` throws.
 * @example billDelivered(request, task, { width: 1280, height: 720, durationSeconds: 5, frameSeconds: 0.04 }).delivered.mismatches
 */
export function billDelivered(
  request: PricedRequest,
  task: TaskResponse,
  facts: DeliveredFacts,
  options: PricingOptions = {},
): DeliveredBill {
  const { terms, bill } = deliveryTerms(request, task, { ...options, basis: 'bill' });
  return { ...bill, delivered: { terms, facts, mismatches: compareDelivery(terms, facts) } };
}
