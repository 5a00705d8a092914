import type { ValidateFunction } from 'ajv';
import { MODELS, isModelId } from '../contract/models.js';
import { DEFAULT_PROFILE, PROFILES, resultLocationOf, type ProfileId } from '../contract/profiles.js';
import { CancelResponse } from '../contract/schemas/cancel.js';
import { ErrorBody } from '../contract/schemas/error.js';
import { SubmitResponse } from '../contract/schemas/submit.js';
import { taskResponseSchema, videoUrlOf, type TaskResponse } from '../contract/schemas/task.js';
import { listAlternatives } from '../pricing/errors.js';
import { compiled } from './ajv.js';
import { toIssues } from './messages.js';
import { describeValue, type ValidationIssue, type ValidationResult } from './result.js';

/** Which contract a task answer is checked against; with `model`, the result must be where that model puts it. */
export interface TaskValidateOptions {
  readonly profile?: ProfileId;
  readonly model?: string;
}

const validators = new Map<string, ValidateFunction>();

function guard<T>(label: string, run: () => ValidationResult<T>): ValidationResult<T> {
  try {
    return run();
  } catch (cause) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          code: 'unvalidatable',
          message: `${label} could not be validated: ${cause instanceof Error ? cause.message : String(cause)}`,
        },
      ],
      warnings: [],
    };
  }
}

function check<T>(validate: ValidateFunction<T>, body: unknown, prefix = ''): ValidationResult<T> {
  if (validate(body)) return { ok: true, value: body, warnings: [] };
  return { ok: false, errors: toIssues(validate.errors ?? [], body, prefix), warnings: [] };
}

/** Validates a task query answer (`GET /tasks/{task_id}`) against a profile. Never throws. */
export function validateTaskResponse(body: unknown, options: TaskValidateOptions = {}): ValidationResult<TaskResponse> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  return guard('the task answer', () => {
    if (!Object.hasOwn(PROFILES, profile)) {
      return {
        ok: false,
        errors: [
          {
            path: '',
            code: 'unknown-profile',
            message: `profile must be ${listAlternatives(Object.keys(PROFILES))}, received ${describeValue(profile)}`,
          },
        ],
        warnings: [],
      };
    }
    const result = check(
      compiled<TaskResponse>(validators, `task|${profile}`, () => taskResponseSchema(profile)),
      body,
    );
    if (!result.ok || !isModelId(options.model) || result.value.output.task_status !== 'SUCCEEDED') return result;
    const model = options.model;
    const want = resultLocationOf(profile, MODELS[model].capability);
    const found = videoUrlOf(result.value.output);
    if (found?.at === want || (want === 'output.results.video_url' && result.value.output.results?.video_url))
      return result;
    const issue: ValidationIssue = {
      path: want,
      code: 'result-location',
      message: `${model}: a SUCCEEDED task must carry its video URL at ${want} under the ${profile} profile, found ${found ? `it at ${found.at}` : 'none'}`,
      expected: want,
      ...(found ? { received: found.at } : {}),
    };
    return { ok: false, errors: [issue], warnings: [] };
  });
}

/** Validates a submit answer (HTTP 200 of the submit path). Never throws. */
export function validateSubmitResponse(body: unknown): ValidationResult<SubmitResponse> {
  return guard('the submit answer', () =>
    check(
      compiled<SubmitResponse>(validators, 'submit-response', () => SubmitResponse),
      body,
    ),
  );
}

/** Validates a cancel answer (HTTP 200 of `POST /tasks/{task_id}/cancel`). Never throws. */
export function validateCancelResponse(body: unknown): ValidationResult<CancelResponse> {
  return guard('the cancel answer', () =>
    check(
      compiled<CancelResponse>(validators, 'cancel-response', () => CancelResponse),
      body,
    ),
  );
}

/** Validates an error body (`{ request_id, code, message }`) of a non-200 answer. Never throws. */
export function validateErrorBody(body: unknown): ValidationResult<ErrorBody> {
  return guard('the error body', () =>
    check(
      compiled<ErrorBody>(validators, 'error-body', () => ErrorBody),
      body,
    ),
  );
}
