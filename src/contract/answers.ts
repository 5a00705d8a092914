import type { ErrorCode } from './error-codes.js';
import type { OperationId } from './operations.js';
import { requiresAsyncHeader, type ProfileId } from './profiles.js';

/** An error answer the contract ties to a condition a client can set up, for one operation. */
export interface PrescribedError {
  readonly status: number;
  readonly code: ErrorCode;
  /** The condition that brings it. */
  readonly when: string;
  /** Set when only some profiles answer it; otherwise every profile that offers the operation. */
  readonly onlyIf?: (profile: ProfileId) => boolean;
}

const BAD_PARAMETER = {
  status: 400,
  code: 'InvalidParameter',
  when: 'the body breaks the contract: a tier, duration or input the model lacks, an unknown model, malformed JSON',
} as const satisfies PrescribedError;
const NO_KEY = {
  status: 401,
  code: 'InvalidApiKey',
  when: 'no API key, or a key the service does not know ("No API-key provided." / "Invalid API-key provided.")',
} as const satisfies PrescribedError;
// Upstream answers a synchronous call with "current user api does not support synchronous calls"; 403 AccessDenied
// as a probe of the real service saw it (reference: "Endpoints and headers").
const NO_ASYNC_HEADER: PrescribedError = {
  status: 403,
  code: 'AccessDenied',
  when: 'the submit lacks X-DashScope-Async: enable where the profile requires it',
  onlyIf: requiresAsyncHeader,
};

/**
 * The error answers each operation gives for a condition the contract names (official error-code page,
 * help.aliyun.com/zh/model-studio/error-code; manage-asynchronous-tasks for the cancel). The other official codes
 * (throttling, arrears, content inspection, server faults) stay valid answers of every operation, but no request a
 * client chooses brings them: they are not listed here, and coverage counts them as seen beyond this list.
 */
export const PRESCRIBED_ERRORS: Readonly<Record<OperationId, readonly PrescribedError[]>> = {
  createVideoTask: [BAD_PARAMETER, NO_KEY, NO_ASYNC_HEADER],
  createImageToVideoTask: [BAD_PARAMETER, NO_KEY, NO_ASYNC_HEADER],
  getTask: [NO_KEY],
  cancelTask: [
    {
      status: 400,
      code: 'UnsupportedOperation',
      when: 'the task is no longer PENDING (manage-asynchronous-tasks: only PENDING tasks can be canceled)',
    },
    NO_KEY,
  ],
  listTasks: [
    {
      status: 400,
      code: 'InvalidParameter',
      when: 'a window over 24 hours, a malformed time, page_no or page_size out of range',
    },
    NO_KEY,
  ],
};

/** The prescribed error answers of an operation under a profile. */
export function prescribedErrorsOf(profile: ProfileId, op: OperationId): PrescribedError[] {
  return PRESCRIBED_ERRORS[op].filter((e) => e.onlyIf?.(profile) ?? true);
}
