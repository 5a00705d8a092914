import type { ValidateFunction } from 'ajv';
import { DEFAULT_PROFILE, type ProfileId } from '../contract/profiles.js';
import { taskListResponseSchema, type TaskListResponse } from '../contract/schemas/task-list.js';
import { compiled } from './ajv.js';
import { toIssues } from './messages.js';
import type { ValidationResult } from './result.js';

const validators = new Map<string, ValidateFunction>();

/** Validates a task list answer (`GET /tasks`, dashscope) against a profile. Never throws. */
export function validateTaskListResponse(
  body: unknown,
  options: { readonly profile?: ProfileId } = {},
): ValidationResult<TaskListResponse> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  try {
    const validate = compiled<TaskListResponse>(validators, `task-list|${profile}`, () =>
      taskListResponseSchema(profile),
    );
    if (validate(body)) return { ok: true, value: body, warnings: [] };
    return { ok: false, errors: toIssues(validate.errors ?? [], body, ''), warnings: [] };
  } catch (cause) {
    const message = `the task list answer could not be validated: ${cause instanceof Error ? cause.message : String(cause)}`;
    return { ok: false, errors: [{ path: '', code: 'unvalidatable', message }], warnings: [] };
  }
}
