import { MODELS, type ModelId } from '../contract/models.js';
import type { ProfileId } from '../contract/profiles.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { pathOf } from '../contract/operations.js';
import { isTerminalStatus } from '../contract/statuses.js';
import { isPlainTaskId } from '../contract/task-id.js';
import type { CaseDefinition } from '../rules/case.js';
import { judge } from '../rules/judge.js';
import { judgeLifecycle, type ObservedTask } from '../rules/lifecycle.js';
import type { Exchange } from '../client/exchange.js';
import type { Outcome } from '../rules/outcome.js';
import { quoteRequest, requestedResolution, type PricedRequest } from '../pricing/bill.js';
import { redactText } from '../client/redact.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../validate/task.js';
import type { CaseBook, ExchangeCase } from './cases.js';
import type { ProxyMetrics } from './metrics.js';
import type { ResolvedProxyOptions } from './options.js';
import { FragmentBook } from './fragments.js';
import { observationsOf, observe, TaskMemory, type Departure, type TrackedTask } from './tasks.js';

/** Who broke the contract: the client's request, or the upstream's answer. */
export type Party = 'client' | 'upstream';

/** One violation, as a line of `--violations`. */
export interface ProxyViolation {
  readonly time: string;
  readonly party: Party;
  readonly operation: string;
  readonly task_id?: string;
  /** The conformance case it breaks; null for a check no case covers (an error body on an unchecked path). */
  readonly case_id: string | null;
  readonly outcome: Outcome;
  readonly message: string;
  /** A hash of the API key (never the key). */
  readonly tenant: string;
  readonly exchange: {
    readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
    readonly response?: { readonly status: number; readonly body?: unknown; readonly text?: string };
    readonly error?: string;
  };
}

/** A verdict of some case on one exchange, before it is written out. */
export interface Finding {
  readonly party: Party;
  readonly caseId: string | null;
  readonly outcome: Outcome;
  readonly message: string;
}

const SHOWN_TEXT = 2_000;

/** The tenant of an API key (see src/http/tenant.ts), re-exported where the proxy's public names live. */
export { tenantOf } from '../http/tenant.js';

function taskStatusOf(body: unknown): unknown {
  return (body as { output?: { task_status?: unknown } } | undefined)?.output?.task_status;
}

