import { isDeepStrictEqual } from 'node:util';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { isTerminalStatus } from '../contract/statuses.js';
import type { LineRef } from './line-ref.js';

/** Two records of one task (same target and task id) that disagree: both lines, and the first field that differs. */
export interface ConflictingDuplicate {
  readonly target: string;
  readonly taskId: string;
  /** The first field that differs, as a path in the record: `submit.http_status`, `charged.amount`, … */
  readonly field: string;
  /** What each record says in that field, as JSON (cut at 80 characters), in the order of `lines`. */
  readonly values: readonly [string, string];
  /** The record merged into the task's lifecycle, then the one that disagrees with it. */
  readonly lines: readonly [LineRef, LineRef];
}

function terminalOf(record: TaskLogRecord): { status: string; body: Record<string, unknown> } | undefined {
  const body = record.final?.body as { output?: { task_status?: unknown } } | undefined;
  const status = body?.output?.task_status;
  return record.final?.http_status === 200 && typeof status === 'string' && isTerminalStatus(status)
    ? { status, body: body as Record<string, unknown> }
    : undefined;
}

/**
 * The first field in which two records of one task disagree on what was asked, answered or charged, or undefined
 * when they agree (then they are one task seen twice: the same log given twice, a rotated log and its copy, two
 * loggers that both saw the submit). Times, polls and observations do not disagree: they merge as a lifecycle; a
 * final answer or charge only one of them saw does not disagree either.
 */
export function disagreement(a: TaskLogRecord, b: TaskLogRecord): string | undefined {
  const fields: readonly [string, unknown, unknown][] = [
    ['model', a.model, b.model],
    ['profile', a.profile, b.profile],
    ['request', a.request, b.request],
    ['submit.http_status', a.submit.http_status, b.submit.http_status],
    ['submit.body', a.submit.body, b.submit.body],
  ];
  for (const [field, x, y] of fields) if (!isDeepStrictEqual(x, y)) return field;
  if (a.charged && b.charged && a.charged.amount !== b.charged.amount) return 'charged.amount';
  const x = terminalOf(a);
  const y = terminalOf(b);
  if (x && y) {
    if (x.status !== y.status) return 'final.body.output.task_status';
    if (!isDeepStrictEqual(x.body.usage, y.body.usage)) return 'final.body.usage';
  }
  return undefined;
}

/** The value of a field named by {@link disagreement}, as short JSON for a report. */
export function fieldText(record: TaskLogRecord, field: string): string {
  let value: unknown = record;
  for (const key of field.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
