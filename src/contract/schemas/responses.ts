import type { TSchema } from '@sinclair/typebox';
import { OPERATIONS, type OperationId, type ResponseName } from '../operations.js';
import type { ProfileId } from '../profiles.js';
import { CancelResponse } from './cancel.js';
import { SubmitResponse } from './submit.js';
import { taskResponseSchema } from './task.js';
import { taskListResponseSchema } from './task-list.js';

/** The schema of each operation answer, under a profile. */
export const RESPONSE_SCHEMAS: Readonly<Record<ResponseName, (profile: ProfileId) => TSchema>> = {
  SubmitResponse: () => SubmitResponse,
  TaskResponse: (profile) => taskResponseSchema(profile),
  CancelResponse: () => CancelResponse,
  TaskListResponse: (profile) => taskListResponseSchema(profile),
};

/** The schema of an operation's HTTP 200 answer under a profile. */
export function responseSchemaOf(op: OperationId, profile: ProfileId): TSchema {
  return RESPONSE_SCHEMAS[OPERATIONS[op].response](profile);
}
