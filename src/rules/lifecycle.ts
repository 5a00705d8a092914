import type { ModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import { retentionEndsAt } from '../contract/retention.js';
import type { CaseDefinition, ExpectSpec, RequireSpec } from './case.js';
import { judge, type JudgeContext, type TaskEnd, type Verdict } from './judge.js';
import type { Exchange } from '../client/exchange.js';
import type { Level, Outcome } from './outcome.js';

/**
 * What one observer saw of one task: the runner that submitted and polled it, or a proxy that watched a client
 * do so. Every field but the ones a lifecycle needs is optional, so a partial view can be judged too.
 */
export interface ObservedTask {
  readonly profile: ProfileId;
  readonly model: ModelId;
  /** The submit request (for the usage checks). */
  readonly request?: Record<string, unknown> | undefined;
  /** The task id the submit answer gave. */
  readonly taskId?: string | undefined;
  readonly submit?: Exchange | undefined;
  /** The polls, in order; the last one is the final answer when {@link finalStatus} is set. */
  readonly polls: readonly Exchange[];
  /** A poll after the task ended (for terminal-status-stays). */
  readonly repoll?: Exchange | undefined;
  /** The terminal status the polls ended in. */
  readonly finalStatus?: string | undefined;
  /** How the task ended; absent while it is still running as far as the observer knows (finish checks skip). */
  readonly end?: TaskEnd | undefined;
}

/** The verdict of one task-scope case over one observed task. */
export interface LifecycleVerdict {
  readonly caseId: string;
  readonly level: Level;
  readonly outcome: Outcome;
  readonly message?: string;
  /** Sequence numbers of the exchanges the deciding step looked at. */
  readonly exchanges: readonly number[];
}

/**
 * Whether a `require` step holds for a task (and, for `status`, the last exchange of the case); `skip` with the
 * reason when it does not.
 */
export function requireHolds(
  spec: RequireSpec,
  task: Pick<ObservedTask, 'end' | 'finalStatus'> | undefined,
  lastStatus?: number,
): Verdict {
  const end = task?.end;
  if (spec.finished && end?.kind !== 'finished')
    return { outcome: 'skip', message: `the task did not finish: ${end ? (end.message ?? end.kind) : 'no task'}` };
  if (spec.taskStatus && task?.finalStatus !== spec.taskStatus) {
    const why = end?.kind === 'finished' ? `it ended ${end.status}` : `it did not finish (${end?.kind ?? 'no task'})`;
    return { outcome: 'skip', message: `needs a ${spec.taskStatus} task; ${why}` };
  }
  if (spec.status !== undefined && lastStatus !== spec.status)
    return {
      outcome: 'skip',
      message: spec.reason ?? `needs HTTP ${spec.status}, received ${lastStatus ?? 'no answer'}`,
    };
  return { outcome: 'pass' };
}

/** The exchanges of a task an `expect` step looks at (`of: submit | polls | final | repoll`). */
export function taskExchangesFor(spec: ExpectSpec, task: ObservedTask): Exchange[] {
  const present = (list: readonly (Exchange | undefined)[]) => list.filter((e): e is Exchange => e !== undefined);
  switch (spec.of) {
    case 'submit':
      return present([task.submit]);
    case 'polls':
      return [...task.polls];
    case 'final':
      return present([task.finalStatus !== undefined ? task.polls[task.polls.length - 1] : undefined]);
    case 'repoll':
      return present([task.repoll]);
    default:
      return [];
  }
}

/** When a task's retention lapses at the earliest, from its submit exchange and the answers it gave. */
export function retentionEndOf(submit: Exchange | undefined, answers: readonly Exchange[]): number | undefined {
  return retentionEndsAt(
    submit ? Date.parse(submit.startedAt) : undefined,
    answers.map((e) => e.response?.body),
  );
}

/** The judge's context for a task. */
export function judgeContextOf(task: ObservedTask, downloadHead?: Uint8Array): JudgeContext {
  return {
    retentionEndsAt: retentionEndOf(task.submit, task.polls),
    profile: task.profile,
    model: task.model,
    request: task.request,
    taskId: task.taskId,
    finalStatus: task.finalStatus,
    taskEnd: task.end,
    downloadHead,
  };
}

/** True for a case judged on a task's own exchanges alone: task scope, no request of its own to send. */
export function isLifecycleCase(c: CaseDefinition): boolean {
  return c.scope === 'task' && c.steps.every((step) => !('send' in step));
}

/**
 * Judges one observed task by the task-scope cases of the corpus (those that send nothing of their own), with the
 * same {@link judge} the conformance runner uses: stable id, forward-only status, terminal status kept, result
 * where the profile says, usage billed at the quoted amount, bodies per operation. Pure, never throws.
 * @example
 * const verdicts = judgeLifecycle(loadCases(), { profile: 'crazyrouter', model, taskId, submit, polls, end });
 * verdicts.filter((v) => v.outcome === 'fail').map((v) => v.caseId); // ['status-moves-forward']
 */
export function judgeLifecycle(cases: readonly CaseDefinition[], task: ObservedTask): LifecycleVerdict[] {
  const ctx = judgeContextOf(task);
  const verdicts: LifecycleVerdict[] = [];
  for (const c of cases) {
    if (!isLifecycleCase(c) || !c.profiles.includes(task.profile)) continue;
    let verdict: Verdict = { outcome: 'pass' };
    let seqs: number[] = [];
    for (const step of c.steps) {
      if ('require' in step) verdict = requireHolds(step.require, task);
      else if ('expect' in step && step.expect.finishedInTime && !task.end)
        verdict = { outcome: 'skip', message: 'the task has not ended yet' };
      else if ('expect' in step) {
        const exchanges = taskExchangesFor(step.expect, task);
        seqs = exchanges.map((e) => e.seq);
        try {
          verdict = judge(step.expect, exchanges, ctx);
        } catch (error) {
          verdict = {
            outcome: 'error',
            message: `judge error: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
      }
      if (verdict.outcome !== 'pass') break;
    }
    verdicts.push({
      caseId: c.id,
      level: c.level,
      outcome: verdict.outcome,
      ...(verdict.message ? { message: verdict.message } : {}),
      exchanges: seqs,
    });
  }
  return verdicts;
}
