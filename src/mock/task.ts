import { MODELS, type DurationRule, type ModelId } from '../contract/models.js';
import { acceptsPageOnlyDuration, renderedSizeOfModel, type ProfileId } from '../contract/profiles.js';
import { RATIOS } from '../contract/request-shapes.js';
import { inputSecondsOf } from '../pricing/input-seconds.js';
import { referenceVideoCount } from '../validate/shape.js';
import { acceptsPromptExtend } from '../contract/capabilities.js';
import { RESOLUTION_TIERS, type Resolution, type Size } from '../contract/resolutions.js';
import type { SubmitRequest } from '../contract/schemas/submit.js';
import { isTerminalStatus, STATUS_RANK, type TaskStatus } from '../contract/statuses.js';
import { requestedDuration, requestedResolution } from '../pricing/bill.js';
import { SECONDS_SCALE } from '../pricing/money.js';
import { NO_FAULTS, type FaultSet } from './faults/select.js';

/**
 * One task as the mock keeps it: only what its answers need, never the request body itself, so a task costs
 * the same few hundred bytes whatever was sent (data: URIs included).
 */
export interface TaskRecord {
  readonly id: string;
  readonly profile: ProfileId;
  readonly model: ModelId;
  readonly submittedAt: number;
  /** When it leaves PENDING (the admin surface may move it, see `forceTaskStatus`). */
  scheduledAt: number;
  /** When it ends (Infinity under the `stuck` and `never-finish` faults, and while a forced status holds it). */
  endsAt: number;
  /** How it ends: FAILED under the `fail` fault. */
  outcome: 'SUCCEEDED' | 'FAILED';
  /** Held in SUSPENDED by the admin surface: it reads SUSPENDED where it would read RUNNING. */
  suspended?: boolean;
  /** The task faults named on its submit; they act on every later answer about it. */
  readonly faults: FaultSet;
  readonly resolution: Resolution;
  /** The video's width*height: the request's `size` (or the wan2.7 tier and ratio), else the tier's default size. */
  readonly size: Size;
  /** Seconds of output video, as usage reports them (fractional for a model whose video follows its audio). */
  readonly seconds: number;
  /** Billed seconds of input video (r2v reference videos), 0 when none. */
  readonly inputSeconds: number;
  /** `parameters.audio` as the task renders it: false only for a silent video of a model with an audio switch. */
  readonly audio: boolean;
  /** `parameters.ratio` as rendered (wan2.7 t2v/r2v; default 16:9), when the model takes one. */
  readonly ratio?: string;
  /** The prompt as kept (truncated to the model's limit, as upstream does), when one was sent. */
  readonly prompt: string | undefined;
  /** Whether the service rewrites the prompt (`parameters.prompt_extend`, default true). */
  readonly extend: boolean;
  /** The tenant that created it (a hash of its API key, never the key): only it reads, cancels and lists the task. */
  readonly owner: string;
  canceledAt?: number;
  /** The latest status answered: the lifecycle never goes back, even if the clock does. */
  seen: TaskStatus;
  /** How many times it was polled (the poll-counting faults read it). */
  polls: number;
  /** Whether a poll has answered SUCCEEDED (the `expire` fault answers UNKNOWN after that). */
  succeededAnswered: boolean;
  /**
   * The last answer body written for it, without its request id: a task answers the same text in a status until it
   * moves on, so a poll in an unchanged status is not serialized again (see `taskBodyText`).
   */
  written?: { readonly status: TaskStatus; readonly base: string; readonly rest: string } | undefined;
}

/** The status of a task at `now`; once terminal it never changes (reference: "a terminal state never changes"). */
export function statusAt(task: TaskRecord, now: number): TaskStatus {
  if (isTerminalStatus(task.seen)) return task.seen;
  let status: TaskStatus;
  if (task.canceledAt !== undefined) status = 'CANCELED';
  else if (now < task.scheduledAt) status = 'PENDING';
  else if (now < task.endsAt) status = task.suspended ? 'SUSPENDED' : 'RUNNING';
  else status = task.outcome;
  if (STATUS_RANK[status] < STATUS_RANK[task.seen]) status = task.seen;
  task.seen = status;
  return status;
}

/** What {@link createTask} needs besides the request. */
export interface TaskSeed {
  readonly id: string;
  readonly profile: ProfileId;
  /** The faults the task keeps (default none). */
  readonly faults?: FaultSet;
  readonly now: number;
  readonly pendingMs: number;
  readonly runningMs: number;
  readonly owner: string;
}

