import type { TaskLogFragment, TaskLogRecord } from '../contract/schemas/task-log.js';
import { isTerminalStatus } from '../contract/statuses.js';
import { loggedKindOf, observesStatus } from '../rules/observation.js';

/** Where a line of a log is: its file (when several logs are read together) and its 1-based line number. */
export interface LineRef {
  readonly file?: string;
  readonly line: number;
}

/** A line held back until every log is read, because other lines may tell more of the same task. */
export type LogPart =
  | (LineRef & { readonly kind: 'record'; readonly record: TaskLogRecord })
  | (LineRef & { readonly kind: 'fragment'; readonly fragment: TaskLogFragment });

/** One task query of a task, from whichever log saw it, with the answer body when that log kept it. */
export interface LifecycleStep {
  readonly at: number;
  readonly atText: string;
  readonly httpStatus: number;
  readonly taskStatus: string | undefined;
  /** The task id the answer gave, when it differs from the task queried. */
  readonly taskId: string | undefined;
  /** The answer body as received (the final answer); absent for queries only summarised in `observations`. */
  readonly body?: unknown;
  readonly from: LineRef;
}

/** A task whose record (with the submit) and fragments were merged into one lifecycle. */
export interface MergedTask {
  readonly kind: 'merged';
  readonly record: TaskLogRecord;
  readonly steps: readonly LifecycleStep[];
  /** The line of the record that saw the submit. */
  readonly from: LineRef;
  /** Lines merged into it beyond that record. */
  readonly joined: number;
  /** Other records of the same task that also carry a submit (counted as records, not as tasks). */
  readonly duplicates: number;
}

/** A group of fragments of a task no log saw submitted: reported apart, never counted as a task. */
export interface UnsubmittedTask {
  readonly kind: 'unsubmitted';
  readonly target: string;
  readonly taskId: string;
  readonly fragments: number;
  readonly lines: readonly LineRef[];
  /** The task statuses seen, in time order (consecutive repeats once). */
  readonly statuses: readonly string[];
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

/** The key of a task across logs: its target and task id. */
export function taskKey(target: string, taskId: string): string {
  return `${target}\n${taskId}`;
}

/** The key of a part, as {@link taskKey}. */
export function partKey(part: LogPart): string | undefined {
  if (part.kind === 'fragment') return taskKey(part.fragment.target, part.fragment.task_id);
  return part.record.task_id === undefined ? undefined : taskKey(part.record.target, part.record.task_id);
}

function ref(part: LineRef): LineRef {
  return part.file === undefined ? { line: part.line } : { file: part.file, line: part.line };
}

/**
 * The task queries one line tells of, in its own order: its `observations`, the final answer's body attached to
 * the first observation with the final answer's terminal status (or, with no observations, the final answer alone
 * at `finished_at`).
 */
export function stepsOf(part: LogPart): LifecycleStep[] {
  const from = ref(part);
  const source = part.kind === 'record' ? part.record : part.fragment;
  const final = source.final;
  const finalStatus = (final?.body as { output?: { task_status?: unknown } } | undefined)?.output?.task_status;
  const finalAt = part.kind === 'record' ? part.record.observed.finished_at : part.fragment.observed.last_seen_at;
  let attached = false;
  // Only a task answer observes the status (src/rules/observation.ts): a 401, a 5xx, another account's query is not.
  const statuses = (source.observations ?? []).filter((o) => observesStatus(loggedKindOf(o)));
  const steps = statuses.map((o): LifecycleStep => {
    const withBody =
      !attached && final !== undefined && isTerminalStatus(o.task_status) && o.task_status === finalStatus;
    if (withBody) attached = true;
    return {
      at: Date.parse(o.at),
      atText: o.at,
      httpStatus: o.http_status,
      taskStatus: o.task_status,
      taskId: o.task_id,
      ...(withBody ? { body: final.body } : {}),
      from,
    };
  });
  if (!attached && final !== undefined && isTerminalStatus(finalStatus) && finalAt !== undefined)
    steps.push({
      at: Date.parse(finalAt),
      atText: finalAt,
      httpStatus: final.http_status,
      taskStatus: finalStatus,
      taskId: undefined,
      body: final.body,
      from,
    });
  return steps;
}

/** Steps of several lines in time order; queries at the same instant keep the order the logs were given in. */
function byTime(parts: readonly LogPart[]): LifecycleStep[] {
  return parts.flatMap(stepsOf).sort((a, b) => a.at - b.at);
}

function statusesOf(steps: readonly LifecycleStep[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const status = s.taskStatus ?? `HTTP ${s.httpStatus}`;
    if (out[out.length - 1] !== status) out.push(status);
  }
  return out;
}

/**
 * Merges the lines of one task (same target and task id), in the order the logs were read, into one lifecycle:
 * the record that saw the submit gives the request, submit and charge; every line gives its task queries, merged
 * by time; the final answer is the first terminal answer any log saw. With no record carrying the submit, the
 * fragments are an {@link UnsubmittedTask}.
 */
export function mergeParts(parts: readonly LogPart[]): MergedTask | UnsubmittedTask {
  const records = parts.filter((p): p is Extract<LogPart, { kind: 'record' }> => p.kind === 'record');
  const steps = byTime(parts);
  const base = records.sort(
    (a, b) => Date.parse(a.record.observed.submitted_at) - Date.parse(b.record.observed.submitted_at),
  )[0];
  if (!base) {
    const fragments = parts as readonly Extract<LogPart, { kind: 'fragment' }>[];
    const first = fragments[0]!.fragment;
    const seen = fragments.flatMap((f) => [f.fragment.observed.first_seen_at, f.fragment.observed.last_seen_at]);
    seen.sort((a, b) => Date.parse(a) - Date.parse(b));
    return {
      kind: 'unsubmitted',
      target: first.target,
      taskId: first.task_id,
      fragments: fragments.length,
      lines: fragments.map(ref),
      statuses: statusesOf(steps),
      firstSeenAt: seen[0]!,
      lastSeenAt: seen[seen.length - 1]!,
    };
  }
  const record = base.record;
  const terminal = steps.find((s) => s.httpStatus === 200 && isTerminalStatus(s.taskStatus) && s.body !== undefined);
  const polls = parts.reduce(
    (n, p) => n + (p.kind === 'record' ? (p.record.observed.polls ?? 0) : p.fragment.observed.polls),
    0,
  );
  const { unfinished, finished_at: _finished, ...observed } = record.observed;
  const merged: TaskLogRecord = {
    ...record,
    ...(terminal
      ? { final: { http_status: terminal.httpStatus, body: terminal.body } }
      : record.final
        ? { final: record.final }
        : {}),
    observations: steps.map((s) => ({
      at: s.atText,
      http_status: s.httpStatus,
      ...(s.taskStatus !== undefined ? { task_status: s.taskStatus } : {}),
      ...(s.taskId !== undefined ? { task_id: s.taskId } : {}),
    })),
    observed: {
      ...observed,
      ...(terminal
        ? { finished_at: terminal.atText }
        : record.observed.finished_at
          ? { finished_at: record.observed.finished_at }
          : {}),
      polls,
      ...(!terminal && unfinished ? { unfinished } : {}),
    },
  };
  return {
    kind: 'merged',
    record: merged,
    steps,
    from: ref(base),
    joined: parts.length - 1,
    duplicates: records.length - 1,
  };
}
