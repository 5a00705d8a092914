import { hash } from 'node:crypto';
import { MODELS, type ModelId } from '../contract/models.js';
import { pathOf } from '../contract/operations.js';
import { isTerminalStatus } from '../contract/statuses.js';
import type { ObservedTask } from '../rules/lifecycle.js';
import type { Exchange } from '../client/exchange.js';
import { parseOr, recordLine, violationLine, type Finding } from './write.js';
import { quoteRequest, requestedResolution, type PricedRequest } from '../pricing/bill.js';
import { redactText } from '../client/redact.js';
import { digestLarge } from '../rules/digest.js';
import { exchangeKindOf, type ExchangeKind } from '../rules/observation.js';
import { validateSubmitResponse } from '../validate/task.js';
import type { CaseBook } from './cases.js';
import { ExchangeJudges } from './judges.js';
import type { ProxyMetrics } from './metrics.js';
import type { ResolvedProxyOptions } from './options.js';
import { FragmentBook } from './fragments.js';
import { observe, TaskMemory, type Departure, type TrackedTask } from './tasks.js';

/** The tenant of an API key (see src/http/tenant.ts), re-exported where the proxy's public names live. */
export { tenantOf } from '../http/tenant.js';
export type { Finding, Party, ProxyViolation } from './write.js';

/** What a repoll's key reads of an answer. */
export interface RepollAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Uint8Array;
}

const REQUEST_ID_FIRST = new TextEncoder().encode('{"request_id":"');

/**
 * An answer's bytes from the closing quote of its leading request id on, when it opens with one (`{"request_id":"…"`)
 * of plain characters (no escape, no control character, not empty): every answer carries a fresh request id, and the
 * judges read it only as a non-empty string, which every such value is. Otherwise undefined: the whole answer counts.
 */
function afterRequestId(body: Uint8Array): Uint8Array | undefined {
  const start = REQUEST_ID_FIRST.length;
  if (body.length <= start) return undefined;
  for (let i = 0; i < start; i++) if (body[i] !== REQUEST_ID_FIRST[i]) return undefined;
  let i = start;
  while (i < body.length && body[i]! >= 0x20 && body[i] !== 0x22 && body[i] !== 0x5c) i++;
  return i > start && body[i] === 0x22 ? body.subarray(i) : undefined;
}

function taskStatusOf(body: unknown): unknown {
  return (body as { output?: { task_status?: unknown } } | undefined)?.output?.task_status;
}

/** What a followed task holds besides its texts (ids, times, a few observations), in bytes, for the memory bound. */
const TASK_OVERHEAD_BYTES = 2_048;

/**
 * Follows tasks and judges exchanges: the cases of the corpus through the conformance judge, lifecycles through
 * the lifecycle judge (src/rules/lifecycle.ts); writes one record per task and one line per violation.
 */
export class Observer extends ExchangeJudges {
  readonly memory: TaskMemory;
  /** Tasks seen only by their queries (submitted through another proxy), written as fragments. */
  readonly fragments: FragmentBook;
  #seq = 0;

