import type { ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import type { TaskLogRecord } from '../../contract/schemas/task-log.js';
import type { TaskResponse } from '../../contract/schemas/task.js';
import type { Exchange } from '../../client/exchange.js';

/** A task a case created (not the shared task), polled to its end in the background. */
export interface CaseTask {
  readonly caseId: string;
  readonly model: ModelId;
  readonly request: unknown;
  readonly submit: Exchange;
  /** The last answer of its polls, when they ended in one. */
  readonly final: TaskResponse | undefined;
  readonly finishedAt: string;
}

/**
 * The task log record of a task a case created, so `conform --evidence` names every task the run made, as a proxy in
 * front of the target does (`evidence --compare` then finds the same tasks in both logs).
 */
export function caseTaskRecord(target: string, profile: ProfileId, task: CaseTask): TaskLogRecord | undefined {
  const response = task.submit.response;
  const taskId = (response?.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
  if (!response || typeof taskId !== 'string') return undefined;
  return {
    log_version: 1,
    source: 'conformance',
    target,
    profile,
    model: task.model,
    request: task.request,
    submit: { http_status: response.status, body: response.body ?? response.text ?? null },
    ...(task.final ? { final: { http_status: 200, body: task.final } } : {}),
    task_id: taskId,
    case_id: task.caseId,
    observed: {
      submitted_at: task.submit.startedAt,
      ...(task.final ? { finished_at: task.finishedAt } : {}),
    },
  };
}