function parseOr(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isProblem = (outcome: Outcome) => outcome === 'fail' || outcome === 'timeout' || outcome === 'error';

/**
 * Follows tasks and judges exchanges: the cases of the corpus through the conformance judge, lifecycles through
 * {@link judgeLifecycle}; writes one record per task and one line per violation.
 */
export class Observer {
  readonly memory: TaskMemory;
  /** Tasks seen only by their queries (submitted through another proxy), written as fragments. */
  readonly fragments: FragmentBook;
  readonly #lifecycle: readonly CaseDefinition[];
  #seq = 0;

  constructor(
    private readonly options: ResolvedProxyOptions,
    private readonly book: CaseBook,
    private readonly metrics: ProxyMetrics,
  ) {
    this.#lifecycle = book.lifecycle;
    this.memory = new TaskMemory(options.maxTasks, options.taskRetentionMs, (task, why) => this.#depart(task, why));
    this.fragments = new FragmentBook(options);
  }

  /** Forgets the followed tasks and fragments past their retention. */
  sweep(now: number): void {
    this.memory.sweep(now);
    this.fragments.memory.sweep(now);
  }

  /** Writes out every followed task and fragment (on shutdown). */
  drain(): void {
    this.memory.drain();
    this.fragments.memory.drain();
  }

  get profile(): ProfileId {
    return this.options.profile;
  }

  /** The next exchange number. */
  nextSeq(): number {
    return ++this.#seq;
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
      const verdict = judge(c.expect, [exchange], { profile: this.options.profile, model });
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

  /** Judges a valid submit the upstream gave no answer to (refused, reset, timed out): the submit-accepted case. */
  submitUnanswered(exchange: Exchange, model: ModelId): Finding[] {
    return this.#lifecycleFindings({ profile: this.options.profile, model, submit: exchange, polls: [] });
  }

  /** Judges the answer to a valid submit and, when it created a task, starts following it. */
  submitted(exchange: Exchange, model: ModelId, request: unknown, requestText: string, tenant: string, now: number) {
    const r = exchange.response;
    if (!r || r.status !== 200) return this.errorBody(exchange);
    const accepted = validateSubmitResponse(r.body);
    const taskId = accepted.ok ? accepted.value.output.task_id : undefined;
    const findings = this.#lifecycleFindings({
      profile: this.options.profile,
      model,
      taskId,
      submit: exchange,
      polls: [],
    });
    if (taskId === undefined) return findings;
    let seconds: string | undefined;
    try {
      seconds = quoteRequest(request as PricedRequest).seconds;
    } catch {
      seconds = undefined;
    }
    const task: TrackedTask = {
      id: taskId,
      model,
      tier: requestedResolution(request as PricedRequest) ?? MODELS[model].defaultResolution,
      seconds,
      submittedAt: now,
      tenant,
      requestText,
      submitStatus: r.status,
      submitText: this.#redact(JSON.stringify(r.body)),
      lastPoll: undefined,
      finalText: undefined,
      finalHttpStatus: undefined,
      finalAt: undefined,
      finalStatus: undefined,
      polls: 0,
      observations: [],
      violated: findings.length > 0 ? new Set(findings.map((f) => f.caseId ?? '')) : undefined,
      recorded: false,
    };
    this.memory.add(task, now);
    return findings;
  }

  /**
   * Judges a poll of a task: the task's own lifecycle when the proxy saw its submit, else the unknown-task rules
   * (and the poll joins the task's fragment, see {@link FragmentBook}).
   */
  polled(exchange: Exchange, taskId: string, now: number, tenant = 'anonymous'): Finding[] {
    const task = this.memory.get(taskId);
    if (!task) {
      this.fragments.queried(exchange, taskId, tenant, now);
      return this.#orphanPoll(exchange, taskId);
    }
    task.polls += 1;
    const r = exchange.response;
    const status = taskStatusOf(r?.body);
    if (r && !task.recorded) {
      const answered = (r.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
      observe(task.observations, {
        at: now,
        http: r.status,
        status: typeof status === 'string' ? status : undefined,
        taskId: typeof answered === 'string' && answered !== taskId ? answered : undefined,
      });
    }
    if (task.finalStatus !== undefined) {
      return this.#once(
        task,
        this.#lifecycleFindings({
          ...this.#observed(task, false),
          polls: [],
          repoll: exchange,
          finalStatus: task.finalStatus,
          end: { kind: 'finished', status: task.finalStatus },
        }),
      );
    }
    const terminal = r?.status === 200 && isTerminalStatus(status);
    const overdue = now - task.submittedAt > this.options.taskDeadlineMs;
    const findings = this.#once(
      task,
      this.#lifecycleFindings({
        ...this.#observed(task, terminal),
        polls: task.lastPoll ? [task.lastPoll, exchange] : [exchange],
        ...(terminal ? { finalStatus: status as string } : {}),
        end: terminal
          ? { kind: 'finished', status: status as string }
          : overdue
            ? { kind: 'timeout', message: this.#overdueMessage(task, status, now) }
            : undefined,
      }),
    );
    if (terminal) {
      task.finalStatus = status as string;
      task.finalHttpStatus = r.status;
      task.finalText = this.#redact(JSON.stringify(r.body));
      task.finalAt = now;
      this.#record(task, undefined);
    } else if (r) {
      task.lastPoll = exchange;
      task.finalHttpStatus = r.status;
      task.finalText = r.body === undefined ? undefined : this.#redact(JSON.stringify(r.body));
    }
    return findings;
  }

  #overdueMessage(task: TrackedTask, status: unknown, now: number): string {
    return `task ${task.id} is still ${typeof status === 'string' ? status : 'not finished'} ${Math.round((now - task.submittedAt) / 1000)} s after its submit (deadline ${Math.round(this.options.taskDeadlineMs / 1000)} s)`;
  }

  #orphanPoll(exchange: Exchange, taskId: string): Finding[] {
    const r = exchange.response;
    if (!r) return [];
    // An id no service issues (very long, non-ASCII, slashed): any answer but a 5xx will do.
    if (!isPlainTaskId(taskId) && this.book.malformedTaskId)
      return this.byCase(this.book.malformedTaskId, exchange, null);
    // A task this proxy never saw submitted (another proxy's, or an unknown id): UNKNOWN or an error answer is
    // judged by the unknown-task case; any other answer at least by the task schema of the profile.
    if (r.status !== 200 || taskStatusOf(r.body) === 'UNKNOWN')
      return this.byCase(this.book.unknownTask, exchange, null);
    const result = validateTaskResponse(r.body, { profile: this.options.profile });
    if (result.ok) return [];
    return [
      {
        party: 'upstream',
        caseId:
          this.#lifecycle.find((c) => c.steps.some((s) => 'expect' in s && s.expect.body === 'task-response'))?.id ??
          null,
        outcome: 'fail',
        message: `getTask #${exchange.seq}: the task-response breaks the contract: ${result.errors[0]?.message ?? 'invalid'}`,
      },
    ];
  }

  #observed(task: TrackedTask, withRequest: boolean): ObservedTask {
    const request = withRequest ? (parseOr(task.requestText) as Record<string, unknown>) : undefined;
    return { profile: this.options.profile, model: task.model, taskId: task.id, request, polls: [] };
  }

  #lifecycleFindings(task: ObservedTask): Finding[] {
    const findings: Finding[] = [];
    for (const v of judgeLifecycle(this.#lifecycle, task))
      if (isProblem(v.outcome))
        findings.push({ party: 'upstream', caseId: v.caseId, outcome: v.outcome, message: v.message ?? '' });
    return findings;
  }

  /** Keeps the findings of cases this task has not broken yet, and remembers them. */
  #once(task: TrackedTask, findings: Finding[]): Finding[] {
    if (findings.length === 0) return findings;
    const fresh = findings.filter((f) => !task.violated?.has(f.caseId ?? ''));
    for (const f of fresh) (task.violated ??= new Set()).add(f.caseId ?? '');
    return fresh;
  }

  /** Writes violations as lines and counts them. */
  report(
    findings: readonly Finding[],
    exchange: Exchange,
    tenant: string,
    taskId: string | undefined,
    secrets: readonly string[] = this.options.secrets,
  ): void {
    for (const f of findings) {
      this.metrics.violation(f.caseId, f.party);
      if (!this.options.onViolation) continue;
      const r = exchange.response;
      const line: ProxyViolation = {
        time: new Date(this.options.now()).toISOString(),
        party: f.party,
        operation: exchange.operation,
        ...(taskId ? { task_id: taskId } : {}),
        case_id: f.caseId,
        outcome: f.outcome,
        message: f.message,
        tenant,
        exchange: {
          request: {
            method: exchange.request.method,
            path: exchange.request.url,
            ...(exchange.request.body !== undefined ? { body: exchange.request.body } : {}),
          },
          ...(r
            ? {
                response: {
                  status: r.status,
                  ...(r.body !== undefined ? { body: r.body } : { text: (r.text ?? '').slice(0, SHOWN_TEXT) }),
                },
              }
            : {}),
          ...(exchange.error ? { error: exchange.error.message } : {}),
        },
      };
      this.options.onViolation(redactText(JSON.stringify(line), secrets));
    }
  }

  #redact(text: string): string {
    return this.options.secrets.length > 0 ? redactText(text, this.options.secrets) : text;
  }

  #depart(task: TrackedTask, why: Departure): void {
    const now = this.options.now();
    if (task.finalStatus === undefined && now - task.submittedAt > this.options.taskDeadlineMs) {
      const findings = this.#once(
        task,
        this.#lifecycleFindings({
          ...this.#observed(task, false),
          polls: task.lastPoll ? [task.lastPoll] : [],
          end: {
            kind: 'timeout',
            message: this.#overdueMessage(task, taskStatusOf(task.lastPoll?.response?.body), now),
          },
        }),
      );
      const placeholder: Exchange = {
        seq: this.nextSeq(),
        operation: 'getTask',
        request: { method: 'GET', url: pathOf('getTask', { task_id: task.id }), headers: {} },
        startedAt: new Date(now).toISOString(),
        durationMs: 0,
        curl: '',
        error: { kind: 'transport', message: `the proxy forgot the task (${why}) before it ended` },
      };
      this.report(findings, placeholder, task.tenant, task.id);
    }
    this.#record(task, why);
  }

  #record(task: TrackedTask, unfinished: Departure | undefined): void {
    task.recorded = true;
    const onRecord = this.options.onRecord;
    if (onRecord) {
      const record: TaskLogRecord = {
        log_version: 1,
        source: 'production',
        target: this.options.target,
        profile: this.options.profile,
        model: task.model,
        request: parseOr(task.requestText),
        submit: { http_status: task.submitStatus, body: parseOr(task.submitText) },
        ...(task.finalHttpStatus !== undefined
          ? { final: { http_status: task.finalHttpStatus, body: parseOr(task.finalText) } }
          : {}),
        task_id: task.id,
        tenant: task.tenant,
        ...(task.observations.length > 0 ? { observations: observationsOf(task.observations) } : {}),
        observed: {
          submitted_at: new Date(task.submittedAt).toISOString(),
          ...(task.finalAt !== undefined ? { finished_at: new Date(task.finalAt).toISOString() } : {}),
          polls: task.polls,
          ...(unfinished ? { unfinished } : {}),
        },
      };
      onRecord(JSON.stringify(record));
    }
    // What the repoll check needs stays (id, model, final status); the texts go.
    task.requestText = undefined;
    task.submitText = undefined;
    task.finalText = undefined;
    task.lastPoll = undefined;
    task.observations = [];
  }
}
