import type { ProfileId } from '../contract/profiles.js';
import type { TaskResponse } from '../contract/schemas/task.js';
import { compareDelivery, deliveryTerms } from '../pricing/delivered.js';
import { PricingError, type PricedRequest } from '../pricing/index.js';
import { pricingVerdict } from './verdict.js';
import type { VideoProbe } from './video.js';

/** An outcome of the delivered-video check, as the judge reports it. */
export interface DeliveredVerdict {
  readonly outcome: 'pass' | 'fail' | 'skip' | 'error';
  readonly message?: string;
}

/**
 * Whether the video a SUCCEEDED task delivered is the one its request bought: its header's width and height against
 * the requested size or the tier's, its length against the requested seconds (s2v: the billed ones) within one
 * frame, and `usage.SR` / `usage.size` against the tier where the answer reports them. The rule itself is
 * `deliveryTerms` and `compareDelivery` (pricing/delivered.ts), shared with `billDelivered` and the evidence report.
 * A header beyond the byte cap is `skip` ("not determinable"), never a pass.
 */
export function judgeDelivered(
  at: string,
  task: TaskResponse,
  request: Record<string, unknown> | undefined,
  probe: VideoProbe | undefined,
  profile: ProfileId,
): DeliveredVerdict {
  if (!request) return { outcome: 'error', message: 'the runner lost the request of the task' };
  if (!probe) return { outcome: 'error', message: 'the runner read no video of the task' };
  if (probe.kind === 'http') return { outcome: 'fail', message: `${at}: ${probe.message}, no video to compare` };
  if (probe.kind === 'unreadable')
    return { outcome: 'fail', message: `${at}: the video is not a readable MP4: ${probe.message}` };
  if (probe.kind === 'undetermined') return { outcome: 'skip', message: probe.message };
  let found: ReturnType<typeof deliveryTerms>;
  try {
    found = deliveryTerms(request as unknown as PricedRequest, task, { profile, basis: 'request' });
  } catch (error) {
    if (error instanceof PricingError) return pricingVerdict(error, at);
    throw error;
  }
  const problems = [
    ...found.bill.warnings.filter((w) => w.code === 'resolution-mismatch').map((w) => `usage: ${w.message}`),
    ...compareDelivery(found.terms, probe.facts).map((m) => `${m.code}: ${m.message}`),
  ];
  return problems.length === 0 ? { outcome: 'pass' } : { outcome: 'fail', message: `${at}: ${problems.join('; ')}` };
}
