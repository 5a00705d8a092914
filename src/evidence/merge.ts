import type { TaskLogFragment, TaskLogRecord } from '../contract/schemas/task-log.js';
import { isTerminalStatus } from '../contract/statuses.js';
import { isDeepStrictEqual } from 'node:util';
import type { LineRef } from './line-ref.js';
import { disagreement, fieldText, type ConflictingDuplicate } from './duplicates.js';
import { loggedKindOf, observesStatus } from '../rules/observation.js';

export type { LineRef } from './line-ref.js';

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
  /** The duplicates that disagree with the record merged (each left out of the lifecycle), with both lines. */
  readonly conflicts: readonly ConflictingDuplicate[];
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

/**
 * Steps of several lines in time order; queries at the same instant keep the order the logs were given in. A query
 * two lines both tell of (the same log given twice, two loggers of one query) is one query: kept once, with its body
 * when either line kept it.
 */
function byTime(parts: readonly LogPart[]): LifecycleStep[] {
  const seen = new Map<string, number>();
  const steps: LifecycleStep[] = [];
  for (const step of parts.flatMap(stepsOf).sort((a, b) => a.at - b.at)) {
    const key = `${step.atText}\n${step.httpStatus}\n${step.taskStatus ?? ''}\n${step.taskId ?? ''}`;
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, steps.length);
      steps.push(step);
    } else if (steps[at]!.body === undefined && step.body !== undefined) steps[at] = step;
  }
  return steps;
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
  const base = records.sort(
    (a, b) => Date.parse(a.record.observed.submitted_at) - Date.parse(b.record.observed.submitted_at),
  )[0];
  // A second record of the task merges when it agrees with the first on what was asked, answered and charged;
  // one that disagrees is reported with both lines and kept out of the lifecycle.
  const conflicts: ConflictingDuplicate[] = [];
  const fragmentsKept: TaskLogFragment[] = [];
  const kept = parts.filter((p) => {
    if (p.kind === 'fragment') {
      // The same fragment twice (a log given twice) is one logger's view once: its polls count once.
      if (fragmentsKept.some((f) => isDeepStrictEqual(f, p.fragment))) return false;
      fragmentsKept.push(p.fragment);
      return true;
    }
    if (p === base) return true;
    const field = disagreement(base!.record, p.record);
    if (field === undefined) return true;
    conflicts.push({
      target: p.record.target,
      taskId: p.record.task_id!,
      field,
      values: [fieldText(base!.record, field), fieldText(p.record, field)],
      lines: [ref(base!), ref(p)],
    });
    return false;
  });
  const steps = byTime(kept);
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
  // Records of one task saw the same queries (the most any of them counted); fragments saw queries of their own.
  const polls =
    Math.max(0, ...kept.map((p) => (p.kind === 'record' ? (p.record.observed.polls ?? 0) : 0))) +
    kept.reduce((n, p) => n + (p.kind === 'fragment' ? p.fragment.observed.polls : 0), 0);
  const { unfinished, finished_at: _finished, ...observed } = record.observed;
  // A charge or a delivered video only one logger knew (the gateway knows the charge, a proxy does not) is kept.
  const agreeing = [record, ...kept.flatMap((p) => (p.kind === 'record' && p !== base ? [p.record] : []))];
  const charged = agreeing.find((r) => r.charged)?.charged;
  const delivered = agreeing.find((r) => r.delivered)?.delivered;
  const merged: TaskLogRecord = {
    ...record,
    ...(charged ? { charged } : {}),
    ...(delivered ? { delivered } : {}),
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
    joined: kept.length - 1,
    duplicates: records.length - 1,
    conflicts,
  };
}