  constructor(
    private readonly options: ResolvedProxyOptions,
    book: CaseBook,
    private readonly metrics: ProxyMetrics,
  ) {
    super(options.profile, book);
    this.memory = new TaskMemory(
      options.maxTasks,
      options.taskRetentionMs,
      (task, why) => this.#depart(task, why),
      options.maxMemoryBytes,
    );
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

  /**
   * Whether the answer to a query of a finished task repeats, byte for byte but for a fresh request id, its
   * owner's last repoll that broke nothing. Such an answer is judged as that one was, with no finding: every judge
   * of a repoll reads only the request (method and target), the answer's status, content type and body (its request
   * id only as a non-empty string), and what the task already holds, which no repoll changes once the task has
   * finished and been recorded; the exchange's number and time appear only in the messages of findings. The answer
   * is then neither parsed nor judged again.
   */
  repeatsQuietRepoll(taskId: string, tenant: string, key: string): boolean {
    return this.#finishedFor(taskId, tenant)?.quietRepoll === key;
  }

  /** The key of a repoll of a finished task owned by `tenant`, or undefined when the query is not one. */
  repollKey(taskId: string, tenant: string, method: string, target: string, answer: RepollAnswer): string | undefined {
    if (this.#finishedFor(taskId, tenant) === undefined) return undefined;
    const type = answer.headers['content-type'];
    const rest = afterRequestId(answer.body);
    const body =
      rest === undefined ? `B${hash('sha256', answer.body, 'base64')}` : `R${hash('sha256', rest, 'base64')}`;
    return `${method} ${target}\n${answer.status} ${String(type)}\n${body}`;
  }

  /** Remembers a repoll of a finished task that broke nothing (see {@link repeatsQuietRepoll}). */
  quietRepoll(taskId: string, tenant: string, key: string): void {
    const task = this.#finishedFor(taskId, tenant);
    if (task) task.quietRepoll = key;
  }

  #finishedFor(taskId: string, tenant: string): TrackedTask | undefined {
    const task = this.memory.get(taskId);
    return task && task.recorded && task.finalStatus !== undefined && task.tenant === tenant ? task : undefined;
  }

  /** Counts a poll answered without judging (see {@link repeatsQuietRepoll}). */
  polledQuietly(taskId: string): void {
    const task = this.memory.get(taskId);
    if (task) task.polls += 1;
  }

  /** The next exchange number. */
  nextSeq(): number {
    return ++this.#seq;
  }

  /** Judges a valid submit the upstream gave no answer to (refused, reset, timed out): the submit-accepted case. */
  submitUnanswered(exchange: Exchange, model: ModelId): Finding[] {
    return this.lifecycleFindings({ profile: this.options.profile, model, submit: exchange, polls: [] }, this.onSubmit);
  }

  /**
   * Judges the answer to a valid submit and, when it created a task, starts following it. What the task keeps is
   * bounded in bytes: large inputs (a data URL, a long prompt) are kept as a digest with their length.
   */
  submitted(
    exchange: Exchange,
    model: ModelId,
    request: unknown,
    tenant: string,
    now: number,
    secrets: readonly string[],
  ): Finding[] {
    const r = exchange.response;
    if (!r || r.status !== 200) return this.errorBody(exchange);
    const accepted = validateSubmitResponse(r.body);
    const taskId = accepted.ok ? accepted.value.output.task_id : undefined;
    const findings = this.lifecycleFindings(
      { profile: this.options.profile, model, taskId, submit: exchange, polls: [] },
      this.onSubmit,
    );
    if (taskId === undefined) return findings;
    let seconds: string | undefined;
    try {
      seconds = quoteRequest(request as PricedRequest).seconds;
    } catch {
      seconds = undefined;
    }
    const requestText = redactText(JSON.stringify(digestLarge(request)), secrets);
    const submitText = redactText(JSON.stringify(digestLarge(r.body)), secrets);
    const task: TrackedTask = {
      id: taskId,
      model,
      tier: requestedResolution(request as PricedRequest) ?? MODELS[model].defaultResolution,
      seconds,
      submittedAt: now,
      tenant,
      bytes: 2 * (requestText.length + submitText.length) + TASK_OVERHEAD_BYTES,
      requestText,
      submitStatus: r.status,
      submitText,
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
   * Judges a query of a task. Only a task answer to the tenant that submitted it observes the task's status and is
   * judged as its lifecycle (src/rules/observation.ts); any other answer (401, 404, 429, 5xx, an HTML page, another
   * account's query) is recorded as an exchange of its kind and judged by the cases for that answer. A task this
   * proxy did not see submitted is judged by the unknown-task rules and joins its fragment (see {@link FragmentBook}).
   */
  polled(exchange: Exchange, taskId: string, now: number, tenant: string, secrets: readonly string[]): Finding[] {
    const task = this.memory.get(taskId);
    if (!task) {
      this.fragments.queried(exchange, taskId, tenant, now, secrets);
      return this.orphanPoll(exchange, taskId);
    }
    task.polls += 1;
    const r = exchange.response;
    const kind = exchangeKindOf({ status: r?.status, json: r?.body !== undefined, sameTenant: tenant === task.tenant });
    if (kind !== 'task') return this.#exchangeOnly(task, kind, exchange, now);
    return r ? this.#taskAnswer(task, exchange, r, now, secrets) : [];
  }

  #exchangeOnly(task: TrackedTask, kind: Exclude<ExchangeKind, 'task'>, exchange: Exchange, now: number): Finding[] {
    const r = exchange.response;
    if (r && !task.recorded)
      observe(task.observations, { at: now, http: r.status, status: undefined, taskId: undefined, exchange: kind });
    // Another account's query is tenant isolation's to judge (a SHOULD case, not run on production traffic).
    return kind === 'other-tenant' ? [] : this.errorBody(exchange);
  }

  #taskAnswer(
    task: TrackedTask,
    exchange: Exchange,
    r: NonNullable<Exchange['response']>,
    now: number,
    secrets: readonly string[],
  ): Finding[] {
    const status = taskStatusOf(r.body);
    if (!task.recorded) {
      const answered = (r.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
      observe(task.observations, {
        at: now,
        http: r.status,
        status: typeof status === 'string' ? status : undefined,
        taskId: typeof answered === 'string' && answered !== task.id ? answered : undefined,
        exchange: undefined,
      });
    }
    if (task.finalStatus !== undefined) {
      const end = { kind: 'finished', status: task.finalStatus } as const;
      const observed = {
        ...this.#observed(task, false),
        polls: [],
        repoll: exchange,
        finalStatus: task.finalStatus,
        end,
      };
      return this.#once(task, this.lifecycleFindings(observed, this.onRepoll));
    }
    const terminal = r.status === 200 && isTerminalStatus(status);
    const overdue = now - task.submittedAt > this.options.taskDeadlineMs;
    const findings = this.#once(
      task,
      this.lifecycleFindings({
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
    task.finalHttpStatus = r.status;
    task.finalText = r.body === undefined ? undefined : redactText(JSON.stringify(digestLarge(r.body)), secrets);
    if (terminal) {
      task.finalStatus = status as string;
      task.finalAt = now;
      this.#record(task, undefined);
    } else task.lastPoll = exchange;
    return findings;
  }

  #overdueMessage(task: TrackedTask, status: unknown, now: number): string {
    return `task ${task.id} is still ${typeof status === 'string' ? status : 'not finished'} ${Math.round((now - task.submittedAt) / 1000)} s after its submit (deadline ${Math.round(this.options.taskDeadlineMs / 1000)} s)`;
  }

  #observed(task: TrackedTask, withRequest: boolean): ObservedTask {
    const request = withRequest ? (parseOr(task.requestText) as Record<string, unknown>) : undefined;
    return { profile: this.options.profile, model: task.model, taskId: task.id, request, polls: [] };
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
      this.options.onViolation?.(violationLine(this.options, f, exchange, tenant, taskId, secrets));
    }
  }

  #depart(task: TrackedTask, why: Departure): void {
    const now = this.options.now();
    if (task.finalStatus === undefined && now - task.submittedAt > this.options.taskDeadlineMs) {
      const findings = this.#once(
        task,
        this.lifecycleFindings({
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
    this.options.onRecord?.(recordLine(this.options, task, unfinished));
    // What the repoll check needs stays (id, model, final status); the texts go.
    task.requestText = undefined;
    task.submitText = undefined;
    task.finalText = undefined;
    task.lastPoll = undefined;
    task.observations = [];
  }
}
