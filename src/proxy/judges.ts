import type { ModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import { isPlainTaskId } from '../contract/task-id.js';
import type { Exchange } from '../client/exchange.js';
import type { CaseDefinition, ExpectSpec } from '../rules/case.js';
import { judge } from '../rules/judge.js';
import { judgeLifecycle, type ObservedTask } from '../rules/lifecycle.js';
import type { Outcome } from '../rules/outcome.js';
import { validateErrorBody, validateTaskResponse } from '../validate/task.js';
import type { CaseBook, ExchangeCase } from './cases.js';
import type { Finding } from './write.js';

const isProblem = (outcome: Outcome) => outcome === 'fail' || outcome === 'timeout' || outcome === 'error';

/** Whether a case has an `expect` step on the given exchanges of its task. */
function looksAt(c: CaseDefinition, target: ExpectSpec['of']): boolean {
  return c.steps.some((step) => 'expect' in step && step.expect.of === target);
}

function taskStatusOf(body: unknown): unknown {
  return (body as { output?: { task_status?: unknown } } | undefined)?.output?.task_status;
}

/** The proxy's judges of one exchange: by the case picked for it, by the error body, and by the lifecycle cases. */
export class ExchangeJudges {
  /** The task-scope cases, judged by {@link judgeLifecycle} over each task. */
  protected readonly lifecycle: readonly CaseDefinition[];
  /**
   * The lifecycle cases that look at a submit, and at a poll after the end: a task seen only submitted, or polled
   * again once finished, can break no other (their checks see no exchange), so only these are judged then.
   */
  protected readonly onSubmit: readonly CaseDefinition[];
  protected readonly onRepoll: readonly CaseDefinition[];

  constructor(
    readonly profile: ProfileId,
    protected readonly book: CaseBook,
  ) {
    this.lifecycle = book.lifecycle;
    this.onSubmit = this.lifecycle.filter((c) => looksAt(c, 'submit'));
    this.onRepoll = this.lifecycle.filter((c) => looksAt(c, 'repoll'));
  }

  /** Judges an answer by the cases every answer of the API must pass (JSON with a request_id). */
  everyAnswer(exchange: Exchange): Finding[] {
    return this.#judgeCases(this.book.everyAnswer, exchange, null);
  }

  /** Judges an answer by one case picked for its request (a rejection, no key, no async header, unknown task). */
  byCase(found: ExchangeCase | undefined, exchange: Exchange, model: ModelId | null): Finding[] {
    return found ? this.#judgeCases([found], exchange, model) : [];
  }

  #judgeCases(cases: readonly ExchangeCase[], exchange: Exchange, model: ModelId | null): Finding[] {
    const findings: Finding[] = [];
    for (const c of cases) {
      const verdict = judge(c.expect, [exchange], { profile: this.profile, model });
      if (isProblem(verdict.outcome))
        findings.push({ party: 'upstream', caseId: c.id, outcome: verdict.outcome, message: verdict.message ?? '' });
    }
    return findings;
  }

  /** An error answer (4xx/5xx) on a path no case picked: its body must still be the contract's error body. */
  errorBody(exchange: Exchange): Finding[] {
    const r = exchange.response;
    if (!r || r.status < 400) return [];
    const result = validateErrorBody(r.body);
    return result.ok
      ? []
      : [
          {
            party: 'upstream',
            caseId: null,
            outcome: 'fail',
            message: `${exchange.operation}: the HTTP ${r.status} error body breaks the contract: ${result.errors[0]?.message ?? 'invalid'}`,
          },
        ];
  }

  /** Judges a query of a task this proxy did not see submitted: the malformed-id and unknown-task cases. */
  protected orphanPoll(exchange: Exchange, taskId: string): Finding[] {
    const r = exchange.response;
    if (!r) return [];
    // An id no service issues (very long, non-ASCII, slashed): any answer but a 5xx will do.
    if (!isPlainTaskId(taskId) && this.book.malformedTaskId)
      return this.byCase(this.book.malformedTaskId, exchange, null);
    // A task this proxy never saw submitted (another proxy's, or an unknown id): UNKNOWN or an error answer is
    // judged by the unknown-task case; any other answer at least by the task schema of the profile.
    if (r.status !== 200 || taskStatusOf(r.body) === 'UNKNOWN')
      return this.byCase(this.book.unknownTask, exchange, null);
    const result = validateTaskResponse(r.body, { profile: this.profile });
    if (result.ok) return [];
    return [
      {
        party: 'upstream',
        caseId:
          this.lifecycle.find((c) => c.steps.some((s) => 'expect' in s && s.expect.body === 'task-response'))?.id ??
          null,
        outcome: 'fail',
        message: `getTask #${exchange.seq}: the task-response breaks the contract: ${result.errors[0]?.message ?? 'invalid'}`,
      },
    ];
  }

  /** The problems the lifecycle cases (all, or the ones given) find in one observed task. */
  protected lifecycleFindings(task: ObservedTask, cases: readonly CaseDefinition[] = this.lifecycle): Finding[] {
    const findings: Finding[] = [];
    for (const v of judgeLifecycle(cases, task))
      if (isProblem(v.outcome))
        findings.push({ party: 'upstream', caseId: v.caseId, outcome: v.outcome, message: v.message ?? '' });
    return findings;
  }
}
