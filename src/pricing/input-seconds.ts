import { MODELS, type ModelId } from '../contract/models.js';
import { REFERENCE_URLS, REFERENCE_VIDEO_CAP } from '../contract/request-shapes.js';
import { PricingError } from './errors.js';
import { compareDecimal, parseNumberText, type Decimal } from './number.js';
import { priceSeconds, secondsOf, type Quote, type QuoteBasis } from './quote.js';

/** Billed input seconds of a request (reference videos), exact or the most they can be. */
export interface InputSeconds {
  readonly seconds: Decimal;
  readonly basis: QuoteBasis;
}

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.bmp'];

function extensionKind(url: string): 'video' | 'image' | 'unknown' {
  const path = url.split(/[?#]/, 1)[0]!.toLowerCase();
  if (REFERENCE_URLS.videoExtensions.some((ext) => path.endsWith(ext))) return 'video';
  return IMAGE_EXTENSIONS.some((ext) => path.endsWith(ext)) ? 'image' : 'unknown';
}

const add = (a: Decimal, b: Decimal): Decimal => {
  const scale = Math.max(a.scale, b.scale);
  return {
    units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale),
    scale,
  };
};
const min = (a: Decimal, b: Decimal): Decimal => (compareDecimal(a, b) <= 0 ? a : b);
const times = (a: Decimal, n: number): Decimal => ({ units: a.units * BigInt(n), scale: a.scale });
const CAP_RULE = { what: 'reference cap', kind: 'seconds', example: '2.5' } as const;

function givenSeconds(model: ModelId, given: readonly (number | string)[]): Decimal[] {
  return given.map((s, i) => secondsOf(s, `referenceVideoSeconds[${i}]`));
}

/**
 * wan2.6 r2v (S4): input images are free; each reference video is billed up to the per-reference share of the 5 s
 * cap (split evenly across all references, images included). Without the videos' lengths, the most they can bill.
 */
function cappedSeconds(
  model: ModelId,
  urls: readonly string[],
  given?: readonly (number | string)[],
): InputSeconds | undefined {
  const n = urls.length;
  const capText = REFERENCE_VIDEO_CAP.perReference[Math.min(n, REFERENCE_VIDEO_CAP.perReference.length) - 1];
  if (capText === undefined) return undefined;
  const cap = parseNumberText(capText, CAP_RULE);
  if (given) {
    if (given.length > n)
      throw new PricingError(
        'invalid-duration',
        'referenceVideoSeconds',
        `${model}: ${given.length} reference video lengths for ${n} references`,
        `at most ${n}`,
        given,
      );
    const seconds = givenSeconds(model, given).reduce((sum, s) => add(sum, min(s, cap)), { units: 0n, scale: 0 });
    return { seconds, basis: 'exact' };
  }
  const possible = Math.min(urls.filter((u) => extensionKind(u) !== 'image').length, REFERENCE_URLS.maxVideos);
  return possible === 0 ? undefined : { seconds: times(cap, possible), basis: 'upper-bound' };
}

/**
 * wan2.7 r2v (S8): "duration = input_video_duration + output_video_duration", with no cap documented: the given
 * reference videos' seconds in full, an upper bound in case the 2.6 cap applies. Without them, no price.
 */
function fullSeconds(
  model: ModelId,
  media: readonly { type?: unknown }[],
  given?: readonly (number | string)[],
): InputSeconds | undefined {
  const videos = media.filter((m) => m.type === 'reference_video').length;
  if (videos === 0) return undefined;
  if (!given || given.length !== videos)
    throw new PricingError(
      'invalid-duration',
      'referenceVideoSeconds',
      `${model} bills its reference videos' seconds as well: give the length of each of its ${videos} reference_video items (received ${given?.length ?? 0})`,
      `${videos} lengths`,
      given,
    );
  const seconds = givenSeconds(model, given).reduce(add, { units: 0n, scale: 0 });
  return { seconds, basis: 'upper-bound' };
}

/** The input seconds a request bills besides its output (r2v reference videos), or undefined when none. */
export function inputSecondsOf(
  model: ModelId,
  request: unknown,
  given?: readonly (number | string)[],
): InputSeconds | undefined {
  const input = request as { readonly reference_urls?: unknown; readonly media?: unknown } | undefined;
  const billing = MODELS[model].request.inputBilling;
  if (billing === 'reference-video-capped' && Array.isArray(input?.reference_urls))
    return cappedSeconds(model, input.reference_urls.map(String), given);
  if (billing === 'reference-video' && Array.isArray(input?.media)) return fullSeconds(model, input.media, given);
  return undefined;
}

/** A quote of the output seconds, with the input seconds added (the basis is the weaker of the two). */
export function withInputSeconds(output: Quote, input: InputSeconds): Quote {
  const seconds = add(parseNumberText(output.seconds, CAP_RULE), input.seconds);
  const basis: QuoteBasis = output.basis === 'exact' && input.basis === 'exact' ? 'exact' : 'upper-bound';
  return Object.freeze(
    priceSeconds(output.model, output.resolution, output.unitPrice, seconds, basis, output.region, {
      ...(output.audio ? { audio: output.audio } : {}),
      priceSource: output.priceSource ?? 'registry',
    }),
  );
}
