import { MODELS, type ModelId } from '../../src/contract/models.js';
import { acceptsResolutionField, resultLocationOf, type ProfileId } from '../../src/contract/profiles.js';
import { RESOLUTIONS, sizesOf, RESOLUTION_TIERS, type Resolution } from '../../src/contract/resolutions.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';

/** What a built record looks like; everything else comes from the contract. */
export interface RecordSpec {
  readonly model: ModelId;
  readonly resolution?: Resolution;
  readonly outcome?: 'succeeded' | 'failed' | 'rejected' | 'unfinished' | 'canceled';
  readonly profile?: ProfileId;
  readonly target?: string;
  readonly source?: 'production' | 'conformance';
  /** Charged amount, exact decimal string. */
  readonly charged?: string;
  readonly failCode?: string;
  /** Seconds the SUCCEEDED answer reports in usage (default: the request's, or 12.5 for audio-driven models). */
  readonly usageSeconds?: number;
  /** Sets the result at the wrong place, or drops it, to break the contract. */
  readonly result?: 'right' | 'none';
  readonly index?: number;
}

const IMAGE = 'https://example.com/frame.png';

/** A request body the contract accepts for the model, at the resolution, under the profile. */
export function requestFor(model: ModelId, resolution: Resolution, profile: ProfileId): Record<string, unknown> {
  const entry = MODELS[model];
  const input: Record<string, string> = {};
  for (const field of entry.inputs.required)
    input[field] = field === 'audio_url' ? 'https://example.com/voice.mp3' : field === 'prompt' ? 'a cat walks' : IMAGE;
  if (entry.capability === 'first-last-frame') input.last_frame_url = 'https://example.com/frame-end.png';
  const parameters: Record<string, unknown> = acceptsResolutionField(profile, entry.capability)
    ? { resolution }
    : { size: sizesOf([resolution])[0] };
  if (entry.duration.mode === 'fixed') parameters.duration = entry.duration.default;
  return { model, input, parameters };
}

/** A task log record built from the contract: a valid request and answers that match the contract. */
export function taskRecord(spec: RecordSpec): TaskLogRecord {
  const { model, profile = 'crazyrouter', outcome = 'succeeded', index = 0 } = spec;
  const entry = MODELS[model];
  const resolution = spec.resolution ?? entry.defaultResolution;
  const taskId = `task-${model}-${index}`;
  const request = requestFor(model, resolution, profile);
  const submittedAt = new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + index * 1000).toISOString();
  const finishedAt = new Date(Date.UTC(2026, 10, 24, 3, 2, 0) + index * 1000).toISOString();
  const base = {
    log_version: 1 as const,
    source: spec.source ?? 'production',
    target: spec.target ?? 'official',
    profile,
    model,
    request,
    observed: {
      submitted_at: submittedAt,
      ...(outcome === 'rejected' || outcome === 'unfinished' ? {} : { finished_at: finishedAt, polls: 6 }),
    },
    ...(spec.charged === undefined ? {} : { charged: { amount: spec.charged, currency: 'CNY' as const } }),
  };
  if (outcome === 'rejected') {
    return {
      ...base,
      submit: {
        http_status: 400,
        body: { request_id: `req-${index}`, code: spec.failCode ?? 'InvalidParameter', message: 'rejected' },
      },
    };
  }
  const submit = {
    http_status: 200,
    body: { request_id: `req-${index}`, output: { task_id: taskId, task_status: 'PENDING' } },
  };
  if (outcome === 'unfinished') return { ...base, task_id: taskId, submit };
  const times = {
    submit_time: '2026-11-24 11:00:00.000',
    scheduled_time: '2026-11-24 11:00:01.000',
    end_time: '2026-11-24 11:02:00.000',
  };
  let output: Record<string, unknown>;
  let usage: Record<string, unknown> | undefined;
  if (outcome === 'succeeded') {
    const url = `https://cdn.example.com/${taskId}.mp4`;
    const place = resultLocationOf(profile, entry.capability);
    output = {
      task_id: taskId,
      task_status: 'SUCCEEDED',
      ...times,
      ...(spec.result === 'none'
        ? {}
        : place === 'output.video_url'
          ? { video_url: url }
          : { results: { video_url: url } }),
    };
    const seconds = spec.usageSeconds ?? (entry.duration.mode === 'fixed' ? entry.duration.default : 12.5);
    usage =
      entry.duration.mode === 'fixed'
        ? { video_duration: seconds, video_count: 1, SR: RESOLUTION_TIERS[resolution].shortEdge }
        : { duration: seconds, size: sizesOf([resolution])[0], fps: 25 };
  } else if (outcome === 'failed') {
    output = {
      task_id: taskId,
      task_status: 'FAILED',
      ...times,
      code: spec.failCode ?? 'DataInspectionFailed',
      message: 'failed',
    };
  } else {
    output = { task_id: taskId, task_status: 'CANCELED', ...times };
  }
  const final = { http_status: 200, body: { request_id: `req-final-${index}`, output, ...(usage ? { usage } : {}) } };
  return { ...base, task_id: taskId, submit, final };
}

/** Records as JSONL text, one per line. */
export function jsonl(lines: readonly (TaskLogRecord | string)[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
}

/** `count` SUCCEEDED records of a model at each of the given resolutions. */
export function successes(
  model: ModelId,
  resolutions: readonly Resolution[],
  count: number,
  extra: Partial<RecordSpec> = {},
): TaskLogRecord[] {
  // Task ids by the tier's place in the contract: records of one tier built apart never share a task id.
  return resolutions.flatMap((resolution) =>
    Array.from({ length: count }, (_, i) =>
      taskRecord({ model, resolution, index: RESOLUTIONS.indexOf(resolution) * 10_000 + i, ...extra }),
    ),
  );
}
