import { MODELS, isModelId, type ModelId } from '../contract/models.js';
import { DEFAULT_PROFILE, isProfileId, tierFieldsOf, PROFILE_IDS, type ProfileId } from '../contract/profiles.js';
import type { PriceOverlay } from './overlay.js';
import { inputSecondsOf, withInputSeconds } from './input-seconds.js';
import { RESOLUTIONS, tierOfSize, RESOLUTION_TIERS, type Resolution } from '../contract/resolutions.js';
import { BILLABLE_STATUSES, isTaskStatus, TASK_STATUSES, type TaskStatus } from '../contract/statuses.js';
import type { RegionId } from '../contract/regions.js';
import type { TaskResponse } from '../contract/schemas/task.js';
import { listAlternatives, PricingError, type PricingWarning } from './errors.js';
import { describe, numberText, parseNumberText, type Decimal } from './number.js';
import { priceSeconds, quoteAny, secondsOf, unitPriceOf, type Quote } from './quote.js';

/** The fields of a submit request that pricing reads. */
export interface PricedRequest {
  readonly model: string;
  /** The list inputs whose reference videos are billed (r2v); other inputs are not read. */
  readonly input?: unknown;
  readonly parameters?:
    | { readonly resolution?: unknown; readonly size?: unknown; readonly duration?: unknown; readonly audio?: unknown }
    | undefined;
}

/** Which contract a request follows when it is priced. */
export interface PricingOptions {
  /** The profile whose upstream renders the request (default `crazyrouter`): it decides which field sets the tier. */
  readonly profile?: ProfileId;
  /** The region whose price table applies (default `cn-beijing`, whose prices equal the page's). */
  readonly region?: RegionId;
  /** Price overlays for this call, on top of the installed ones (`usePriceOverlays`). */
  readonly prices?: readonly PriceOverlay[] | undefined;
}

/** Options of {@link quoteRequest}. */
export interface QuoteRequestOptions extends PricingOptions {
  /** The length of the driving audio, for a model whose video follows it (s2v); without it the quote is an upper bound. */
  readonly audioSeconds?: number | string;
  /** The lengths of the request's reference videos (r2v), which are billed too; without them the quote is an upper bound. */
  readonly referenceVideoSeconds?: readonly (number | string)[];
}

/** Where the billed seconds came from. */
export type SecondsSource = 'usage.video_duration' | 'usage.duration' | 'request' | 'none';

/** A finished task's bill: a {@link Quote} of what it is charged, the status, where the seconds came from, and what it assumed. */
export interface Bill extends Quote {
  readonly status: TaskStatus;
  readonly billable: boolean;
  readonly secondsSource: SecondsSource;
  /** What the bill assumed or noticed (no usage seconds, usage reporting another tier); empty when nothing. */
  readonly warnings: readonly PricingWarning[];
}

const NO_WARNINGS: readonly PricingWarning[] = Object.freeze([]);

function profileOf(options: PricingOptions): ProfileId {
  const profile = options.profile ?? DEFAULT_PROFILE;
  if (!isProfileId(profile))
    throw new PricingError(
      'unknown-profile',
      'profile',
      `profile must be ${listAlternatives(PROFILE_IDS)}, received ${describe(profile)}`,
      PROFILE_IDS.join(', '),
      profile,
    );
  return profile;
}

/**
 * The resolution the profile's upstream renders for a request: the first field of
 * {@link resolutionFieldsOf} that is present (a `size` maps to its tier), else undefined (the model's default).
 */
export function requestedResolution(request: PricedRequest, profile: ProfileId = DEFAULT_PROFILE): string | undefined {
  const p = request.parameters;
  if (!p) return undefined;
  const fields = isModelId(request.model) ? tierFieldsOf(profile, request.model) : (['resolution', 'size'] as const);
  for (const field of fields) {
    const value = p[field];
    if (value === undefined) continue;
    if (field === 'size' && typeof value === 'string') return tierOfSize(value) ?? value;
    return value as string;
  }
  return undefined;
}

/** The duration a request asks for, when it names one. */
export function requestedDuration(request: PricedRequest): number | string | undefined {
  const d = request.parameters?.duration;
  return typeof d === 'number' || typeof d === 'string' ? d : undefined;
}