/** A new PENDING task for a valid request. */
export function createTask(request: SubmitRequest, seed: TaskSeed): TaskRecord {
  const entry = MODELS[request.model];
  const prompt = (request.input as { prompt?: unknown }).prompt;
  const limit = entry.promptMaxLength;
  const extend = (request.parameters as { prompt_extend?: unknown } | undefined)?.prompt_extend !== false;
  const faults = seed.faults ?? NO_FAULTS;
  const resolution = resolutionOf(request, seed.profile);
  const never = faults.names.has('never-finish');
  const stuck = never || faults.names.has('stuck');
  return {
    id: seed.id,
    profile: seed.profile,
    model: request.model,
    submittedAt: seed.now,
    scheduledAt: never ? Number.POSITIVE_INFINITY : seed.now + seed.pendingMs,
    endsAt: stuck ? Number.POSITIVE_INFINITY : seed.now + seed.pendingMs + seed.runningMs,
    outcome: faults.names.has('fail') ? 'FAILED' : 'SUCCEEDED',
    faults,
    resolution,
    size: renderedSizeOfModel(seed.profile, request.model, request.parameters, resolution) as Size,
    seconds: outputSeconds(request, seed.profile),
    inputSeconds: mockInputSeconds(request),
    audio: (request.parameters as { audio?: unknown } | undefined)?.audio !== false,
    ...(entry.request.style === 'resolution-ratio'
      ? { ratio: String((request.parameters as { ratio?: unknown } | undefined)?.ratio ?? RATIOS[0]) }
      : {}),
    // A model without a prompt (s2v) keeps none: upstream ignores it there.
    prompt: typeof prompt === 'string' && limit !== null ? prompt.slice(0, limit) : undefined,
    extend: extend && acceptsPromptExtend(entry.capability) && entry.request.promptExtend && entry.usage.actualPrompt,
    owner: seed.owner,
    seen: 'PENDING',
    polls: 0,
    succeededAnswered: false,
  };
}

/** The tier the profile's upstream renders (the same rule pricing bills by), else the model's default. */
function resolutionOf(request: SubmitRequest, profile: ProfileId): Resolution {
  const asked = requestedResolution(request, profile);
  return asked !== undefined && Object.hasOwn(RESOLUTION_TIERS, asked)
    ? (asked as Resolution)
    : MODELS[request.model].defaultResolution;
}

const MS = 10 ** SECONDS_SCALE;

/**
 * Seconds of output: the requested duration (or the model's default) for fixed-length models; for a model whose
 * video follows its audio, the page's `parameters.duration` where the profile accepts it, else a length derived
 * from the audio URL (the mock has no audio to measure), in milliseconds, under the limit.
 */
function outputSeconds(request: SubmitRequest, profile: ProfileId): number {
  const rule: DurationRule = MODELS[request.model].duration;
  if (rule.mode !== 'audio') {
    const asked = requestedDuration(request);
    return typeof asked === 'number' ? asked : rule.default;
  }
  const asked = requestedDuration(request);
  const accepted = acceptsPageOnlyDuration(profile, request.model);
  const max = rule.maxExclusive * MS - 1;
  // The schema keeps the page's duration above 0 and under the limit; it is reported exactly, as billing reads it.
  if (accepted && typeof asked === 'number') return asked;
  const audio = String((request.input as { audio_url?: unknown }).audio_url ?? '');
  // Between 2 s and the limit, with milliseconds: a real clip's length is rarely a whole number of seconds.
  return (2 * MS + (fnv1a(audio) % (max - 2 * MS))) / MS;
}

/**
 * Billed input seconds of a request (r2v): the mock has no video to measure, so each reference video lasts a length
 * derived from its URL (1–30 s, the references' limits), billed by the one pricing rule (pricing/input-seconds.ts).
 */
function mockInputSeconds(request: SubmitRequest): number {
  const input = request.input as { reference_urls?: unknown; media?: unknown };
  const videos = Array.isArray(input.media)
    ? (input.media as { type?: unknown; url?: unknown }[])
        .filter((m) => m.type === 'reference_video')
        .map((m) => String(m.url))
    : Array.isArray(input.reference_urls)
      ? (input.reference_urls as unknown[]).map(String).filter((u) => referenceVideoCount([u]) === 1)
      : [];
  if (videos.length === 0) return 0;
  const lengths = videos.map((url) => 1 + (fnv1a(url) % 30));
  const billed = inputSecondsOf(request.model, request.input, lengths);
  return billed ? Number(billed.seconds.units) / 10 ** billed.seconds.scale : 0;
}

/** FNV-1a, 32 bits: a stable hash so one audio URL always gives one length. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The short edge of a tier, as usage reports it in `SR`. */
export function shortEdgeOf(resolution: Resolution): number {
  return RESOLUTION_TIERS[resolution].shortEdge;
}
