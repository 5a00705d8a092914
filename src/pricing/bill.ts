import { MODELS, type ModelId } from '../contract/models.js';
import { tierOfSize } from '../contract/resolutions.js';
import { BILLABLE_STATUSES, type TaskStatus } from '../contract/statuses.js';
import type { TaskResponse } from '../contract/schemas/task.js';
import { PricingError } from './errors.js';
import { secondsText } from './money.js';
import { priceSeconds, quote, unitPriceOf, type Quote } from './quote.js';

/** The fields of a submit request that pricing reads. */
export interface PricedRequest {
  readonly model: string;
  readonly parameters?:
    { readonly resolution?: unknown; readonly size?: unknown; readonly duration?: unknown } | undefined;
}

/** Where the billed seconds came from. */
export type SecondsSource = 'usage.video_duration' | 'usage.duration' | 'request' | 'none';

/** A finished task's bill: a {@link Quote} of what it is charged, with the status and where the seconds came from. */
export interface Bill extends Quote {
  readonly status: TaskStatus;
  readonly billable: boolean;
  readonly secondsSource: SecondsSource;
}

/** The resolution a request asks for: `resolution`, else the tier of `size`, else the model's default. */
export function requestedResolution(request: PricedRequest): string | undefined {
  const p = request.parameters;
  if (typeof p?.resolution === 'string') return p.resolution;
  if (typeof p?.size === 'string') return tierOfSize(p.size) ?? p.size;
  return undefined;
}

/** The duration a request asks for, when it names one. */
export function requestedDuration(request: PricedRequest): number | string | undefined {
  const d = request.parameters?.duration;
  return typeof d === 'number' || typeof d === 'string' ? d : undefined;
}

/** Prices a request before it runs (what the task will cost if it succeeds). */
export function quoteRequest(request: PricedRequest): Quote {
  return quote({
    model: request.model,
    resolution: requestedResolution(request),
    duration: requestedDuration(request),
  });
}

function usageSeconds(task: TaskResponse): { seconds: string; source: SecondsSource } | undefined {
  for (const field of ['video_duration', 'duration'] as const) {
    const value = task.usage?.[field];
    if (typeof value === 'number') {
      const text = secondsText(value);
      if (text === undefined)
        throw new PricingError(
          'missing-usage',
          `usage.${field}`,
          `usage.${field} must be a non-negative number of seconds, received ${JSON.stringify(value)}`,
          'seconds',
          value,
        );
      return { seconds: text, source: `usage.${field}` };
    }
  }
  return undefined;
}

/**
 * Prices a finished task from its usage. Only SUCCEEDED tasks are billed (official pricing: failed tasks
 * cost nothing); FAILED, CANCELED, UNKNOWN and unfinished tasks cost 0. Seconds come from
 * `usage.video_duration`, else `usage.duration` (s2v, fractional), else the request's duration; the amount
 * is rounded once, half-up, to the fen.
 * @example billTask(request, task).amount // '3.50'
 */
export function billTask(request: PricedRequest, task: TaskResponse): Bill {
  const status = task.output.task_status;
  const { model, resolution, unitPrice } = unitPriceOf(request.model, requestedResolution(request));
  if (!(BILLABLE_STATUSES as readonly TaskStatus[]).includes(status)) {
    return { ...priceSeconds(model, resolution, unitPrice, '0'), status, billable: false, secondsSource: 'none' };
  }
  const fromUsage = usageSeconds(task);
  if (fromUsage)
    return {
      ...priceSeconds(model, resolution, unitPrice, fromUsage.seconds),
      status,
      billable: true,
      secondsSource: fromUsage.source,
    };
  if (MODELS[model as ModelId].duration.mode === 'audio' && requestedDuration(request) === undefined) {
    throw new PricingError(
      'missing-usage',
      'usage.duration',
      `${model}: a SUCCEEDED task must report usage.duration (its length follows the audio), received no usage seconds`,
      'usage.duration',
      task.usage,
    );
  }
  const q = quote({ model, resolution, duration: requestedDuration(request) });
  return { ...q, status, billable: true, secondsSource: 'request' };
}