/**
 * Prices a request before it runs (what the task will cost if it succeeds), as the profile's upstream renders it.
 * For a model whose video follows its audio (s2v) the price is for `audioSeconds` when given, else the most the
 * task can cost (the audio's upper limit), marked `basis: 'upper-bound'`: pre-authorise that, never the page's 5 s.
 * @example quoteRequest(request, { profile: 'dashscope' }).amount
 */
export function quoteRequest(request: PricedRequest, options: QuoteRequestOptions = {}): Quote {
  const profile = profileOf(options);
  const resolution = requestedResolution(request, profile);
  const choice = { audio: requestedAudio(request), prices: options.prices };
  if (isModelId(request.model)) {
    const rule = MODELS[request.model].duration;
    if (rule.mode === 'audio') {
      if (options.audioSeconds !== undefined)
        return quoteAny({
          model: request.model,
          resolution,
          duration: options.audioSeconds,
          region: options.region,
          ...choice,
        });
      const priced = unitPriceOf(request.model, resolution, options.region, choice);
      const most = { units: BigInt(rule.maxExclusive), scale: 0 };
      return priceSeconds(
        priced.model,
        priced.resolution,
        priced.unitPrice,
        most,
        'upper-bound',
        priced.region,
        priced,
      );
    }
  }
  const output = quoteAny({
    model: request.model,
    resolution,
    duration: requestedDuration(request),
    region: options.region,
    ...choice,
  });
  const input = isModelId(request.model)
    ? inputSecondsOf(request.model, request.input, options.referenceVideoSeconds)
    : undefined;
  return input ? withInputSeconds(output, input) : output;
}

/** `parameters.audio` of a request when it is a boolean (false prices a flash model as silent video). */
export function requestedAudio(request: PricedRequest): boolean | undefined {
  const audio = request.parameters?.audio;
  return typeof audio === 'boolean' ? audio : undefined;
}

interface UsageSeconds {
  readonly seconds: Decimal;
  readonly source: SecondsSource;
  readonly warnings: readonly PricingWarning[];
}

function usageObject(task: TaskResponse): Record<string, unknown> | undefined {
  const usage: unknown = task.usage;
  if (usage === undefined) return undefined;
  if (typeof usage !== 'object' || usage === null || Array.isArray(usage))
    throw new PricingError(
      'malformed-usage',
      'usage',
      `usage must be an object, received ${describe(usage)}`,
      'an object',
      usage,
    );
  return usage as Record<string, unknown>;
}

function readSeconds(model: ModelId, usage: Record<string, unknown> | undefined): UsageSeconds | undefined {
  const found: { field: 'video_duration' | 'duration'; seconds: Decimal }[] = [];
  for (const field of MODELS[model].usage.secondsFields) {
    const value = usage?.[field];
    if (value === undefined) continue;
    const text = typeof value === 'number' ? numberText(value) : undefined;
    if (text === undefined)
      throw new PricingError(
        'malformed-usage',
        `usage.${field}`,
        `usage.${field} must be a number of seconds, received ${describe(value)}${typeof value === 'string' ? ' (a string)' : ''}`,
        'a non-negative number of seconds',
        value,
      );
    const seconds = secondsOf(text, `usage.${field}`);
    if (seconds.units === 0n)
      throw new PricingError(
        'zero-usage',
        `usage.${field}`,
        `${model}: a SUCCEEDED task must report more than 0 seconds, usage.${field} is ${text}`,
        'more than 0 seconds',
        value,
      );
    found.push({ field, seconds });
  }
  const [first, second] = found;
  if (!first) return undefined;
  const warnings: PricingWarning[] = [];
  if (
    second &&
    first.seconds.units * 10n ** BigInt(second.seconds.scale) !==
      second.seconds.units * 10n ** BigInt(first.seconds.scale)
  )
    warnings.push({
      code: 'seconds-disagree',
      message: `${model}: usage.video_duration and usage.duration disagree; billed usage.video_duration`,
    });
  return { seconds: first.seconds, source: `usage.${first.field}`, warnings };
}

function tierOfShortEdge(edge: bigint): Resolution | undefined {
  return RESOLUTIONS.find((tier) => BigInt(RESOLUTION_TIERS[tier].shortEdge) === edge);
}

