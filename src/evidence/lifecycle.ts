import type { Exchange } from '../client/exchange.js';
import type { ModelId } from '../contract/models.js';
import { pathOf } from '../contract/operations.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { isTerminalStatus } from '../contract/statuses.js';
import type { CaseDefinition } from '../rules/case.js';
import { isLifecycleCase, judgeLifecycle, type ObservedTask } from '../rules/lifecycle.js';
import { loadCases } from '../rules/load.js';
import type { LifecycleStep, LineRef } from './merge.js';

/** A task-scope case a logged lifecycle breaks, and the log line of the task query that shows it. */
export interface LifecycleFinding {
  readonly caseId: string;
  readonly message: string;
  readonly at?: LineRef;
}

let mustCases: readonly CaseDefinition[] | undefined;

/** The MUST lifecycle cases of the corpus, as the proxy judges them (a SHOULD is advice, not a violation). */
function lifecycleCases(): readonly CaseDefinition[] {
  return (mustCases ??= loadCases().filter((c) => c.level === 'MUST' && isLifecycleCase(c)));
}

function exchangeOf(step: LifecycleStep, seq: number, taskId: string): Exchange {
  // A query summarised in `observations` kept its statuses, not its body: the body is rebuilt from them, so the
  // cases judge exactly what was logged (HTTP status, task status, task id). The proxy judged each body live.
  const body =
    step.body !== undefined
      ? step.body
      : step.httpStatus === 200 && step.taskStatus !== undefined
        ? { request_id: 'logged', output: { task_id: step.taskId ?? taskId, task_status: step.taskStatus } }
        : undefined;
  return {
    seq,
    operation: 'getTask',
    request: { method: 'GET', url: pathOf('getTask', { task_id: taskId }), headers: {} },
    response: { status: step.httpStatus, headers: {}, ...(body !== undefined ? { body } : {}), bytes: 0 },
    startedAt: step.atText,
    durationMs: 0,
    curl: '',
  };
}

function where(at: LineRef): string {
  return at.file === undefined ? `line ${at.line}` : `${at.file} line ${at.line}`;
}

/**
 * Judges the lifecycle a log shows of one accepted task (its submit, then its task queries in time order, from one
 * log or merged from several) by {@link judgeLifecycle}, the judge the conformance runner and the proxy use.
 * Returns the cases it fails, each naming the log line of the query that shows it.
 */
export function judgeLoggedLifecycle(
  record: TaskLogRecord & { model: ModelId },
  steps: readonly LifecycleStep[],
): LifecycleFinding[] {
  const taskId = record.task_id;
  if (taskId === undefined || record.submit.http_status !== 200 || steps.length === 0) return [];
  const end = steps.findIndex((s) => s.httpStatus === 200 && isTerminalStatus(s.taskStatus) && s.body !== undefined);
  const polls = end < 0 ? steps : steps.slice(0, end + 1);
  const finalStatus = end < 0 ? undefined : steps[end]!.taskStatus;
  const after = end < 0 ? [] : steps.slice(end + 1);
  const repoll = after.find((s) => s.taskStatus !== finalStatus) ?? after[after.length - 1];
  const bySeq = new Map<number, LifecycleStep>();
  const exchanges = polls.map((s, i) => {
    bySeq.set(i + 1, s);
    return exchangeOf(s, i + 1, taskId);
  });
  let repollExchange: Exchange | undefined;
  if (repoll) {
    bySeq.set(polls.length + 1, repoll);
    // Its body, when a log kept none, is the final answer's: a repoll that says the same thing (terminal kept).
    const final = steps[end]!;
    repollExchange = exchangeOf(
      repoll.body === undefined && repoll.taskStatus === finalStatus ? { ...repoll, body: final.body } : repoll,
      polls.length + 1,
      taskId,
    );
  }
  const task: ObservedTask = {
    profile: record.profile,
    model: record.model,
    taskId,
    request:
      typeof record.request === 'object' && record.request !== null && !Array.isArray(record.request)
        ? (record.request as Record<string, unknown>)
        : undefined,
    submit: {
      seq: 0,
      operation: 'submit',
      request: { method: 'POST', url: pathOf('createVideoTask'), headers: {}, body: record.request },
      response: { status: record.submit.http_status, headers: {}, body: record.submit.body, bytes: 0 },
      startedAt: record.observed.submitted_at,
      durationMs: 0,
      curl: '',
    },
    polls: exchanges,
    repoll: repollExchange,
    finalStatus,
    end: finalStatus === undefined ? undefined : { kind: 'finished', status: finalStatus },
  };
  const findings: LifecycleFinding[] = [];
  for (const v of judgeLifecycle(lifecycleCases(), task)) {
    if (v.outcome !== 'fail') continue;
    const seq = Number(/#(\d+)/.exec(v.message ?? '')?.[1] ?? v.exchanges[v.exchanges.length - 1]);
    const step = bySeq.get(seq);
    findings.push({
      caseId: v.caseId,
      message: `${v.message ?? 'fails'}${step ? ` (${where(step.from)}, ${step.atText})` : ''}`,
      ...(step ? { at: step.from } : {}),
    });
  }
  return findings;
}
