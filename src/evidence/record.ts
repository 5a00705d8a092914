import type { ValidateFunction } from 'ajv';
import { TaskLogFragment, TaskLogRecord } from '../contract/schemas/task-log.js';
import { compiled } from '../validate/ajv.js';
import { toIssues } from '../validate/messages.js';

/** A line of a task log that could not be read as a {@link TaskLogRecord}, and why. */
export interface InvalidLine {
  /** The log the line is in, when several logs are read together. */
  readonly file?: string;
  readonly line: number;
  readonly reason: string;
}

/** The outcome of reading one line: a record, a blank line, or the reason it is invalid. */
export type ParsedLine =
  | { readonly kind: 'record'; readonly record: TaskLogRecord }
  | { readonly kind: 'fragment'; readonly fragment: TaskLogFragment }
  | { readonly kind: 'blank' }
  | { readonly kind: 'invalid'; readonly reason: string };

const validators = new Map<string, ValidateFunction>();
const MAX_REASONS = 3;

function recordValidator(): ValidateFunction<TaskLogRecord> {
  return compiled<TaskLogRecord>(validators, 'task-log-record', () => TaskLogRecord);
}

function fragmentValidator(): ValidateFunction<TaskLogFragment> {
  return compiled<TaskLogFragment>(validators, 'task-log-fragment', () => TaskLogFragment);
}

/**
 * Reads one line of a task log: JSON, then the {@link TaskLogRecord} schema (or, for a line with
 * `"fragment": true`, the {@link TaskLogFragment} schema). Never throws.
 * @example parseLogLine('{"log_version":1, …}').kind // 'record'
 */
export function parseLogLine(text: string): ParsedLine {
  // A trailing blank line (or CRLF leftovers) is layout, not a record.
  if (text.charCodeAt(0) !== 0x7b && text.trim().length === 0) return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON: ${(error as Error).message}` };
  }
  const isFragment = (value as { fragment?: unknown } | null)?.fragment === true;
  const validate = isFragment ? fragmentValidator() : recordValidator();
  if (validate(value))
    return isFragment
      ? { kind: 'fragment', fragment: value as TaskLogFragment }
      : { kind: 'record', record: value as TaskLogRecord };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      kind: 'invalid',
      reason: `not a task log record: expected a JSON object, received ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
    };
  }
  const version = (value as { log_version?: unknown }).log_version;
  if (version !== 1) {
    return {
      kind: 'invalid',
      reason: `not a task log record: log_version must be 1, received ${version === undefined ? 'nothing' : JSON.stringify(version)}`,
    };
  }
  const issues = toIssues(validate.errors ?? [], value, '');
  const shown = issues.slice(0, MAX_REASONS).map((issue) => issue.message);
  const more = issues.length > MAX_REASONS ? ` (and ${issues.length - MAX_REASONS} more)` : '';
  const what = isFragment ? 'a task log fragment' : 'a task log record';
  return { kind: 'invalid', reason: `not ${what}: ${shown.join('; ') || 'schema mismatch'}${more}` };
}
