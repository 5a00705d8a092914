import { MODELS } from '../contract/models.js';
import { resultLocationOf } from '../contract/profiles.js';
import type { TaskOutput, TaskResponse, TaskUsage } from '../contract/schemas/task.js';
import type { TaskStatus } from '../contract/statuses.js';
import { formatTaskTime } from './clock.js';
import { artifactPath } from './routes.js';
import { FAILED_TASK } from './faults/effects.js';
import { shortEdgeOf, type TaskRecord } from './task.js';

/** The query answer of a task unknown to the mock, or expired: HTTP 200, `UNKNOWN` (reference: "Responses"). */
export function unknownTaskBody(taskId: string, requestId: string): TaskResponse {
  return { request_id: requestId, output: { task_id: taskId, task_status: 'UNKNOWN' } };
}

// The service rewrites prompts when prompt_extend is on; the mock's rewrite is visible and deterministic.
function extendedPrompt(prompt: string | undefined): string {
  const detail = 'cinematic lighting, smooth camera motion, rich detail';
  return prompt === undefined || prompt.trim() === ''
    ? `A short video of the input image, ${detail}.`
    : `${prompt.trim()}, ${detail}.`;
}

/** The query answer of a task in a status, at the places and with the fields the task's profile defines. */
export function taskBody(task: TaskRecord, status: TaskStatus, requestId: string, publicBaseUrl: string): TaskResponse {
  const output: TaskOutput = { task_id: task.id, task_status: status, submit_time: formatTaskTime(task.submittedAt) };
  if (status === 'PENDING') return { request_id: requestId, output };
  if (status === 'CANCELED') {
    output.end_time = formatTaskTime(task.canceledAt ?? task.submittedAt);
    return { request_id: requestId, output };
  }
  output.scheduled_time = formatTaskTime(task.scheduledAt);
  if (status === 'RUNNING' || status === 'SUSPENDED') return { request_id: requestId, output };
  output.end_time = formatTaskTime(task.endsAt);
  if (task.prompt !== undefined) output.orig_prompt = task.prompt;
  if (status === 'FAILED') {
    output.code = FAILED_TASK.code;
    output.message = FAILED_TASK.message;
    return { request_id: requestId, output };
  }
  const url = `${publicBaseUrl}${artifactPath(task.id)}`;
  if (resultLocationOf(task.profile, MODELS[task.model].capability) === 'output.results.video_url')
    output.results = { video_url: url };
  else output.video_url = url;
  if (task.extend) output.actual_prompt = extendedPrompt(task.prompt);
  return { request_id: requestId, output, usage: usageOf(task) };
}

/**
 * The JSON text of {@link taskBody}, written once per status and video origin and kept on the task: only the
 * request id changes from one poll to the next. Equal to `JSON.stringify(taskBody(…))`.
 */
export function taskBodyText(task: TaskRecord, status: TaskStatus, requestId: string, publicBaseUrl: string): string {
  let written = task.written;
  if (written === undefined || written.status !== status || written.base !== publicBaseUrl) {
    const { request_id: _id, ...rest } = taskBody(task, status, requestId, publicBaseUrl);
    // `{"output":…}` without its opening brace: the request id goes first, as taskBody orders the keys.
    written = { status, base: publicBaseUrl, rest: JSON.stringify(rest).slice(1) };
    task.written = written;
  }
  return `{"request_id":${JSON.stringify(requestId)},${written.rest}`;
}

/** Usage of a SUCCEEDED task, so that `billTask(request, task)` prices exactly what the request asked for. */
function usageOf(task: TaskRecord): TaskUsage {
  const SR = shortEdgeOf(task.resolution);
  const shape = MODELS[task.model].usage;
  if (shape.billedField === 'video_duration') return { video_duration: task.seconds, video_count: 1, SR };
  // The fields the model's official example shows, in its order (request-shapes.ts UsageShape); duration = input + output.
  const values: Record<string, unknown> = {
    duration: addSeconds(task.seconds, task.inputSeconds),
    size: task.size,
    input_video_duration: task.inputSeconds,
    output_video_duration: task.seconds,
    video_count: 1,
    ratio: task.ratio,
    SR,
    audio: task.audio,
  };
  return Object.fromEntries(shape.fields.map((f) => [f, values[f]])) as TaskUsage;
}

/** Seconds added exactly at the mock's millisecond scale (0.1 + 0.2 is not 0.3 in binary). */
function addSeconds(a: number, b: number): number {
  // Nothing to add keeps the seconds as they are: s2v reports finer than a millisecond and is billed exactly so.
  if (b === 0) return a;
  return (Math.round(a * 1000) + Math.round(b * 1000)) / 1000;
}