/** The tiers usage reports through `SR` (short edge) and `size` ("W*H"), where they name one. */
function reportedTiers(
  usage: Record<string, unknown> | undefined,
): { field: string; shown: string; tier: Resolution }[] {
  const reported: { field: string; shown: string; tier: Resolution }[] = [];
  const sr = usage?.SR;
  if (typeof sr === 'number' || typeof sr === 'string') {
    const text = typeof sr === 'number' ? numberText(sr) : sr;
    try {
      const edge = parseNumberText(text, {
        what: 'usage.SR',
        kind: 'a short edge in pixels',
        example: '480',
        maxDecimals: 0,
      });
      const tier = tierOfShortEdge(edge.units);
      if (tier) reported.push({ field: 'usage.SR', shown: String(sr), tier });
    } catch {
      // An SR that is not a whole number names no tier; the task schema already reports its type.
    }
  }
  const size = usage?.size;
  if (typeof size === 'string') {
    const match = /^(\d+)\*(\d+)$/.exec(size);
    const tier =
      tierOfSize(size) ?? (match ? tierOfShortEdge(BigInt(Math.min(Number(match[1]), Number(match[2])))) : undefined);
    if (tier) reported.push({ field: 'usage.size', shown: size, tier });
  }
  return reported;
}

/**
 * Prices a finished task from its usage, as the profile's upstream renders the request (`{ profile }`, default
 * crazyrouter). Only SUCCEEDED tasks are billed (official pricing: failed tasks cost nothing); FAILED, CANCELED,
 * UNKNOWN and unfinished tasks cost 0. Seconds come from `usage.video_duration`, else `usage.duration` (s2v,
 * fractional, billed exactly); the amount is rounded once, half-up, to the fen. Each malformed input has one
 * outcome: a status outside the contract, usage seconds that are not a non-negative number, zero seconds on a
 * SUCCEEDED task, and an audio-driven task without usage seconds are {@link PricingError}s; a fixed-length task
 * without usage seconds is billed the request's seconds with `secondsSource: 'request'` and a warning; usage whose
 * `SR` or `size` names another tier than the one priced adds a `resolution-mismatch` warning.
 * @example billTask(request, task).amount // '3.50'
 */
export function billTask(request: PricedRequest, task: TaskResponse, options: PricingOptions = {}): Bill {
  const profile = profileOf(options);
  const status: unknown = task?.output?.task_status;
  if (!isTaskStatus(status))
    throw new PricingError(
      'unknown-status',
      'output.task_status',
      `output.task_status must be ${listAlternatives(TASK_STATUSES)}, received ${describe(status)}`,
      TASK_STATUSES.join(', '),
      status,
    );
  const price = unitPriceOf(request.model, requestedResolution(request, profile), options.region, {
    audio: requestedAudio(request),
    prices: options.prices,
  });
  const { model, resolution, unitPrice, region } = price;
  if (!(BILLABLE_STATUSES as readonly TaskStatus[]).includes(status)) {
    return {
      ...priceSeconds(model, resolution, unitPrice, '0', 'exact', region, price),
      status,
      billable: false,
      secondsSource: 'none',
      warnings: NO_WARNINGS,
    };
  }
  const usage = usageObject(task);
  const mismatches: PricingWarning[] = reportedTiers(usage)
    .filter((r) => r.tier !== resolution)
    .map((r) => ({
      code: 'resolution-mismatch',
      message: `${model}: ${r.field} reports ${r.shown} (${r.tier}), the request is priced at ${resolution}`,
    }));
  const fromUsage = readSeconds(model, usage);
  if (fromUsage)
    return {
      ...priceSeconds(model, resolution, unitPrice, fromUsage.seconds, 'exact', region, price),
      status,
      billable: true,
      secondsSource: fromUsage.source,
      warnings: [...fromUsage.warnings, ...mismatches],
    };
  if (MODELS[model].duration.mode === 'audio') {
    // The video follows the audio: the request's seconds (the page's duration) are not what is billed.
    throw new PricingError(
      'missing-usage',
      'usage.duration',
      `${model}: a SUCCEEDED task must report usage.duration (its length follows the audio), received ${usage ? `usage with ${Object.keys(usage).join(', ') || 'no fields'}` : 'no usage'}`,
      'usage.duration',
      usage,
    );
  }
  const q = quoteAny({
    model,
    resolution,
    duration: requestedDuration(request),
    region,
    audio: requestedAudio(request),
    prices: options.prices,
  });
  return {
    ...q,
    status,
    billable: true,
    secondsSource: 'request',
    warnings: [
      {
        code: 'no-usage-seconds',
        message: `${model}: usage reports no seconds; billed the ${q.seconds} s the request asks for`,
      },
      ...mismatches,
    ],
  };
}
